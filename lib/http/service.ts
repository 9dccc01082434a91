import { authenticate, type Caller } from '../auth/identity';
import { config } from '../config';
import { injectFault } from '../controls/faults';
import { journaled, recordRequest } from '../controls/requests';
import { ApiError, notFound } from '../errors';
import { httpHandler, type AnsweredRequest, type ApiResponse } from './handler';
import type { ApiRequest } from './request';

type CallerHandler = (req: ApiRequest, caller: Caller) => Promise<ApiResponse>;

/**
 * The handler of a service endpoint: the caller is authenticated (the gateway's 401 otherwise), then any fault the
 * caller's instance injected for this operation (control API) answers before the service does. `operation` is the
 * ibm-watson SDK method, which fault rules and the request's log line name; the log line names the caller's instance
 * once authenticated, and says whether a fault fired.
 */
export function serviceHandler(operation: string, handle: CallerHandler) {
  return httpHandler(operation, async (req, facts) => {
    const caller = await authenticate(req);
    facts.instance = caller.instanceId;
    const fault = await injectFault(caller, operation);
    if (fault) {
      facts.fault = true;
      if (fault.error) throw fault.error;
    }
    return handle(req, caller);
  }, { answered: journalRequest });
}

/** The request journal's entry of an authenticated request (lib/controls/requests.ts), unless it is not journaled. */
function journalRequest({ line, req, event, failure }: AnsweredRequest): Promise<void> | undefined {
  if (line.instance === undefined || !journaled(line.operation, req.headers)) return undefined;
  const query = event.rawQueryString ?? '';
  return recordRequest(line.instance, {
    time: new Date().toISOString(),
    request_id: line.requestId,
    operation: line.operation,
    method: line.method,
    path: line.path,
    ...(query ? { query: query.slice(0, 2000) } : {}),
    status: line.status,
    duration_ms: line.duration_ms,
    fault: line.fault,
    ...(line.customization_id === undefined ? {} : { customization_id: line.customization_id }),
    ...(failure instanceof ApiError ? { error: failure.message.slice(0, 1000) } : failure !== undefined ? { error: 'Internal error' } : {}),
  });
}

/**
 * The handler of a control endpoint (`/_emulator/…`): authenticated, scoped to the caller's instance; 404 when off.
 * `operation` is the function's name, as the request's log line gives it.
 */
export function controlHandler(operation: string, handle: CallerHandler) {
  return httpHandler(operation, async (req, facts) => {
    const caller = await authenticate(req);
    facts.instance = caller.instanceId;
    if (!config.controlsEnabled()) throw notFound();
    return handle(req, caller);
  }, { answered: journalRequest });
}
