import { clock } from '../lib/clock';
import { logEvent } from '../lib/log';
import { advanceDueModels } from '../lib/customization/scheduler';
import { advanceDueJobs } from '../lib/recognition/jobs';
import { DUE_SHARDS } from '../lib/store/keys';

/**
 * Runs every minute (schedule; every second under `npm start`): persists finished training, upgrades and analyses;
 * repairs expired locks; moves recognition jobs on, sends their notifications and deletes expired ones. One log
 * line per run, as the HTTP functions write one per request: its report, or the error (with its stack) it failed on.
 */
export const handler = async (event?: { tick?: boolean }) => {
  const started = performance.now();
  const duration = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    const now = clock.now();
    const [models, jobs] = await Promise.all([advanceDueModels(now), advanceDueJobs(now, DUE_SHARDS)]);
    const report = { ...models, jobs };
    // Under `npm start` it also runs every second (`{"tick": true}`): such a run that found nothing due writes no line.
    if (models.due + jobs.due > 0 || !event?.tick) logEvent('info', 'advanceTraining', { operation: 'advanceTraining', duration_ms: duration(), ...report });
    return report;
  } catch (error) {
    logEvent('error', 'advanceTraining failed', { operation: 'advanceTraining', duration_ms: duration() }, error);
    throw error;
  }
};
