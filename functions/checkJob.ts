import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';
import { checkJob } from '../lib/recognition/jobs';

/** GET /v1/recognitions/{id} */
export const handler = serviceHandler('checkJob', async (req, caller) => {
  return respond(200, await checkJob(caller, req.params.id));
});
