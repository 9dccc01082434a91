import { clock } from '../lib/clock';
import { logEvent } from '../lib/log';
import { advanceDueModels } from '../lib/customization/scheduler';

/**
 * Runs every minute (schedule): persists finished training, upgrades and analyses; repairs expired locks. One log
 * line per run, as the HTTP functions write one per request: its report, or the error (with its stack) it failed on.
 */
export const handler = async () => {
  const started = performance.now();
  const duration = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    const report = await advanceDueModels(clock.now());
    logEvent('info', 'advanceTraining', { operation: 'advanceTraining', duration_ms: duration(), ...report });
    return report;
  } catch (error) {
    logEvent('error', 'advanceTraining failed', { operation: 'advanceTraining', duration_ms: duration() }, error);
    throw error;
  }
};
