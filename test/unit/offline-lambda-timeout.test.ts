import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// patches/serverless-offline+14.8.2.patch clears each call's timeout timer once the handler settles. Before, runHandler()
// raced the handler against `setTimeout(timeout)` of node:timers/promises, never cleared: every call left a ref'd
// Timeout (28 s here) behind, holding its settled result until it fired. Here a real LambdaFunction runs a real handler
// file with the in-process runner, as `serverless offline --useInProcess` does.
const src = (file: string) => pathToFileURL(join(__dirname, '../../node_modules/serverless-offline/src', file)).href;

interface FunctionDefinition {
  handler: string;
  name: string;
  timeout: number;
}
interface Serverless {
  service: { service: string; provider: { region: string; runtime: string }; package: Record<string, never> };
  config: { servicePath: string };
  serviceDir: string;
}
interface Lambda {
  setEvent(event: unknown): void;
  runHandler(): Promise<unknown>;
  cleanup(): Promise<void>;
  readonly status: string;
}
const { default: LambdaFunction } = (await import(src('lambda/LambdaFunction.js'))) as {
  default: new (functionKey: string, functionDefinition: FunctionDefinition, serverless: Serverless, options: { useInProcess: true }) => Lambda;
};
const { LambdaTimeoutError } = (await import(src('errors/index.js'))) as { LambdaTimeoutError: new (message?: string) => Error };

// The event says what the handler does. Not an async function, so that it can also throw before returning a promise.
const HANDLER = `export function handler(event, context) {
  switch (event.kind) {
    case 'answer':
      return Promise.resolve({ statusCode: 200, body: event.body, requestId: context.awsRequestId });
    case 'throw':
      throw event.error;
    case 'reject':
      return Promise.reject(event.error);
    case 'hang':
      return new Promise(() => {});
    default:
      throw new Error('unknown kind ' + event.kind);
  }
}
`;

/** The ref'd timers of the process, which is what the old per-call timer was. */
const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

/** The runner's own ref'd timer (its task updates are throttled to one per 100 ms) is gone after this. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let dir: string;
const lambdas: Lambda[] = [];
const savedEnv = { ...process.env };
const hadAwslambda = 'awslambda' in globalThis;

function lambda(timeout: number): Lambda {
  const serverless: Serverless = {
    service: { service: 'x', provider: { region: 'us-east-1', runtime: 'nodejs20.x' }, package: {} },
    config: { servicePath: dir },
    serviceDir: dir,
  };
  const fn = new LambdaFunction('fn', { handler: 'handler.handler', name: 'fn', timeout }, serverless, { useInProcess: true });
  lambdas.push(fn);
  return fn;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'offline-lambda-timeout-'));
  await writeFile(join(dir, 'handler.mjs'), HANDLER);
  // The first call loads the runner, the handler loader (and tsx) and the handler module: done here, so that the tests
  // count only the timers of their calls.
  const warm = lambda(28);
  warm.setEvent({ kind: 'answer', body: 'warm' });
  await warm.runHandler();
});

afterAll(async () => {
  await Promise.all(lambdas.map((fn) => fn.cleanup()));
  if (dir) await rm(dir, { recursive: true, force: true });
  // The in-process runner assigns the lambda's environment to process.env and defines globalThis.awslambda.
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
  if (!hadAwslambda) delete (globalThis as { awslambda?: unknown }).awslambda;
});

describe("serverless-offline's lambda timeout (patched)", () => {
  it('resolves with the answer and leaves no timer behind, call after call', async () => {
    const fn = lambda(28);
    await settle();
    const before = timeouts();

    for (let i = 0; i < 50; i += 1) {
      fn.setEvent({ kind: 'answer', body: `call ${i}` });
      const result = await fn.runHandler();
      expect(result).toEqual({ statusCode: 200, body: `call ${i}`, requestId: expect.stringMatching(UUID) });
      expect(fn.status).toBe('IDLE');
      expect(timeouts()).toBe(before);
    }

    // Concurrent calls, as the HTTP server makes them: still none left.
    fn.setEvent({ kind: 'answer', body: 'concurrent' });
    const results = await Promise.all(Array.from({ length: 20 }, () => fn.runHandler()));
    expect(results.map((r) => (r as { body: string }).body)).toEqual(Array(20).fill('concurrent'));
    expect(timeouts()).toBe(before);
  });

  it('rejects with "[504] - Lambda timeout." when the handler does not settle in time, and then answers again', async () => {
    const fn = lambda(0.05);
    await settle();
    const before = timeouts();

    fn.setEvent({ kind: 'hang' });
    const started = performance.now();
    const error = await fn.runHandler().then(
      () => undefined,
      (err: unknown) => err,
    );
    const elapsed = performance.now() - started;

    expect(error).toBeInstanceOf(LambdaTimeoutError);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('[504] - Lambda timeout.');
    expect(elapsed).toBeGreaterThanOrEqual(49);
    expect(elapsed).toBeLessThan(1000);
    expect(fn.status).toBe('IDLE');
    expect(timeouts()).toBe(before);

    // The timeout dropped the handler runner (LambdaFunction calls its cleanup()); the next call makes a new one.
    fn.setEvent({ kind: 'answer', body: 'after the timeout' });
    await expect(fn.runHandler()).resolves.toEqual({ statusCode: 200, body: 'after the timeout', requestId: expect.stringMatching(UUID) });
    expect(timeouts()).toBe(before);
  });

  it("rejects with the handler's own error, thrown or returned, and leaves no timer behind", async () => {
    const fn = lambda(28);
    await settle();
    const before = timeouts();

    for (let i = 0; i < 25; i += 1) {
      for (const kind of ['throw', 'reject']) {
        const error = new Error(`${kind} ${i}`);
        fn.setEvent({ kind, error });
        await expect(fn.runHandler()).rejects.toBe(error);
        expect(fn.status).toBe('IDLE');
        expect(timeouts()).toBe(before);
      }
    }
  });
});
