import { deleteRequests } from '../lib/controls/requests';
import { respond } from '../lib/http/handler';
import { controlHandler } from '../lib/http/service';

/** DELETE /_emulator/requests — empties the caller's request journal. */
export const handler = controlHandler('deleteEmulatorRequests', async (_req, caller) => respond(200, await deleteRequests(caller)));
