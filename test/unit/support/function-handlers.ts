// The mocked DynamoDB, fixtures and per-test setup shared by the functions-*.test.ts files (function handlers, mocked store).
import { ConditionalCheckFailedException, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, vi, type MockInstance } from 'vitest';
import { clock } from '../../../lib/clock';
import { nameGuid } from '../../../lib/ids';
import type { ModelRecord } from '../../../lib/store/modelRecord';
import { resetDynamoClient } from '../../../lib/store/client';
import { basic, httpEvent, useCleanEnv, type EventOptions } from './events';

export const ddb = mockClient(DynamoDBDocumentClient);

export const TABLE = 'unit-table';
export const NOW = Date.UTC(2024, 2, 5, 17, 2, 11, 408);
export const CREATED = Date.UTC(2024, 1, 1, 9, 0, 0, 0);
const API_KEY = 'apikey:unit-key';
export const AUTH = basic(API_KEY);
export const OWNER = nameGuid(`credential:${API_KEY}`);
export const OTHER_OWNER = nameGuid('credential:apikey:someone-else');
export const ID = '5d0c9a3e-7f1b-4c2d-9e8a-1b2c3d4e5f60';
const JSON_TYPE = 'application/json; charset=utf-8';
/** The headers of every answer: JSON, and the request id (the events' default). */
export const HEADERS = { 'content-type': JSON_TYPE, 'x-global-transaction-id': 'req-unit-1' };
export const GATEWAY_401 = { code: 401, error: 'Unauthorized' };

export const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
export const throttled = () => new ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds the allowed throughput.', $metadata: {} });

export const record = (overrides: Partial<ModelRecord> = {}): ModelRecord => ({
  customizationId: ID,
  owner: OWNER,
  name: 'Cardiology terms',
  description: 'Terms used by the cardiology call center',
  baseModelName: 'en-US_Telephony',
  language: 'en-US',
  dialect: 'en-US',
  versions: ['en-US_Telephony.v2023-02-06'],
  created: CREATED,
  updated: CREATED + 1000,
  status: 'available',
  revision: 3,
  generation: 0,
  ...overrides,
});

/** The model as the store keeps it (lib/store/models.ts toItem). */
export const item = (r: ModelRecord): Record<string, unknown> => ({
  ...r,
  PK: `MODEL#${r.customizationId}`,
  SK: 'MODEL',
  OwnerPK: `OWNER#${r.owner}`,
  OwnerSK: `${r.language}#${new Date(r.created).toISOString()}#${r.customizationId}`,
});

export const modelJson = (r: ModelRecord) => ({
  customization_id: r.customizationId,
  created: new Date(r.created).toISOString(),
  updated: new Date(r.updated).toISOString(),
  language: r.language,
  dialect: r.dialect,
  versions: r.versions,
  owner: r.owner,
  name: r.name,
  description: r.description,
  base_model_name: r.baseModelName,
  status: r.status,
  progress: r.status === 'available' ? 100 : 0,
});

export const event = (options: EventOptions) => httpEvent({ ...options, headers: { Authorization: AUTH, Host: 'stt.local', ...options.headers } });
export const modelEvent = (method: string, id = ID, extra: EventOptions = {}) =>
  event({ method, path: `/v1/customizations/${id}`, pathParameters: { customization_id: id }, ...extra });
export const resetEvent = (id = ID) =>
  event({ method: 'POST', path: `/v1/customizations/${id}/reset`, pathParameters: { customization_id: id } });
export const createEvent = (body: unknown, contentType = 'application/json') =>
  event({ method: 'POST', path: '/v1/customizations', headers: { 'Content-Type': contentType }, body: JSON.stringify(body) });

/** The names of the commands sent, in order. */
export const sent = () => ddb.calls().map((call) => (call.args[0] as object).constructor.name);

/** The log lines written (lib/log.ts: one process.stdout.write per line), silenced. */
export let stdout: MockInstance<typeof process.stdout.write>;
export const errorLines = () => stdout.mock.calls.map((call) => String(call[0])).filter((line) => line.startsWith('{"level":"error"'));

export const NO_COUNTS = { corpora: 0, invalidCorpora: 0, words: 0, invalidWords: 0, totalWords: 0 };

/**
 * Registers the setup every functions-*.test.ts file runs around each test: no STT_* variables but STT_TABLE, the
 * DynamoDB mock reset, the control API off, the clock frozen at NOW, and the log lines silenced (kept in `stdout`).
 */
export function useMockedStore(): void {
  useCleanEnv();
  beforeEach(() => {
    ddb.reset();
    resetDynamoClient();
    process.env.STT_TABLE = TABLE;
    // The service paths alone; the control API's fault check (one query per call) has its own tests (functions-injected-faults.test.ts).
    process.env.STT_CONTROLS = 'off';
    vi.spyOn(clock, 'now').mockReturnValue(NOW);
    stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    resetDynamoClient();
  });
  afterAll(() => {
    ddb.restore();
  });
}
