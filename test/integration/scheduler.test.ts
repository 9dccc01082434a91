import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { Caller } from '../../lib/auth/identity';
import * as models from '../../lib/language-models/service';
import { advanceDueModels } from '../../lib/customization/scheduler';
import { dynamo } from '../../lib/store/client';
import { childSk, modelPk } from '../../lib/store/keys';
import * as store from '../../lib/store/models';
import { useTestStore } from '../support/store';

useTestStore();

const caller = (): Caller => ({ instanceId: randomUUID() });
const table = () => process.env.STT_TABLE!;
const item = async (id: string) =>
  (await dynamo().send(new GetCommand({ TableName: table(), Key: { PK: modelPk(id), SK: 'MODEL' }, ConsistentRead: true }))).Item;

async function newModel(owner: Caller) {
  const { customization_id: id } = await models.createLanguageModel(owner, { name: 'm', base_model_name: 'en-US_BroadbandModel' });
  return (await store.getModel(id))!;
}

describe('the scheduled function (advanceDueModels) on dynalite', () => {
  it('settles due jobs, repairs expired locks, purges deleted models, and leaves running work and idle models alone', async () => {
    const owner = caller();
    const now = Date.now();
    const idle = await newModel(owner);

    const trained = await newModel(owner);
    await store.updateModel(trained, {
      status: 'ready',
      job: { op: 'train', dueAt: now - 1000, runningStatus: 'training', thenStatus: 'available' },
    }, [], now - 1000);

    const upgraded = await newModel(owner);
    await store.updateModel(upgraded, {
      status: 'available',
      job: { op: 'upgrade', dueAt: now - 10, runningStatus: 'upgrading', thenStatus: 'available', versionAdded: 'en-US_BroadbandModel.v2020-01-16' },
    }, [], now - 10);

    const running = await newModel(owner);
    await store.updateModel(running, {
      job: { op: 'train', dueAt: now + 60_000, runningStatus: 'training', thenStatus: 'available' },
    }, [], now + 60_000);

    const crashed = await newModel(owner);
    await store.updateModel(crashed, { lockOp: 'addCorpus', lockExpires: now - 5 }, [], now - 5);

    const deleted = await newModel(owner);
    await dynamo().send(new BatchWriteCommand({ RequestItems: { [table()]: [0, 1, 2].map((i) => ({
      PutRequest: { Item: { PK: modelPk(deleted.customizationId), SK: childSk(0, 'WORD', `w${i}`) } },
    })) } }));
    expect(await store.markModelDeleted(deleted, now - 1)).toBe(true);

    const report = await advanceDueModels(now);
    expect(report).toEqual({ due: 4, settled: 2, repaired: 1, purged: 1, indexReadUnits: expect.any(Number) });

    expect(await item(trained.customizationId)).toEqual(expect.objectContaining({ status: 'available' }));
    expect(await item(trained.customizationId)).not.toHaveProperty('job');
    expect(await item(trained.customizationId)).not.toHaveProperty('DuePK');
    expect(await item(upgraded.customizationId)).toEqual(expect.objectContaining({
      status: 'available', versions: ['en-US_BroadbandModel.v2018-07-31', 'en-US_BroadbandModel.v2020-01-16'],
    }));
    expect(await item(crashed.customizationId)).not.toHaveProperty('lockOp');
    expect(await item(crashed.customizationId)).not.toHaveProperty('DuePK');
    expect(await item(running.customizationId)).toEqual(expect.objectContaining({ job: expect.objectContaining({ op: 'train' }) }));
    expect(await item(idle.customizationId)).toEqual(expect.objectContaining({ status: 'pending' }));
    const left = await dynamo().send(new QueryCommand({
      TableName: table(), KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': modelPk(deleted.customizationId) },
    }));
    expect(left.Items).toEqual([]);

    // A second run finds nothing due; the running job is found once its time has come.
    expect(await advanceDueModels(now)).toEqual(expect.objectContaining({ due: 0, settled: 0, repaired: 0, purged: 0 }));
    expect(await advanceDueModels(now + 60_000)).toEqual(expect.objectContaining({ due: 1, settled: 1 }));
    expect(await item(running.customizationId)).toEqual(expect.objectContaining({ status: 'available' }));
  });

  it('does not touch a model whose lock a request holds, even when its old job is due', async () => {
    const owner = caller();
    const now = Date.now();
    const model = await newModel(owner);
    await store.updateModel(model, {
      lockOp: 'addWords', lockExpires: now + 30_000,
      job: { op: 'train', dueAt: now - 1, runningStatus: 'training', thenStatus: 'available' },
    }, [], now - 1);
    expect(await advanceDueModels(now)).toEqual(expect.objectContaining({ due: 1, settled: 0, repaired: 0 }));
    expect(await item(model.customizationId)).toEqual(expect.objectContaining({ lockOp: 'addWords' }));
  });
});
