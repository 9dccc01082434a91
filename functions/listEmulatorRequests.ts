import { listRequests } from '../lib/controls/requests';
import { respond } from '../lib/http/handler';
import { controlHandler } from '../lib/http/service';

/** GET /_emulator/requests[?limit=N] — the request journal: the caller's newest requests, newest first. */
export const handler = controlHandler('listEmulatorRequests', async (req, caller) => respond(200, await listRequests(caller, req.query)));
