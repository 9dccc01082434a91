import { authenticate, type Caller } from '../auth/identity';
import { config } from '../config';
import { injectFault } from '../controls/faults';
import { notFound } from './errors';
import { httpHandler, type ApiResponse } from './handler';
import type { ApiRequest } from './request';

/**
 * The handler of a service endpoint: the caller is authenticated (the gateway's 401 otherwise), then any fault the
 * caller's instance injected for this operation (control API) answers before the service does.
 */
export function serviceHandler(operation: string, handle: (req: ApiRequest, caller: Caller) => Promise<ApiResponse>) {
  return httpHandler(async (req) => {
    const caller = await authenticate(req);
    await injectFault(caller, operation);
    return handle(req, caller);
  });
}

/** The handler of a control endpoint (`/_emulator/…`): authenticated, scoped to the caller's instance; 404 when off. */
export function controlHandler(handle: (req: ApiRequest, caller: Caller) => Promise<ApiResponse>) {
  return httpHandler(async (req) => {
    const caller = await authenticate(req);
    if (!config.controlsEnabled()) throw notFound();
    return handle(req, caller);
  });
}
