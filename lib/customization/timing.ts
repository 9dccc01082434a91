import { config } from '../config';
import * as store from '../store/controls';

/**
 * How long each asynchronous operation takes, per instance, set at run time through `PUT /_emulator/timing`
 * (like moto's state transitions). Without a setting an operation takes its STT_*_SECONDS default.
 *   immediate          done at once
 *   delay  seconds     done after that many seconds
 *   manual reads?      done on `POST /_emulator/advance`, or after `reads` reads of the model (GET requests on it)
 */
export const TIMED_OPERATIONS = ['corpus', 'words', 'grammar', 'training', 'upgrade', 'audio', 'recognition'] as const;
export type TimedOperation = (typeof TIMED_OPERATIONS)[number];

export type Timing =
  | { mode: 'immediate' }
  | { mode: 'delay'; seconds: number }
  | { mode: 'manual'; reads?: number };

/** A manual job's due time: later than any real one, still within the due index's 15 digits. */
export const MANUAL_DUE_AT = 999_999_999_999_999;
const DEFAULT_SECONDS: Record<TimedOperation, () => number> = {
  corpus: () => config.corpusSeconds(),
  words: () => config.wordsSeconds(),
  grammar: () => config.grammarSeconds(),
  training: () => config.trainingSeconds(),
  upgrade: () => config.upgradeSeconds(),
  audio: () => config.audioSeconds(),
  recognition: () => config.recognitionSeconds(),
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
