// Recognition jobs whose settling process dies (issue 13): a scheduled run killed before it claims a job's
// notifications leaves them to the next run (sent once); one killed after sending, before recording, sends them
// again once the claim's lease has run out (at least once, as the retry rule allows) and never a third time.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Caller } from '../../lib/auth/identity';
import { advanceDueJobs, createJob } from '../../lib/recognition/jobs';
import { dynamo } from '../../lib/store/client';
import * as jobs from '../../lib/store/jobs';
import { DUE_SHARDS } from '../../lib/store/keys';
import { wav } from '../support/audio';
import { useTestStore } from '../support/store';

useTestStore();

const received: { event: string; id: string }[] = [];
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      const { event, id } = JSON.parse(body) as { event: string; id: string };
      received.push({ event, id });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received.length = 0;
  process.env.STT_RECOGNITION_SECONDS = '2';
  process.env.STT_CONTROLS = 'off';
});
afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.STT_RECOGNITION_SECONDS;
  delete process.env.STT_CONTROLS;
});

/** From the nth PutCommand on, every DynamoDB command fails: the process died there. */
function dieAtPut(n: number): () => void {
  const client = dynamo();
  const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
  let puts = 0;
  let dead = false;
  const spy = vi.spyOn(client, 'send').mockImplementation((async (command: unknown) => {
    if (!dead && command instanceof PutCommand && ++puts === n) dead = true;
    if (dead) throw new Error('the process died');
    return send(command);
  }) as never);
  return () => spy.mockRestore();
}

async function jobWithCallback(): Promise<{ id: string; created: number }> {
  const caller: Caller = { instanceId: randomUUID() };
  await jobs.putCallback(caller.instanceId, { url });
  const body = wav(1);
  const job = await createJob(caller, {
    query: new URLSearchParams({ callback_url: url }), headers: { 'content-type': 'audio/wav' }, body,
  });
  expect(job.status).toBe('waiting');
  return { id: job.id, created: Date.parse(job.created) };
}

const eventsOf = (id: string) => received.filter((entry) => entry.id === id).map((entry) => entry.event);

describe('a scheduled run that dies while it settles a job', () => {
  it('before it claims the notifications: the next run sends each once', async () => {
    const { id, created } = await jobWithCallback();
    const revive = dieAtPut(1);
    await expect(advanceDueJobs(created + 2_500, DUE_SHARDS)).rejects.toThrow('the process died');
    revive();
    expect(eventsOf(id)).toEqual([]);
    expect((await advanceDueJobs(created + 2_600, DUE_SHARDS)).settled).toBe(1);
    expect(eventsOf(id)).toEqual(['recognitions.started', 'recognitions.completed']);
    await advanceDueJobs(created + 60_000, DUE_SHARDS);
    expect(eventsOf(id)).toEqual(['recognitions.started', 'recognitions.completed']);
    expect((await jobs.getJob(id))!.pending).toEqual([]);
  });

  it('after sending, before recording: sent again once the claim has run out, and not a third time', async () => {
    const { id, created } = await jobWithCallback();
    const revive = dieAtPut(2); // the claim is written, the notifications go out, their outcome is not
    await expect(advanceDueJobs(created + 2_500, DUE_SHARDS)).rejects.toThrow('the process died');
    revive();
    expect(eventsOf(id)).toEqual(['recognitions.started', 'recognitions.completed']);
    await advanceDueJobs(created + 10_000, DUE_SHARDS); // the claim still holds
    expect(eventsOf(id)).toHaveLength(2);
    await advanceDueJobs(created + 2_500 + 31_000, DUE_SHARDS);
    expect(eventsOf(id)).toEqual(['recognitions.started', 'recognitions.completed', 'recognitions.started', 'recognitions.completed']);
    await advanceDueJobs(created + 120_000, DUE_SHARDS);
    expect(eventsOf(id)).toHaveLength(4);
    expect((await jobs.getJob(id))!.pending).toEqual([]);
  });
});
