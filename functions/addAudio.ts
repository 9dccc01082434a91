import { addAudio } from '../lib/acoustic-models/add-audio';
import { respond } from '../lib/http/handler';
import { audioUpload } from '../lib/http/request';
import { serviceHandler } from '../lib/http/service';

/** POST /v1/acoustic_customizations/{customization_id}/audio/{audio_name}[?allow_overwrite=] */
export const handler = serviceHandler('addAudio', async (req, caller) => {
  return respond(201, await addAudio(caller, req.params.customization_id, req.params.audio_name, req.query, audioUpload(req)));
});
