import { effectiveTimings } from '../lib/customization/timing';
import { respond } from '../lib/http/handler';
import { controlHandler } from '../lib/http/service';

/** GET /_emulator/timing — how long each asynchronous operation takes for the caller's instance. */
export const handler = controlHandler('getEmulatorTiming', async (_req, caller) => respond(200, await effectiveTimings(caller.instanceId)));
