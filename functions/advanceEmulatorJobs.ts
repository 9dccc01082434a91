import { advanceJobs } from '../lib/controls/instance';
import { badRequest } from '../lib/errors';
import { respond } from '../lib/http/handler';
import { jsonObjectBody } from '../lib/http/request';
import { controlHandler } from '../lib/http/service';

/** POST /_emulator/advance [{"customization_id": …}] — completes running operations of one model or of all. */
export const handler = controlHandler('advanceEmulatorJobs', async (req, caller) => {
  const body = req.body.length === 0 ? {} : jsonObjectBody(req);
  const { customization_id: id, ...rest } = body;
  const unknown = Object.keys(rest);
  if (unknown.length) throw badRequest(`Unknown field '${unknown[0]}': the body may name one 'customization_id'.`);
  if (id !== undefined && typeof id !== 'string') throw badRequest(`The field 'customization_id' must be a string.`);
  return respond(200, await advanceJobs(caller, id));
});
