import { config } from '../lib/config';
import { CONSOLE_HEADERS, CONSOLE_HTML } from '../lib/console/page';
import { notFound } from '../lib/errors';
import { httpHandler, respondText } from '../lib/http/handler';

/**
 * GET /_emulator/console — the web console: one HTML page (lib/console) that needs no credentials to load; it then
 * asks the user for one and calls the service and the control API with it. 404 like any unknown path when the
 * controls are off.
 */
export const handler = httpHandler('getEmulatorConsole', async () => {
  if (!config.controlsEnabled()) throw notFound();
  return respondText(200, CONSOLE_HTML, 'text/html; charset=utf-8', { ...CONSOLE_HEADERS });
});
