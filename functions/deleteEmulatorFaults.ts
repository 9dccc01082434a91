import { deleteFaults } from '../lib/controls/faults';
import { respond } from '../lib/http/handler';
import { controlHandler } from '../lib/http/service';

/** DELETE /_emulator/faults — removes every fault rule of the caller's instance. */
export const handler = controlHandler('deleteEmulatorFaults', async (_req, caller) => respond(200, await deleteFaults(caller)));
