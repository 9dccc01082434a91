import { listAudio } from '../lib/acoustic-models/audio';
import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';

/** GET /v1/acoustic_customizations/{customization_id}/audio */
export const handler = serviceHandler('listAudio', async (req, caller) => {
  return respond(200, await listAudio(caller, req.params.customization_id));
});
