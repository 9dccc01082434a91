import { getAudio } from '../lib/acoustic-models/audio';
import { respond } from '../lib/http/handler';
import { serviceHandler } from '../lib/http/service';

/** GET /v1/acoustic_customizations/{customization_id}/audio/{audio_name} */
export const handler = serviceHandler('getAudio', async (req, caller) => {
  return respond(200, await getAudio(caller, req.params.customization_id, req.params.audio_name));
});
