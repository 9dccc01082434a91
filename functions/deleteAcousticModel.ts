import { deleteAcousticModel } from '../lib/acoustic-models/service';
import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';

/** DELETE /v1/acoustic_customizations/{customization_id} */
export const handler = serviceHandler('deleteAcousticModel', async (req, caller) => {
  return respond(200, await deleteAcousticModel(caller, req.params.customization_id));
});
