// Reliability under crashes (issue 18): `node bench/reliability.mjs [--seconds S] [--kills K] [--seed N]`.
// Starts `npm start`'s script on free ports and a temporary data directory, drives clients on a few instances with a
// seeded random mix of writes (bench/crash-workload.mjs, shared with test/e2e/crash-restart.test.ts), SIGKILLs the
// whole process group K times at seeded moments over S seconds of workload and restarts it on the same data; the
// clients go on until the lock lease of the last kill (STT_LOCK_LEASE_SECONDS, 8 s for the run) has nearly run out, the
// scheduled function runs, and the checks count what went wrong. Wall time: about S + 8 s per start + 61 s.
// Prints the counts (a table, then one JSON line) and exits 1 when anything was lost, stuck, 5xx or inconsistent.
import { pathToFileURL } from 'node:url';
import { crashRun } from './crash-workload.mjs';

/** The figures of one run: the counts that bench/run.mjs can print as a section. */
export async function reliabilityFigures({ seconds = 20, kills = 3, seed = 1, log = () => {} } = {}) {
  const started = Date.now();
  const result = await crashRun({ seed, kills, seconds, log });
  const { counts } = result;
  return {
    seed,
    kills,
    workloadSeconds: seconds,
    wallSeconds: Math.round((Date.now() - started) / 1000),
    requests: counts.requests,
    acknowledgedWrites: counts.acknowledgedWrites,
    interruptedWrites: counts.interruptedWrites,
    lostWrites: counts.lostWrites,
    stuckModels: counts.stuckModels,
    serverErrors: counts.serverErrors,
    unexpectedNetworkErrors: counts.unexpectedNetworkErrors,
    listingMismatches: counts.listingMismatches,
    indexMismatches: counts.indexMismatches,
    modelsChecked: counts.modelsChecked,
    repairedByScheduler: counts.repairedByScheduler,
    conflicts409: result.statusCounts['409'] ?? 0,
    ok: counts.lostWrites + counts.stuckModels + counts.serverErrors + counts.unexpectedNetworkErrors
      + counts.listingMismatches + counts.indexMismatches === 0,
    details: {
      timeline: result.timeline,
      lostWrites: result.lostWrites,
      stuckModels: result.stuckModels,
      serverErrors: result.serverErrors,
      unexpectedNetworkErrors: result.unexpectedNetworkErrors,
      listingMismatches: result.listingMismatches,
      indexMismatches: result.indexMismatches,
      errorLogLines: result.errorLogLines,
    },
  };
}

function parseArguments(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=');
    const name = { '--seconds': 'seconds', '--kills': 'kills', '--seed': 'seed' }[flag];
    const value = Number(inline ?? argv[++i]);
    if (!name || !Number.isFinite(value) || value < 0) {
      console.error(`usage: node bench/reliability.mjs [--seconds S] [--kills K] [--seed N] (got '${argv.join(' ')}')`);
      process.exit(2);
    }
    options[name] = value;
  }
  return options;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const options = parseArguments(process.argv.slice(2));
  const figures = await reliabilityFigures({ ...options, log: (line) => console.log(line) });
  const { details, ...counts } = figures;
  console.log(`\nReliability: ${figures.kills} SIGKILLs of npm start over ${figures.workloadSeconds} s of workload, seed ${figures.seed} `
    + `(${figures.wallSeconds} s in all)`);
  console.log('| figure | value |');
  console.log('|---|---:|');
  for (const [name, value] of Object.entries(counts)) console.log(`| ${name} | ${value} |`);
  for (const [name, list] of Object.entries(details)) {
    if (name !== 'timeline' && list.length) console.log(`\n${name}:\n${JSON.stringify(list, null, 1)}`);
  }
  console.log(JSON.stringify(counts));
  process.exitCode = figures.ok ? 0 : 1;
}
