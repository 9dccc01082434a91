import { clock } from '../lib/clock';
import { advanceDueModels } from '../lib/models/scheduler';

/** Runs every minute (schedule): persists finished training, upgrades and analyses; repairs expired locks. */
export const handler = async () => {
  const report = await advanceDueModels(clock.now());
  console.log(JSON.stringify({ level: 'info', message: 'advanceTraining', ...report }));
  return report;
};
