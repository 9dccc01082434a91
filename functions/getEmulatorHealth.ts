import { health } from '../lib/controls/instance';
import { httpHandler, respond } from '../lib/http/handler';

/** GET /_emulator/health — no credentials needed: version, mode and whether the table answers (503 when not). */
export const handler = httpHandler('getEmulatorHealth', async () => {
  const { healthy, body } = await health();
  return respond(healthy ? 200 : 503, body);
});
