import { badRequest } from '../errors';
import { TIMED_OPERATIONS, type TimedOperation, type Timing } from '../customization/timing';
import * as store from '../store/controls';

/** The longest delay a setting may ask for (one day). */
const MAX_DELAY_SECONDS = 86_400;
const MAX_READS = 1_000_000;

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
