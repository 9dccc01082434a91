import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ThrottlingException } from '@aws-sdk/client-dynamodb';
import { describe, expect, it, vi } from 'vitest';
import type { Caller } from '../../lib/auth/identity';
import { clock } from '../../lib/clock';
import { addCorpus, listCorpora } from '../../lib/corpora/service';
import { ApiError } from '../../lib/errors';
import { advanceDueModels } from '../../lib/customization/scheduler';
import * as models from '../../lib/language-models/service';
import { dynamo } from '../../lib/store/client';
import * as store from '../../lib/store/models';
import { addWord, deleteWord, listWords } from '../../lib/words/service';
import { modelProblems } from '../support/invariants';
import { NO_QUERY, OVERWRITE, useImmediateAnalysis, useTestStore } from '../support/store';

/**
 * Faults in the middle of a change, on in-process dynalite: a request that dies holding the model's lock (from some
 * DynamoDB call on, every call fails, and nothing releases the lock), and work that fails midway. No model stays busy
 * past the lock's lease, and nothing stays half-written: the scheduled function, or the next request, repairs it.
 */

useTestStore();

useImmediateAnalysis();

/** 60 distinct words the English vocabulary does not know: with the corpus's word list, three batches of writes. */
const OOV = Array.from({ length: 60 }, (_, i) => `zq${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}vex`);
const BIG_CORPUS = `${OOV.join(' ')}.`;

type Command = { constructor: { name: string }; input: Record<string, unknown> };

/**
 * From the first DynamoDB command that `when` picks, every command fails: the process died there. Commands already
 * sent complete. Answers a function that revives the process.
 */
function dieAt(when: (command: Command) => boolean, error: () => Error = () => new Error('the process died')) {
  const client = dynamo();
  const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
  let dead = false;
  const spy = vi.spyOn(client, 'send').mockImplementation((async (command: Command) => {
    if (!dead && when(command)) dead = true;
    if (dead) throw error();
    return send(command);
  }) as never);
  return () => spy.mockRestore();
}

/** Fails only the commands that `when` picks. */
function failWhen(when: (command: Command) => boolean, error: () => Error) {
  const client = dynamo();
  const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
  vi.spyOn(client, 'send').mockImplementation((async (command: Command) => {
    if (when(command)) throw error();
    return send(command);
  }) as never);
}

const nth = (name: string, n: number) => {
  let seen = 0;
  return (command: Command) => command.constructor.name === name && ++seen === n;
};
const isRelease = (command: Command) => command instanceof UpdateCommand
  && /REMOVE .*#lockOp/.test(String(command.input.UpdateExpression)) && !('#deleted' in (command.input.ExpressionAttributeNames as object ?? {}));

async function modelWithData(): Promise<{ caller: Caller; id: string }> {
  const caller: Caller = { instanceId: randomUUID() };
  const { customization_id: id } = await models.createLanguageModel(caller, { name: 'faults', base_model_name: 'en-US_BroadbandModel' });
  await addCorpus(caller, id, 'c0', NO_QUERY, 'The glorptastic meeting.');
  await addWord(caller, id, 'userword', {});
  return { caller, id };
}

async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(() => undefined, (thrown: unknown) => thrown);
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

const wordsOf = async (caller: Caller, id: string) => (await listWords(caller, id, new URLSearchParams())).words.map((word) => word.word);

