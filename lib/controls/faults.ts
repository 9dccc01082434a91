import type { Caller } from '../auth/identity';
import { config } from '../config';
import { ApiError, CODE_DESCRIPTIONS, badRequest, notFound } from '../errors';
import { ROUTES } from '../routes';
import { isGuid, newGuid } from '../ids';
import { isoTime } from '../clock';
import * as store from '../store/controls';

/**
 * Fault injection: rules that make the next N calls of an operation (or each call with a probability) answer an
 * error status with the service's envelope, or wait before answering, so that clients can test their retry logic.
 * Rules belong to the instance whose credentials set them and touch only that instance's calls.
 */

/** The operations a rule can name: the service's endpoints by ibm-watson SDK method, or `*` for all of them. */
export const FAULT_OPERATIONS: readonly string[] = ROUTES.filter((route) => route.instancePrefix).map((route) => route.fn);
const MAX_DELAY_MS = 20_000;
const MAX_COUNT = 1_000_000;
const MAX_MESSAGE = 1_000;

export interface FaultJson {
  fault_id: string;
  operation: string;
  status?: number;
  error?: string;
  count?: number;
  probability?: number;
  delay_ms?: number;
  created: string;
}

export const faultJson = (fault: store.StoredFault): FaultJson => ({
  fault_id: fault.id,
  operation: fault.operation,
  ...(fault.status === undefined ? {} : { status: fault.status }),
  ...(fault.error === undefined ? {} : { error: fault.error }),
  ...(fault.remaining === undefined ? {} : { count: fault.remaining }),
  ...(fault.probability === undefined ? {} : { probability: fault.probability }),
  ...(fault.delayMs === undefined ? {} : { delay_ms: fault.delayMs }),
  created: isoTime(fault.created),
});

/** Validates a `POST /_emulator/faults` body into a rule. */
export function parseFault(body: Record<string, unknown>, nowMs: number): store.StoredFault {
  const { operation, status, error, count, probability, delay_ms: delayMs, ...rest } = body;
  const unknown = Object.keys(rest);
  if (unknown.length) throw badRequest(`Unknown field '${unknown[0]}' in the fault.`);
  if (typeof operation !== 'string' || (operation !== '*' && !FAULT_OPERATIONS.includes(operation))) {
    throw badRequest(`The fault needs 'operation': an SDK method name such as 'trainLanguageModel', or '*' for every operation.`);
  }
  if (status !== undefined && (!Number.isInteger(status) || (status as number) < 400 || (status as number) > 599)) {
    throw badRequest(`The field 'status' must be an HTTP error status from 400 to 599.`);
  }
  if (error !== undefined && (typeof error !== 'string' || error.length === 0 || error.length > MAX_MESSAGE)) {
    throw badRequest(`The field 'error' must be a message of 1 to ${MAX_MESSAGE} characters.`);
  }
  if (delayMs !== undefined && (!Number.isInteger(delayMs) || (delayMs as number) < 0 || (delayMs as number) > MAX_DELAY_MS)) {
    throw badRequest(`The field 'delay_ms' must be an integer from 0 to ${MAX_DELAY_MS}.`);
  }
  if (status === undefined && !delayMs) throw badRequest(`The fault needs 'status' (an error to answer), 'delay_ms' (latency to add), or both.`);
  if (error !== undefined && status === undefined) throw badRequest(`The field 'error' needs 'status'.`);
  if (count !== undefined && probability !== undefined) throw badRequest(`Give 'count' or 'probability', not both.`);
  if (count !== undefined && (!Number.isInteger(count) || (count as number) < 1 || (count as number) > MAX_COUNT)) {
    throw badRequest(`The field 'count' must be an integer from 1 to ${MAX_COUNT}.`);
  }
  if (probability !== undefined && (typeof probability !== 'number' || !(probability > 0 && probability <= 1))) {
    throw badRequest(`The field 'probability' must be a number greater than 0 and at most 1.`);
  }
  return {
    id: newGuid(),
    operation,
    created: nowMs,
    ...(status === undefined ? {} : { status: status as number }),
    ...(error === undefined ? {} : { error: error as string }),
    ...(probability === undefined ? { remaining: (count as number | undefined) ?? 1 } : { probability: probability as number }),
    ...(delayMs ? { delayMs: delayMs as number } : {}),
  };
}

