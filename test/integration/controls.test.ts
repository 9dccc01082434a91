import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../lib/auth/identity';
import { addCorpus, getCorpus } from '../../lib/corpora/service';
import { addFault } from '../../lib/controls/faults';
import { advanceJobs, resetInstance } from '../../lib/controls/instance';
import { MANUAL_DUE_AT, effectiveTimings } from '../../lib/customization/timing';
import { updateTimings } from '../../lib/controls/timing';
import { lockLeaseMs, withModelLock } from '../../lib/customization/access';
import { advanceDueModels } from '../../lib/customization/scheduler';
import * as models from '../../lib/language-models/service';
import { dynamo } from '../../lib/store/client';
import { instancePk, modelPk } from '../../lib/store/keys';
import * as store from '../../lib/store/models';
import { NO_QUERY, useTestStore } from '../support/store';

/** The control API's services on dynalite: what the e2e test cannot reach (locks held mid-request, exact items). */
useTestStore();

const caller = (): Caller => ({ instanceId: randomUUID() });
const table = () => process.env.STT_TABLE!;
const partition = async (pk: string) =>
  (await dynamo().send(new QueryCommand({ TableName: table(), KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': pk } }))).Items ?? [];

async function newModel(owner: Caller): Promise<string> {
  return (await models.createLanguageModel(owner, { name: 'm', base_model_name: 'en-US_BroadbandModel' })).customization_id;
}

beforeEach(() => {
  process.env.STT_CONTROLS = 'on';
});
afterEach(() => {
  delete process.env.STT_CONTROLS;
});

describe('reset of an instance', () => {
  it('deletes a model whose lock a request holds: the request answers 401, the children it writes later are purged after the lease', async () => {
    const owner = caller();
    const id = await newModel(owner);
    const idle = await newModel(owner);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => { entered = resolve; });
    const request = withModelLock(owner, id, 'addCorpus', 'add a corpus to', async () => {
      entered();
      await gate;
      // what a slow addCorpus writes after the reset's purge
      await dynamo().send(new (await import('@aws-sdk/lib-dynamodb')).PutCommand({
        TableName: table(), Item: { PK: modelPk(id), SK: 'G000000#CORPUS#late', name: 'late' },
      }));
      return { result: {} };
    });
    await inside;
    expect(await resetInstance(owner)).toEqual({ deleted_models: 2 });
    release();
    await expect(request).rejects.toMatchObject({ status: 401, message: `Invalid customization_id (${id}) for user` });

    expect(await store.getModel(id)).toBeUndefined();
    expect((await partition(modelPk(idle)))).toEqual([]);
    // the busy model's tombstone waits for the lease; the scheduled function then purges the late child and it
    const left = await partition(modelPk(id));
    expect(left.map((item) => item.SK).sort()).toEqual(['G000000#CORPUS#late', 'MODEL']);
    await advanceDueModels(Date.now() + lockLeaseMs() + 1000);
    expect(await partition(modelPk(id))).toEqual([]);
    expect(await models.listLanguageModels(owner, NO_QUERY)).toEqual({ customizations: [] });
    // the slots came back
    expect(await partition(instancePk(owner.instanceId))).toEqual([expect.objectContaining({ SK: 'INSTANCE', modelCount: 0 })]);
  });

  it('removes timing and faults of the instance only', async () => {
    const owner = caller();
    const neighbour = caller();
    for (const who of [owner, neighbour]) {
      await updateTimings(who.instanceId, { training: { mode: 'manual' } });
      await addFault(who, { operation: 'getLanguageModel', status: 500 }, Date.now());
    }
    await resetInstance(owner);
    expect(await partition(instancePk(owner.instanceId))).toEqual([]);
    expect((await partition(instancePk(neighbour.instanceId))).map((item) => item.SK).sort()).toEqual([expect.stringMatching(/^FAULT#/), 'TIMING']);
    expect((await effectiveTimings(neighbour.instanceId)).training).toEqual({ mode: 'manual', source: 'instance' });
  });
});

describe('manual timing', () => {
  it('a manual corpus waits in the due index beyond any real time; advance completes corpus and model', async () => {
    const owner = caller();
    await updateTimings(owner.instanceId, { corpus: { mode: 'manual' } });
    const id = await newModel(owner);
    await addCorpus(owner, id, 'c1', NO_QUERY, 'The zorblax flew.');
    const record = (await store.getModel(id))!;
    expect(record.job).toMatchObject({ op: 'addCorpus', dueAt: MANUAL_DUE_AT, resource: { kind: 'CORPUS', name: 'c1' } });
    expect(record.job!.readsLeft).toBeUndefined();
    expect(await advanceDueModels(Date.now() + 86_400_000)).toMatchObject({ settled: 0 });
    expect((await getCorpus(owner, id, 'c1')).status).toBe('being_processed');

    const [first, second] = await Promise.all([advanceJobs(owner), advanceJobs(owner, id)]);
    // racing advances complete the job once
    expect([...first.advanced, ...second.advanced]).toEqual([{ customization_id: id, operation: 'corpus' }]);
    expect(await getCorpus(owner, id, 'c1')).toEqual({ name: 'c1', total_words: 3, out_of_vocabulary_words: 1, status: 'analyzed' });
    expect((await models.getLanguageModel(owner, id, new URLSearchParams())).status).toBe('ready');
  });

  it('reads: N concurrent reads complete the job exactly once, on the Nth', async () => {
    const owner = caller();
    await updateTimings(owner.instanceId, { corpus: { mode: 'manual', reads: 6 } });
    const id = await newModel(owner);
    await addCorpus(owner, id, 'c1', NO_QUERY, 'The zorblax flew.');
    const statuses = await Promise.all(Array.from({ length: 5 }, () => models.getLanguageModel(owner, id, new URLSearchParams())));
    expect(statuses.map((s) => s.status)).toEqual(['pending', 'pending', 'pending', 'pending', 'pending']);
    expect((await store.getModel(id))!.job).toMatchObject({ readsLeft: 1, dueAt: MANUAL_DUE_AT });
    expect((await getCorpus(owner, id, 'c1')).status).toBe('analyzed');
    expect((await models.getLanguageModel(owner, id, new URLSearchParams())).status).toBe('ready');
  });
});
