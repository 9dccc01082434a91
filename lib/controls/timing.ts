import { config } from '../config';
import { badRequest } from '../http/errors';
import * as store from '../store/controls';

/**
 * How long each asynchronous operation takes, per instance, set at run time through `PUT /_emulator/timing`
 * (like moto's state transitions). Without a setting an operation takes its STT_*_SECONDS default.
 *   immediate          done at once
 *   delay  seconds     done after that many seconds
 *   manual reads?      done on `POST /_emulator/advance`, or after `reads` reads of the model (GET requests on it)
 */
export const TIMED_OPERATIONS = ['corpus', 'words', 'grammar', 'training', 'upgrade'] as const;
export type TimedOperation = (typeof TIMED_OPERATIONS)[number];

export type Timing =
  | { mode: 'immediate' }
  | { mode: 'delay'; seconds: number }
  | { mode: 'manual'; reads?: number };

/** A manual job's due time: later than any real one, still within the due index's 15 digits. */
export const MANUAL_DUE_AT = 999_999_999_999_999;
/** The longest delay a setting may ask for (one day). */
const MAX_DELAY_SECONDS = 86_400;
const MAX_READS = 1_000_000;

const DEFAULT_SECONDS: Record<TimedOperation, () => number> = {
  corpus: () => config.corpusSeconds(),
  words: () => config.wordsSeconds(),
  grammar: () => config.grammarSeconds(),
  training: () => config.trainingSeconds(),
  upgrade: () => config.upgradeSeconds(),
};

export function defaultTiming(operation: TimedOperation): Timing {
  const seconds = DEFAULT_SECONDS[operation]();
  return seconds === 0 ? { mode: 'immediate' } : { mode: 'delay', seconds };
}

/** The timing of every operation for the instance, and whether it is the instance's own setting or the default. */
export async function effectiveTimings(owner: string): Promise<Record<TimedOperation, Timing & { source: 'instance' | 'default' }>> {
  const stored = config.controlsEnabled() ? await store.getTiming(owner) : {};
  const result = {} as Record<TimedOperation, Timing & { source: 'instance' | 'default' }>;
  for (const operation of TIMED_OPERATIONS) {
    const own = stored[operation] as Timing | undefined;
    result[operation] = own ? { ...own, source: 'instance' } : { ...defaultTiming(operation), source: 'default' };
  }
  return result;
}

/** When a job of this operation, started now, completes; `readsLeft` for manual jobs that complete after reads. */
export async function jobSchedule(owner: string, operation: TimedOperation, nowMs: number): Promise<{ dueAt: number; readsLeft?: number }> {
  const own = config.controlsEnabled() ? ((await store.getTiming(owner))[operation] as Timing | undefined) : undefined;
  const timing = own ?? defaultTiming(operation);
  switch (timing.mode) {
    case 'immediate': return { dueAt: nowMs };
    case 'delay': return { dueAt: nowMs + Math.round(timing.seconds * 1000) };
    case 'manual': return { dueAt: MANUAL_DUE_AT, ...(timing.reads === undefined ? {} : { readsLeft: timing.reads }) };
  }
}

/**
 * Applies a `PUT /_emulator/timing` body to the stored settings: keys are operations (or `*` for all), values a
 * timing or `{"mode":"default"}` to go back to the default. Unknown keys or malformed values answer 400.
 */
export async function updateTimings(owner: string, body: Record<string, unknown>): Promise<void> {
  const stored = await store.getTiming(owner);
  const entries = Object.entries(body);
  if (entries.length === 0) throw badRequest(`Name at least one operation to time: ${TIMED_OPERATIONS.join(', ')} or '*'.`);
  const parsed = entries.map(([key, value]) => {
    if (key !== '*' && !(TIMED_OPERATIONS as readonly string[]).includes(key)) {
      throw badRequest(`Unknown operation '${key}': the timed operations are ${TIMED_OPERATIONS.join(', ')} (or '*' for all).`);
    }
    return { operations: key === '*' ? [...TIMED_OPERATIONS] : [key as TimedOperation], timing: parseTiming(key, value) };
  });
  // `*` first, so that named operations in the same body override it.
  parsed.sort((a, b) => b.operations.length - a.operations.length);
  for (const { operations, timing } of parsed) {
    for (const operation of operations) {
      if (timing) stored[operation] = timing;
      else delete stored[operation];
    }
  }
  await store.putTiming(owner, stored);
}

function parseTiming(key: string, value: unknown): Timing | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest(`The timing of '${key}' must be an object such as {"mode": "immediate"}.`);
  }
  const { mode, seconds, reads, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length) throw badRequest(`Unknown field '${unknown[0]}' in the timing of '${key}'.`);
  const refuse = (field: string) => badRequest(`The field '${field}' does not apply to mode '${String(mode)}' (timing of '${key}').`);
  switch (mode) {
    case 'default':
    case 'immediate':
      if (seconds !== undefined) throw refuse('seconds');
      if (reads !== undefined) throw refuse('reads');
      return mode === 'default' ? undefined : { mode };
    case 'delay':
      if (reads !== undefined) throw refuse('reads');
      if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > MAX_DELAY_SECONDS) {
        throw badRequest(`The timing of '${key}' needs 'seconds', a number from 0 to ${MAX_DELAY_SECONDS}.`);
      }
      return { mode, seconds };
    case 'manual':
      if (seconds !== undefined) throw refuse('seconds');
      if (reads !== undefined && (!Number.isInteger(reads) || (reads as number) < 1 || (reads as number) > MAX_READS)) {
        throw badRequest(`The field 'reads' of the timing of '${key}' must be an integer from 1 to ${MAX_READS}.`);
      }
      return reads === undefined ? { mode } : { mode, reads: reads as number };
    default:
      throw badRequest(`The timing of '${key}' needs 'mode': 'immediate', 'delay', 'manual' or 'default'.`);
  }
}