export async function addFault(caller: Caller, body: Record<string, unknown>, nowMs: number): Promise<FaultJson> {
  const fault = parseFault(body, nowMs);
  await store.putFault(caller.instanceId, fault);
  // Functions remember "no rules" for a moment (injectFault): once this answer arrives, none still does.
  await sleep(config.faultCacheMs());
  return faultJson(fault);
}

export async function listFaults(caller: Caller): Promise<{ faults: FaultJson[] }> {
  return { faults: (await store.listFaults(caller.instanceId)).map(faultJson) };
}

export async function deleteFault(caller: Caller, id: string): Promise<Record<string, never>> {
  // Rule ids are GUIDs: anything else (a name too long for a key, too) is no rule.
  if (!isGuid(id) || !(await store.deleteFault(caller.instanceId, id))) throw notFound(`No fault '${id}' for this instance.`);
  return {};
}

export async function deleteFaults(caller: Caller): Promise<{ deleted: number }> {
  return { deleted: await store.deleteFaults(caller.instanceId) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Instances found without rules, and until when (performance.now() ms) this function skips their query. Adding a
 * rule waits that long before it answers, so that the rule is in force everywhere once the client hears of it.
 */
const noRulesUntil = new Map<string, number>();
const NO_RULES_CACHE_ENTRIES = 10_000;

/**
 * The instance's rules, and when (performance.now() ms) their query started. With the cache on, calls that arrive
 * while a query runs share its answer rather than each sending its own, if it started less than STT_FAULT_CACHE_MS
 * ago: a rule written after it started has its POST answer that long after, so these calls may not see it yet anyway.
 */
const rulesInFlight = new Map<string, { started: number; query: Promise<store.StoredFault[]> }>();
function rulesOf(instanceId: string, now: number, ttl: number): { started: number; query: Promise<store.StoredFault[]> } {
  const running = rulesInFlight.get(instanceId);
  if (ttl > 0 && running && now - running.started < ttl) return running;
  const started = now;
  const query = store.listFaults(instanceId).finally(() => {
    if (rulesInFlight.get(instanceId)?.query === query) rulesInFlight.delete(instanceId);
  });
  const entry = { started, query };
  if (ttl > 0) rulesInFlight.set(instanceId, entry);
  return entry;
}

/** A rule that fired on a call: its error answers the call (a rule without a status only added its delay). */
export interface FiredFault {
  error?: ApiError;
}

/**
 * Runs before every service call: the first of the instance's rules for this operation that fires adds its
 * latency and is returned, with the error the call answers when the rule has a status; undefined when none fires.
 * One query when no rule exists, and none for STT_FAULT_CACHE_MS after that.
 */
export async function injectFault(caller: Caller, operation: string): Promise<FiredFault | undefined> {
  if (!config.controlsEnabled()) return undefined;
  const ttl = config.faultCacheMs();
  const started = performance.now();
  if (ttl > 0 && (noRulesUntil.get(caller.instanceId) ?? 0) > started) return undefined;
  const lookup = rulesOf(caller.instanceId, started, ttl);
  const all = await lookup.query;
  if (all.length === 0) {
    if (ttl > 0) {
      if (noRulesUntil.size >= NO_RULES_CACHE_ENTRIES) noRulesUntil.clear();
      // From before the query: a rule added while it ran is seen once the entry runs out, before its POST answers.
      noRulesUntil.set(caller.instanceId, Math.max(noRulesUntil.get(caller.instanceId) ?? 0, lookup.started + ttl));
    }
    return undefined;
  }
  noRulesUntil.delete(caller.instanceId);
  const rules = all.filter((rule) => rule.operation === operation || rule.operation === '*');
  for (const rule of rules) {
    const fires = rule.probability !== undefined ? Math.random() < rule.probability : await store.consumeFault(caller.instanceId, rule.id);
    if (!fires) continue;
    if (rule.delayMs) await sleep(rule.delayMs);
    if (rule.status === undefined) return {};
    const message = rule.error ?? `${CODE_DESCRIPTIONS[rule.status] ?? 'Error'} (fault injected by the emulator).`;
    return { error: new ApiError(rule.status, message) };
  }
  return undefined;
}
