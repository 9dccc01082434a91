import { respond } from '../lib/http/handler';
import { customerId } from '../lib/http/request';
import { serviceHandler } from '../lib/http/service';
import { createJob } from '../lib/recognition/jobs';

/** POST /v1/recognitions[?callback_url=&events=&user_token=&results_ttl=&…] */
export const handler = serviceHandler('createJob', async (req, caller) => {
  return respond(201, await createJob(caller, req, customerId(req)));
});