describe('a request that dies holding the lock', () => {
  it('leaves the model busy until the lease runs out; the scheduled function then finishes the half-written corpus', async () => {
    const { caller, id } = await modelWithData();
    const before = await wordsOf(caller, id);

    // BatchWrites: the journal's part, its head (the commit point), the first batch of the corpus's words, then death.
    const revive = dieAt(nth('BatchWriteCommand', 4));
    await expect(addCorpus(caller, id, 'c9', NO_QUERY, BIG_CORPUS)).rejects.toThrow('the process died');
    revive();

    const stuck = (await store.getModel(id))!;
    expect(stuck.lockOp).toBe('addCorpus');
    expect(await modelProblems(id, Date.now())).toEqual(expect.arrayContaining([`${id}: word '${OOV[0]}' names the missing source 'c9'`]));
    expect((await apiError(addWord(caller, id, 'another', {}))).status).toBe(409);

    expect(await advanceDueModels(Date.now())).toEqual(expect.objectContaining({ repaired: 0 }));
    expect((await store.getModel(id))!.lockOp).toBe('addCorpus');

    const leaseEnd = stuck.lockExpires!;
    expect(await advanceDueModels(leaseEnd)).toEqual(expect.objectContaining({ repaired: 1 }));
    const repaired = (await store.getModel(id))!;
    expect(repaired.lockOp).toBeUndefined();
    expect(await modelProblems(id, leaseEnd)).toEqual([]);
    // The change was committed before death: repair finished it, wholly.
    expect(repaired.counts).toEqual(expect.objectContaining({ corpora: 2, words: before.length + OOV.length }));
    expect(await wordsOf(caller, id)).toEqual([...before, ...OOV].sort());
    expect((await listCorpora(caller, id)).corpora.map((corpus) => [corpus.name, corpus.out_of_vocabulary_words])).toEqual([['c0', 1], ['c9', OOV.length]]);
    expect((await models.getLanguageModel(caller, id, new URLSearchParams())).status).toBe('ready');
    await addCorpus(caller, id, 'c9', OVERWRITE, BIG_CORPUS);
    expect(await modelProblems(id, Date.now())).toEqual([]);
    expect((await wordsOf(caller, id)).length).toBe(before.length + OOV.length);
  });

  it('undoes a change cut off before its commit point (death at the journal head)', async () => {
    const { caller, id } = await modelWithData();
    const before = await wordsOf(caller, id);
    const revive = dieAt(nth('BatchWriteCommand', 2));
    await expect(addCorpus(caller, id, 'c9', NO_QUERY, BIG_CORPUS)).rejects.toThrow('the process died');
    revive();
    const leaseEnd = (await store.getModel(id))!.lockExpires!;
    expect(await advanceDueModels(leaseEnd)).toEqual(expect.objectContaining({ repaired: 1 }));
    expect(await modelProblems(id, leaseEnd)).toEqual([]);
    expect(await wordsOf(caller, id)).toEqual(before);
    expect((await listCorpora(caller, id)).corpora.map((corpus) => corpus.name)).toEqual(['c0']);
  });

  it('is repaired by the next request once the lease has run out, before its own change (death after the corpus was written)', async () => {
    const { caller, id } = await modelWithData();
    const revive = dieAt(isRelease);
    await expect(addCorpus(caller, id, 'c9', NO_QUERY, BIG_CORPUS)).rejects.toThrow('the process died');
    revive();
    const stuck = (await store.getModel(id))!;
    expect(stuck.lockOp).toBe('addCorpus');
    expect(await modelProblems(id, Date.now())).toEqual(expect.arrayContaining([`${id}: counts.corpora is 1, the children say 2`]));

    const later = stuck.lockExpires! + 1;
    vi.spyOn(clock, 'now').mockReturnValue(later);
    await addWord(caller, id, 'another', {});
    expect(await modelProblems(id, later)).toEqual([]);
    const after = (await store.getModel(id))!;
    expect(after.lockOp).toBeUndefined();
    expect(after.counts).toEqual(expect.objectContaining({ corpora: 2, words: 2 + 1 + OOV.length }));
    expect((await listCorpora(caller, id)).corpora.map((corpus) => corpus.name)).toEqual(['c0', 'c9']);
  });

  it('never leaves a model busy past the lease, whichever DynamoDB call it dies at', async () => {
    // Every command of an addCorpus in turn (after its read of the model): the lock, the reads of the corpus, grammar
    // and words, the instance's timing, each batch of words, the corpus item, the release.
    for (let at = 1; at <= 10; at++) {
      const { caller, id } = await modelWithData();
      let count = 0;
      const revive = dieAt(() => ++count === at + 1); // command 1 is the model's read
      await addCorpus(caller, id, 'c9', NO_QUERY, BIG_CORPUS).catch(() => undefined);
      revive();
      const record = (await store.getModel(id))!;
      const leaseEnd = (record.lockExpires ?? Date.now()) + 1;
      await advanceDueModels(leaseEnd);
      expect(await modelProblems(id, leaseEnd), `death at command ${at + 1}`).toEqual([]);
      expect((await store.getModel(id))!.lockOp, `death at command ${at + 1}`).toBeUndefined();
    }
  });

  it('keeps a corpus word that the user deleted deleted (spec 4.16) when it repairs the model', async () => {
    const { caller, id } = await modelWithData();
    await addCorpus(caller, id, 'c9', NO_QUERY, BIG_CORPUS);
    await deleteWord(caller, id, OOV[0]);
    const revive = dieAt(isRelease);
    await expect(addWord(caller, id, 'another', {})).rejects.toThrow('the process died');
    revive();
    const leaseEnd = (await store.getModel(id))!.lockExpires!;
    expect(await advanceDueModels(leaseEnd)).toEqual(expect.objectContaining({ repaired: 1 }));
    expect(await modelProblems(id, leaseEnd)).toEqual([]);
    const words = await wordsOf(caller, id);
    expect([words.includes(OOV[0]), words.includes(OOV[1]), words.includes('another')]).toEqual([false, true, true]);
  });
});

