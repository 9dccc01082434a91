import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Caller } from '../../lib/auth/identity';
import { deleteRequests, journaled, listRequests, recordRequest, type RequestEntry } from '../../lib/controls/requests';
import { resetInstance } from '../../lib/controls/instance';
import { ApiError } from '../../lib/errors';
import { dynamo } from '../../lib/store/client';
import { requestsPk } from '../../lib/store/keys';
import { PAGE_ENTRIES } from '../../lib/store/requests';
import { useTestStore } from '../support/store';

/** The request journal (lib/controls/requests.ts) on in-process dynalite: written by pages, read newest first, bounded. */

useTestStore();

const caller = (): Caller => ({ instanceId: randomUUID() });

let clockMs = Date.parse('2026-12-02T10:00:00.000Z');
const entry = (n: number, fields: Partial<RequestEntry> = {}): RequestEntry => ({
  time: new Date(clockMs + n).toISOString(),
  request_id: `req-${String(n).padStart(5, '0')}`,
  operation: 'getLanguageModel',
  method: 'GET',
  path: `/v1/customizations/${n}`,
  status: 200,
  duration_ms: 1.5,
  fault: false,
  ...fields,
});

const env = (values: Record<string, string>) => {
  for (const [name, value] of Object.entries(values)) vi.stubEnv(name, value);
};

afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

const pagesOf = async (owner: string) => (await dynamo().send(new QueryCommand({
  TableName: process.env.STT_TABLE, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': requestsPk(owner) }, ConsistentRead: true,
}))).Items ?? [];

