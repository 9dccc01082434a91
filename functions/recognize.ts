import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';
import { recognize } from '../lib/recognition/service';

/** POST /v1/recognize — the audio as the body (or a multipart form); results from the instance's scripts. */
export const handler = serviceHandler('recognize', async (req, caller) => respond(200, await recognize(caller, req)));
