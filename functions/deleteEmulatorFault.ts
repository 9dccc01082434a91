import { deleteFault } from '../lib/controls/faults';
import { respond } from '../lib/http/handler';
import { controlHandler } from '../lib/http/service';

/** DELETE /_emulator/faults/{fault_id} — removes one fault rule (404 when the instance has none by that id). */
export const handler = controlHandler('deleteEmulatorFault', async (req, caller) => respond(200, await deleteFault(caller, req.params.fault_id)));
