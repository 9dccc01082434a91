import { deleteTranscript } from '../lib/controls/transcripts';
import { respond } from '../lib/http/handler';
import { controlHandler } from '../lib/http/service';

/** DELETE /_emulator/transcripts/{transcript_key} — removes one transcript (404 when the instance has none by that key). */
export const handler = controlHandler('deleteEmulatorTranscript', async (req, caller) => respond(200, await deleteTranscript(caller, req.params.transcript_key)));
