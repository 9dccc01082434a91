import { authenticate } from '../lib/auth/identity';
import { ApiError, notFound } from '../lib/errors';
import { httpHandler } from '../lib/http/handler';
import { allowedMethods } from '../lib/routes';

/** Every request no route takes: 401 without valid credentials (the gateway checks them first), else 404 or 405. */
export const handler = httpHandler('routeNotFound', async (req, facts) => {
  facts.instance = (await authenticate(req)).instanceId;
  const allowed = allowedMethods(req.path);
  if (allowed.length > 0) throw new ApiError(405, `Method ${req.method} is not allowed on this resource. Allowed: ${allowed.join(', ')}.`);
  throw notFound();
});
