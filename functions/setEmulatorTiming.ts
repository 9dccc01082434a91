import { effectiveTimings } from '../lib/customization/timing';
import { updateTimings } from '../lib/controls/timing';
import { respond } from '../lib/http/handler';
import { jsonObjectBody } from '../lib/http/request';
import { controlHandler } from '../lib/http/service';

/** PUT /_emulator/timing — sets the timing of some operations (`*` for all) for the caller's instance. */
export const handler = controlHandler('setEmulatorTiming', async (req, caller) => {
  await updateTimings(caller.instanceId, jsonObjectBody(req));
  return respond(200, await effectiveTimings(caller.instanceId));
});
