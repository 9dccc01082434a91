/**
 * The functions write one JSON line per request to stdout (lib/log.ts, as CloudWatch reads it). Unit and integration
 * tests drive handlers in-process, hundreds of times: their lines are dropped here so that the test output shows
 * what the tests report. Tests that check the lines spy on `process.stdout.write`, which still sees every call.
 */
const write = process.stdout.write.bind(process.stdout) as (...args: unknown[]) => boolean;
process.stdout.write = ((chunk: unknown, ...rest: unknown[]) =>
  (typeof chunk === 'string' && chunk.startsWith('{"level"') ? true : write(chunk, ...rest))) as typeof process.stdout.write;
