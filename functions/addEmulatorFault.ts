import { clock } from '../lib/clock';
import { addFault } from '../lib/controls/faults';
import { respond } from '../lib/http/handler';
import { jsonObjectBody } from '../lib/http/request';
import { controlHandler } from '../lib/http/service';

/** POST /_emulator/faults — adds a fault rule for the caller's instance. */
export const handler = controlHandler('addEmulatorFault', async (req, caller) => respond(201, await addFault(caller, jsonObjectBody(req), clock.now())));
