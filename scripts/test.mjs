// `npm test`: the whole vitest suite, then the plain summary line CI reads: `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './local-stack.mjs';

const resultsDir = join(ROOT, 'test-results');
const resultsFile = join(resultsDir, 'vitest.json');
mkdirSync(resultsDir, { recursive: true });
rmSync(resultsFile, { force: true });

// Types first: a type error is a failure even where every test passes.
const typecheck = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', ROOT], {
  cwd: ROOT, stdio: 'inherit',
});

const run = spawnSync(process.execPath, [
  join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run',
  '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`,
  ...process.argv.slice(2),
], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_NO_WARNINGS: '1' } });

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(resultsFile)) {
  const results = JSON.parse(readFileSync(resultsFile, 'utf8'));
  passed = results.numPassedTests;
  // A file that failed outside any test (an import error, a failing beforeAll) counts as one failure.
  const failedFiles = results.testResults.filter((file) => file.status === 'failed'
    && !file.assertionResults.some((test) => test.status === 'failed')).length;
  failed = results.numFailedTests + failedFiles;
  skipped = results.numPendingTests + results.numTodoTests;
} else {
  failed = 1;
}
if (typecheck.status !== 0) {
  console.log('type check (tsc --noEmit) failed');
  failed += 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
