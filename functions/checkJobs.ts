import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';
import { checkJobs } from '../lib/recognition/jobs';

/** GET /v1/recognitions */
export const handler = serviceHandler('checkJobs', async (_req, caller) => {
  return respond(200, await checkJobs(caller));
});
