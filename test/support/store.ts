import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { ensureTable, startDynalite } from '../../scripts/local-stack.mjs';
import { resetDynamoClient } from '../../lib/store/client';

/**
 * Gives the calling test file its own in-process dynalite (in memory, on loopback) with the table created from
 * serverless.yml, and points lib/store at it.
 */
export function useTestStore(): { endpoint: () => string } {
  let endpoint = '';
  let close: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const store = await startDynalite({ port: 0, dataDir: ':memory:' });
    close = store.close;
    endpoint = store.endpoint;
    process.env.STT_DYNAMODB_ENDPOINT = store.endpoint;
    process.env.STT_TABLE = 'stt-test';
    process.env.AWS_ACCESS_KEY_ID = 'local';
    process.env.AWS_SECRET_ACCESS_KEY = 'local';
    process.env.AWS_REGION = 'us-east-1';
    resetDynamoClient();
    await ensureTable(store.endpoint, 'stt-test');
  });
  afterAll(async () => {
    resetDynamoClient();
    await close?.();
  });
  return { endpoint: () => endpoint };
}

/** The query of a request that sends no parameters (services read their parameters from the query). */
export const NO_QUERY: URLSearchParams = new URLSearchParams();

/** The query of an add that replaces an existing corpus or grammar. */
export const OVERWRITE: URLSearchParams = new URLSearchParams({ allow_overwrite: 'true' });

/**
 * Analyses done at once and the control API off for each test of the file (restored after it, with every mock):
 * what the fault and crash tests run the services with.
 */
export function useImmediateAnalysis(): void {
  const env = { STT_CORPUS_SECONDS: '0', STT_WORDS_SECONDS: '0', STT_GRAMMAR_SECONDS: '0', STT_CONTROLS: 'off' };
  beforeEach(() => Object.assign(process.env, env));
  afterEach(() => {
    vi.restoreAllMocks();
    for (const name of Object.keys(env)) delete process.env[name];
  });
}