describe('the request journal', () => {
  it('writes nothing when off, and lists an empty journal as disabled', async () => {
    env({ STT_REQUEST_JOURNAL: 'off' });
    const me = caller();
    expect(recordRequest(me.instanceId, entry(1))).toBeUndefined();
    expect(await listRequests(me, new URLSearchParams())).toEqual({ enabled: false, requests: [] });
    expect(await pagesOf(me.instanceId)).toEqual([]);
  });

  it('in `on` mode, each request is written before the call returns, and listed newest first with every field', async () => {
    env({ STT_REQUEST_JOURNAL: 'on' });
    clockMs = Date.now();
    const me = caller();
    await recordRequest(me.instanceId, entry(1, { query: 'strict=false', customization_id: 'abc', status: 409, error: 'busy', fault: true }));
    await recordRequest(me.instanceId, entry(2));
    expect((await pagesOf(me.instanceId)).map((page) => page.count)).toEqual([1, 1]);
    const { enabled, requests } = await listRequests(me, new URLSearchParams());
    expect(enabled).toBe(true);
    expect(requests).toEqual([entry(2), entry(1, { query: 'strict=false', customization_id: 'abc', status: 409, error: 'busy', fault: true })]);
  });

  it('in `background` mode, entries of a burst share one page, and a read waits for the ones not yet written', async () => {
    env({ STT_REQUEST_JOURNAL: 'background' });
    clockMs = Date.now();
    const me = caller();
    for (let n = 0; n < 30; n++) expect(recordRequest(me.instanceId, entry(n))).toBeUndefined();
    // Not written yet (the writer waits a tenth of a second for more); the read writes them first.
    const { requests } = await listRequests(me, new URLSearchParams({ limit: '1000' }));
    expect(requests.map((r) => r.request_id)).toEqual(Array.from({ length: 30 }, (_, n) => entry(29 - n).request_id));
    expect((await pagesOf(me.instanceId)).map((page) => page.count)).toEqual([30]);
  });

  it('a full page is written at once, and a page never holds more than PAGE_ENTRIES entries', async () => {
    env({ STT_REQUEST_JOURNAL: 'background' });
    clockMs = Date.now();
    const me = caller();
    for (let n = 0; n < PAGE_ENTRIES + 5; n++) recordRequest(me.instanceId, entry(n));
    await listRequests(me, new URLSearchParams({ limit: '1' }));
    const counts = (await pagesOf(me.instanceId)).map((page) => Number(page.count));
    expect(Math.max(...counts)).toBeLessThanOrEqual(PAGE_ENTRIES);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(PAGE_ENTRIES + 5);
  });

  it('keeps each instance apart', async () => {
    env({ STT_REQUEST_JOURNAL: 'on' });
    clockMs = Date.now();
    const [me, other] = [caller(), caller()];
    await recordRequest(me.instanceId, entry(1));
    await recordRequest(other.instanceId, entry(2));
    expect((await listRequests(me, new URLSearchParams())).requests.map((r) => r.request_id)).toEqual(['req-00001']);
    expect((await listRequests(other, new URLSearchParams())).requests.map((r) => r.request_id)).toEqual(['req-00002']);
  });

  it('answers `limit` newest entries; a limit that is not 1 to 1000 is a 400', async () => {
    env({ STT_REQUEST_JOURNAL: 'on' });
    clockMs = Date.now();
    const me = caller();
    for (let n = 0; n < 5; n++) await recordRequest(me.instanceId, entry(n));
    expect((await listRequests(me, new URLSearchParams({ limit: '2' }))).requests.map((r) => r.request_id)).toEqual(['req-00004', 'req-00003']);
    for (const bad of ['0', '1001', '-1', '2.5', 'ten', '']) {
      const failure = await listRequests(me, new URLSearchParams({ limit: bad })).catch((error) => error);
      expect(failure).toBeInstanceOf(ApiError);
      expect((failure as ApiError).status).toBe(400);
    }
  });

  it('keeps about the newest STT_REQUEST_JOURNAL_SIZE entries per instance: older pages go as more are written', async () => {
    env({ STT_REQUEST_JOURNAL: 'on', STT_REQUEST_JOURNAL_SIZE: '50' });
    clockMs = Date.now();
    const me = caller();
    for (let n = 0; n < 300; n++) await recordRequest(me.instanceId, entry(n));
    const kept = (await pagesOf(me.instanceId)).length;
    // trimmed every 25 entries (half the size) this process writes: the newest 50, plus what came since the last trim
    expect(kept).toBeGreaterThanOrEqual(50);
    expect(kept).toBeLessThanOrEqual(50 + 25);
    const { requests } = await listRequests(me, new URLSearchParams({ limit: '1000' }));
    expect(requests[0].request_id).toBe('req-00299');
    expect(requests.at(-1)!.request_id > 'req-00100').toBe(true);
  });

  it('does not list entries older than STT_REQUEST_JOURNAL_MINUTES', async () => {
    env({ STT_REQUEST_JOURNAL: 'on', STT_REQUEST_JOURNAL_MINUTES: '1' });
    const me = caller();
    clockMs = Date.now() - 5 * 60_000;
    await recordRequest(me.instanceId, entry(1));
    clockMs = Date.now();
    await recordRequest(me.instanceId, entry(2));
    expect((await listRequests(me, new URLSearchParams())).requests.map((r) => r.request_id)).toEqual(['req-00002']);
  });

  it('DELETE empties the journal and says how many entries there were; an instance reset empties it too', async () => {
    env({ STT_REQUEST_JOURNAL: 'background' });
    clockMs = Date.now();
    const me = caller();
    for (let n = 0; n < 7; n++) recordRequest(me.instanceId, entry(n));
    expect(await deleteRequests(me)).toEqual({ deleted: 7 });
    expect(await pagesOf(me.instanceId)).toEqual([]);
    for (let n = 0; n < 3; n++) recordRequest(me.instanceId, entry(n));
    await resetInstance(me);
    expect((await listRequests(me, new URLSearchParams())).requests).toEqual([]);
  });

  it('journals neither its own reads, the console, health, nor requests that say X-Emulator-Journal: off', () => {
    expect(journaled('getLanguageModel', {})).toBe(true);
    expect(journaled('trainLanguageModel', { 'x-emulator-journal': 'on' })).toBe(true);
    expect(journaled('getLanguageModel', { 'x-emulator-journal': 'off' })).toBe(false);
    expect(journaled('getLanguageModel', { 'x-emulator-journal': 'OFF' })).toBe(false);
    for (const operation of ['listEmulatorRequests', 'deleteEmulatorRequests', 'getEmulatorConsole', 'getEmulatorHealth']) {
      expect(journaled(operation, {})).toBe(false);
    }
  });

  it('a failed write loses entries, never the request: the next ones are written', async () => {
    env({ STT_REQUEST_JOURNAL: 'on' });
    clockMs = Date.now();
    const me = caller();
    const client = dynamo();
    const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
    const spy = vi.spyOn(client, 'send').mockImplementationOnce((async () => {
      throw new Error('store unavailable');
    }) as never);
    await expect(recordRequest(me.instanceId, entry(1))).resolves.toBeUndefined();
    spy.mockImplementation(((command: unknown) => send(command)) as never);
    await recordRequest(me.instanceId, entry(2));
    expect((await listRequests(me, new URLSearchParams())).requests.map((r) => r.request_id)).toEqual(['req-00002']);
    spy.mockRestore();
  });
});
