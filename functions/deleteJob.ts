import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';
import { deleteJob } from '../lib/recognition/jobs';

/** DELETE /v1/recognitions/{id} */
export const handler = serviceHandler('deleteJob', async (req, caller) => {
  await deleteJob(caller, req.params.id);
  return respond(204);
});
