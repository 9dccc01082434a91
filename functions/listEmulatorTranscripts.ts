import { listTranscripts } from '../lib/controls/transcripts';
import { respond } from '../lib/http/handler';
import { controlHandler } from '../lib/http/service';

/** GET /_emulator/transcripts — the caller's instance's transcripts. */
export const handler = controlHandler('listEmulatorTranscripts', async (_req, caller) => respond(200, await listTranscripts(caller)));
