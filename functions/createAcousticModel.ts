import { createAcousticModel } from '../lib/acoustic-models/service';
import { respond } from '../lib/http/handler';
import { jsonObjectBody } from '../lib/http/request';
import { serviceHandler } from '../lib/http/service';

/** POST /v1/acoustic_customizations */
export const handler = serviceHandler('createAcousticModel', async (req, caller) => {
  return respond(201, await createAcousticModel(caller, jsonObjectBody(req)));
});
