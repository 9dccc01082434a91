import { advanceJobs } from '../lib/controls/instance';
import { badRequest } from '../lib/errors';
import { respond } from '../lib/http/handler';
import { advanceJobsOf } from '../lib/recognition/jobs';
import { jsonObjectBody } from '../lib/http/request';
import { controlHandler } from '../lib/http/service';

/** POST /_emulator/advance [{"customization_id": …}] — completes running operations of one model, or of all models and recognition jobs. */
export const handler = controlHandler('advanceEmulatorJobs', async (req, caller) => {
  const body = req.body.length === 0 ? {} : jsonObjectBody(req);
  const { customization_id: id, ...rest } = body;
  const unknown = Object.keys(rest);
  if (unknown.length) throw badRequest(`Unknown field '${unknown[0]}': the body may name one 'customization_id'.`);
  if (id !== undefined && typeof id !== 'string') throw badRequest(`The field 'customization_id' must be a string.`);
  const { advanced } = await advanceJobs(caller, id);
  // Recognition jobs belong to the instance, not to a model: advanced when no model is named.
  const recognitions = id === undefined ? await advanceJobsOf(caller.instanceId) : [];
  return respond(200, { advanced: [...advanced, ...recognitions.map((jobId) => ({ recognition_id: jobId, operation: 'recognition' }))] });
});
