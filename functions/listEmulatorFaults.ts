import { listFaults } from '../lib/controls/faults';
import { respond } from '../lib/http/handler';
import { controlHandler } from '../lib/http/service';

/** GET /_emulator/faults — the caller's fault rules, oldest first. */
export const handler = controlHandler('listEmulatorFaults', async (_req, caller) => respond(200, await listFaults(caller)));
