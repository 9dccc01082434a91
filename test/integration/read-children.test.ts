import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import type { Caller } from '../../lib/auth/identity';
import { addCorpus, getCorpus, listCorpora } from '../../lib/corpora/service';
import { ApiError } from '../../lib/errors';
import { createLanguageModel, resetLanguageModel } from '../../lib/language-models/service';
import { dynamo } from '../../lib/store/client';
import { addWord, getWord, listWords } from '../../lib/words/service';
import { NO_QUERY, useImmediateAnalysis, useTestStore } from '../support/store';

/**
 * Reads of a model's children (lib/customization/access.ts readModelAnd): once a process knows a model's generation, the
 * read of its children starts beside the read of the model (one round trip, not two), and what it found counts only
 * while the model still has that generation, runs no job and is the caller's.
 */

useTestStore();
useImmediateAnalysis();

const caller = (): Caller => ({ instanceId: randomUUID() });
const newModel = async (who: Caller) =>
  (await createLanguageModel(who, { name: 'm', base_model_name: 'en-US_BroadbandModel' })).customization_id;

/** The commands sent while fn runs, in order, with when each was sent relative to the others' answers. */
async function sent(fn: () => Promise<unknown>) {
  const client = dynamo();
  const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
  const log: string[] = [];
  const spy = vi.spyOn(client, 'send').mockImplementation((async (command: { constructor: { name: string } }) => {
    log.push(`send ${command.constructor.name}`);
    const answer = await send(command);
    log.push(`answer ${command.constructor.name}`);
    return answer;
  }) as never);
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return log;
}

describe('reading a model and its children', () => {
  it('sends the children query before the model read answers, once the generation is known', async () => {
    const me = caller();
    const id = await newModel(me);
    await addWord(me, id, 'zqvexa', {});
    // First read: the generation is not known yet, so the model read answers before the words are queried.
    expect(await sent(() => listWords(me, id, NO_QUERY))).toEqual(['send GetCommand', 'answer GetCommand', 'send QueryCommand', 'answer QueryCommand']);
    const second = await sent(() => listWords(me, id, NO_QUERY));
    expect(second.slice(0, 2).sort()).toEqual(['send GetCommand', 'send QueryCommand']);
    expect(second).toHaveLength(4);
    expect((await listWords(me, id, NO_QUERY)).words.map((word) => word.word)).toEqual(['zqvexa']);
  });

  it('after a reset (another generation), lists the new generation, not what the early read found', async () => {
    const me = caller();
    const id = await newModel(me);
    await addWord(me, id, 'zqvexb', {});
    await addCorpus(me, id, 'c', NO_QUERY, 'zqvexc words here.');
    expect((await listWords(me, id, NO_QUERY)).words.map((word) => word.word)).toEqual(['zqvexb', 'zqvexc']);
    expect((await listCorpora(me, id)).corpora.map((corpus) => corpus.name)).toEqual(['c']);
    await resetLanguageModel(me, id);
    expect(await listWords(me, id, NO_QUERY)).toEqual({ words: [] });
    expect(await listCorpora(me, id)).toEqual({ corpora: [] });
    const missing = await getWord(me, id, 'zqvexb').catch((error) => error);
    expect(missing).toBeInstanceOf(ApiError);
    expect((missing as ApiError).status).toBe(404);
    const noCorpus = await getCorpus(me, id, 'c').catch((error) => error);
    expect((noCorpus as ApiError).status).toBe(404);
  });

  it("another instance's model answers 401 even when its children were read early", async () => {
    const [me, other] = [caller(), caller()];
    const id = await newModel(me);
    await addWord(me, id, 'zqvexd', {});
    await listWords(me, id, NO_QUERY); // the process now knows the generation
    for (const read of [() => listWords(other, id, NO_QUERY), () => getWord(other, id, 'zqvexd'), () => listCorpora(other, id)]) {
      const failure = await read().catch((error) => error);
      expect(failure).toBeInstanceOf(ApiError);
      expect((failure as ApiError).status).toBe(401);
    }
  });

  it('a read of a model with a running job reads its children after the model (the job may complete on this read)', async () => {
    const me = caller();
    const id = await newModel(me);
    await addWord(me, id, 'zqvexe', {});
    await listWords(me, id, NO_QUERY);
    // A job on the model: the early read is not used, the words are read again after the model.
    const client = dynamo();
    const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
    const spy = vi.spyOn(client, 'send').mockImplementation((async (command: unknown) => {
      const answer = (await send(command)) as { Item?: Record<string, unknown> };
      if (command instanceof GetCommand && answer.Item?.SK === 'MODEL') {
        return { ...answer, Item: { ...answer.Item, job: { op: 'words', dueAt: Date.now() + 60_000, runningStatus: 'pending', thenStatus: 'ready' } } };
      }
      return answer;
    }) as never);
    const queries: unknown[] = [];
    spy.mockClear();
    try {
      expect((await listWords(me, id, NO_QUERY)).words.map((word) => word.word)).toEqual(['zqvexe']);
      for (const [command] of spy.mock.calls) if (command instanceof QueryCommand) queries.push(command);
    } finally {
      spy.mockRestore();
    }
    expect(queries).toHaveLength(2);
  });
});