describe('a reset after a request died holding the lock', () => {
  it('leaves no lock behind once the lease has run out', async () => {
    const { caller, id } = await modelWithData();
    const revive = dieAt(nth('BatchWriteCommand', 2));
    await expect(addCorpus(caller, id, 'c9', NO_QUERY, BIG_CORPUS)).rejects.toThrow('the process died');
    revive();
    const later = (await store.getModel(id))!.lockExpires! + 1;
    vi.spyOn(clock, 'now').mockReturnValue(later);
    await models.resetLanguageModel(caller, id);
    expect(await modelProblems(id, later)).toEqual([]);
    expect((await store.getModel(id))!.lockOp).toBeUndefined();
  });
});

describe('work that fails midway', () => {
  it('is repaired at once and unlocks the model: a throttled batch write of a corpus leaves nothing half-written', async () => {
    const { caller, id } = await modelWithData();
    const before = await wordsOf(caller, id);
    failWhen(nth('BatchWriteCommand', 2), () => new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }));
    await expect(addCorpus(caller, id, 'c9', NO_QUERY, BIG_CORPUS)).rejects.toThrow('Rate exceeded');
    vi.restoreAllMocks();
    const record = (await store.getModel(id))!;
    expect(record.lockOp).toBeUndefined();
    expect(await modelProblems(id, Date.now())).toEqual([]);
    expect(await wordsOf(caller, id)).toEqual(before);
    await addCorpus(caller, id, 'c9', NO_QUERY, BIG_CORPUS); // the client's retry
    expect(await modelProblems(id, Date.now())).toEqual([]);
    expect((await wordsOf(caller, id)).length).toBe(before.length + OOV.length);
  });

  it('keeps the lock (for the lease) when the repair fails too, and the scheduled function repairs it later', async () => {
    const { caller, id } = await modelWithData();
    // Batch writes and queries (what the repair lists children with) are throttled.
    failWhen((command) => command instanceof BatchWriteCommand || command instanceof QueryCommand,
      () => new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }));
    await expect(addCorpus(caller, id, 'c9', NO_QUERY, BIG_CORPUS)).rejects.toThrow('Rate exceeded');
    vi.restoreAllMocks();
    const record = (await store.getModel(id))!;
    expect(record.lockOp).toBe('addCorpus');
    await advanceDueModels(record.lockExpires!);
    expect(await modelProblems(id, record.lockExpires!)).toEqual([]);
    expect((await store.getModel(id))!.lockOp).toBeUndefined();
  });

  it('releases the lock unchanged after a refusal (ApiError), without a repair', async () => {
    const { caller, id } = await modelWithData();
    const before = (await store.getModel(id))!;
    expect((await apiError(addCorpus(caller, id, 'c0', NO_QUERY, 'again'))).status).toBe(400);
    const after = (await store.getModel(id))!;
    expect([after.lockOp, after.counts, after.dataRevision]).toEqual([undefined, before.counts, before.dataRevision]);
  });
});
