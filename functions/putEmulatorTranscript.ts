import { putTranscript } from '../lib/controls/transcripts';
import { respond } from '../lib/http/handler';
import { jsonObjectBody } from '../lib/http/request';
import { controlHandler } from '../lib/http/service';

/** PUT /_emulator/transcripts/{transcript_key} — what recognition hears in the audio of that SHA-256 (or `default`). */
export const handler = controlHandler('putEmulatorTranscript', async (req, caller) =>
  respond(200, await putTranscript(caller, req.params.transcript_key, jsonObjectBody(req))));
