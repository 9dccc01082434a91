import { deleteTranscripts } from '../lib/controls/transcripts';
import { respond } from '../lib/http/handler';
import { controlHandler } from '../lib/http/service';

/** DELETE /_emulator/transcripts — removes every transcript of the caller's instance. */
export const handler = controlHandler('deleteEmulatorTranscripts', async (_req, caller) => respond(200, await deleteTranscripts(caller)));
