import { randomUUID } from 'node:crypto';
import { BatchWriteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../lib/auth/identity';
import { ApiError } from '../../lib/errors';
import * as models from '../../lib/language-models/service';
import { dynamo } from '../../lib/store/client';
import { childSk, instancePk, modelPk } from '../../lib/store/keys';
import { NO_QUERY, useTestStore } from '../support/store';

useTestStore();

const newCaller = (): Caller => ({ instanceId: randomUUID() });
const table = () => process.env.STT_TABLE!;
const body = (extra: Record<string, unknown> = {}) => ({ name: 'model', base_model_name: 'en-US_Telephony', ...extra });

async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

/** Every item of a model's partition, as stored. */
async function partition(customizationId: string) {
  const { Items } = await dynamo().send(new QueryCommand({
    TableName: table(), KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': modelPk(customizationId) },
  }));
  return Items ?? [];
}

async function putChildren(customizationId: string, generation: number, count: number) {
  for (let start = 0; start < count; start += 25) {
    const items = Array.from({ length: Math.min(25, count - start) }, (_, i) => ({
      PutRequest: { Item: { PK: modelPk(customizationId), SK: childSk(generation, 'WORD', `word${start + i}`), count: 1 } },
    }));
    await dynamo().send(new BatchWriteCommand({ RequestItems: { [table()]: items } }));
  }
}

async function modelCount(owner: string): Promise<number | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: { PK: instancePk(owner), SK: 'INSTANCE' } }));
  return Item?.modelCount;
}

afterEach(() => {
  delete process.env.STT_MAX_MODELS_PER_INSTANCE;
});

describe('model service on dynalite', () => {
  it('stores exactly what the service returns, and lists per owner and language', async () => {
    const caller = newCaller();
    const { customization_id: id } = await models.createLanguageModel(caller, body({ description: 'd', dialect: 'EN-us' }));
    const got = await models.getLanguageModel(caller, id.toUpperCase(), new URLSearchParams());
    expect(got).toEqual({
      customization_id: id, created: got.created, updated: got.created, language: 'en-US', dialect: 'en-US',
      versions: [expect.stringMatching(/^en-US_Telephony\.v\d{4}-\d{2}-\d{2}$/)], owner: caller.instanceId, name: 'model',
      description: 'd', base_model_name: 'en-US_Telephony', status: 'pending', progress: 0,
    });
    const { customization_id: german } = await models.createLanguageModel(caller, body({ base_model_name: 'de-DE_Telephony' }));
    await models.createLanguageModel(newCaller(), body());
    expect((await models.listLanguageModels(caller, NO_QUERY)).customizations.map((m) => m.customization_id).sort()).toEqual([id, german].sort());
    expect((await models.listLanguageModels(caller, new URLSearchParams({ language: 'de-de' }))).customizations.map((m) => m.customization_id)).toEqual([german]);
    expect((await models.listLanguageModels(caller, new URLSearchParams({ language: 'ja-JP' }))).customizations).toEqual([]);
    expect(await modelCount(caller.instanceId)).toBe(2);
  });

  it('reset returns the model to its just-created state and purges every child of the old generation', async () => {
    const caller = newCaller();
    const { customization_id: id } = await models.createLanguageModel(caller, body());
    const before = await models.getLanguageModel(caller, id, new URLSearchParams());
    await putChildren(id, 0, 60);
    expect(await partition(id)).toHaveLength(61);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await models.resetLanguageModel(caller, id)).toEqual({});
    const items = await partition(id);
    expect(items.map((item) => item.SK)).toEqual(['MODEL']);
    // Two writes: the new generation with the lock taken for the purge, then the lock's release.
    expect(items[0]).toEqual(expect.objectContaining({ generation: 1, revision: 3, status: 'pending' }));
    expect(items[0].lockOp).toBeUndefined();
    const after = await models.getLanguageModel(caller, id, new URLSearchParams());
    expect(after).toEqual({ ...before, updated: after.updated });
    expect(Date.parse(after.updated)).toBeGreaterThan(Date.parse(before.updated));
  });

  it('delete removes the model, its children and its slot; the id then answers 401', async () => {
    const caller = newCaller();
    const { customization_id: id } = await models.createLanguageModel(caller, body());
    await putChildren(id, 0, 30);
    expect(await models.deleteLanguageModel(caller, id)).toEqual({});
    expect(await partition(id)).toEqual([]);
    expect(await modelCount(caller.instanceId)).toBe(0);
    expect((await apiError(models.getLanguageModel(caller, id, new URLSearchParams()))).status).toBe(401);
    expect((await apiError(models.deleteLanguageModel(caller, id))).status).toBe(401);
    expect((await models.listLanguageModels(caller, NO_QUERY)).customizations).toEqual([]);
  });

  it('refuses another instance every access to a model, and leaves it unchanged', async () => {
    const owner = newCaller();
    const stranger = newCaller();
    const { customization_id: id } = await models.createLanguageModel(owner, body());
    const before = await partition(id);
    for (const attempt of [
      models.getLanguageModel(stranger, id, new URLSearchParams()), models.resetLanguageModel(stranger, id), models.deleteLanguageModel(stranger, id),
    ]) {
      const error = await apiError(attempt);
      expect([error.status, error.message]).toEqual([401, `Invalid customization_id (${id}) for user`]);
    }
    expect(await partition(id)).toEqual(before);
  });

  it('refuses changes with 409 while the model is locked, and accepts them once the lease has run out', async () => {
    const caller = newCaller();
    const { customization_id: id } = await models.createLanguageModel(caller, body());
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const lock = (expires: number) => dynamo().send(new UpdateCommand({
      TableName: table(), Key: { PK: modelPk(id), SK: 'MODEL' },
      UpdateExpression: 'SET lockOp = :op, lockExpires = :expires', ExpressionAttributeValues: { ':op': 'addCorpus', ':expires': expires },
    }));
    await lock(Date.now() + 60_000);
    for (const attempt of [models.resetLanguageModel(caller, id), models.deleteLanguageModel(caller, id)]) {
      expect((await apiError(attempt)).status).toBe(409);
    }
    expect((await models.getLanguageModel(caller, id, new URLSearchParams())).status).toBe('pending');
    await lock(Date.now() - 1);
    expect(await models.resetLanguageModel(caller, id)).toEqual({});
  });

  it('enforces the 1024-models limit per instance, also under racing creates, and frees a slot on delete', async () => {
    const caller = newCaller();
    const ids: string[] = [];
    for (let i = 0; i < 1020; i++) ids.push((await models.createLanguageModel(caller, body({ name: `m${i}` }))).customization_id);
    const race = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => models.createLanguageModel(caller, body({ name: `r${i}` }))));
    expect(race.filter((result) => result.status === 'fulfilled')).toHaveLength(4);
    for (const result of race.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
      expect(result.reason).toBeInstanceOf(ApiError);
      expect([result.reason.status, result.reason.message]).toEqual([400,
        'The maximum number of custom language models (1024) for this service instance has been reached. '
        + 'Delete a custom language model before you create another one.']);
    }
    expect((await models.listLanguageModels(caller, NO_QUERY)).customizations).toHaveLength(1024);
    expect(await modelCount(caller.instanceId)).toBe(1024);
    expect((await apiError(models.createLanguageModel(caller, body()))).status).toBe(400);
    await models.deleteLanguageModel(caller, ids[0]);
    await models.createLanguageModel(caller, body({ name: 'after delete' }));
    expect((await models.listLanguageModels(caller, NO_QUERY)).customizations).toHaveLength(1024);
    // another instance is unaffected
    await models.createLanguageModel(newCaller(), body());
  });

  it('repairs a model counter that drifted above the real number of models', async () => {
    process.env.STT_MAX_MODELS_PER_INSTANCE = '3';
    const caller = newCaller();
    await models.createLanguageModel(caller, body());
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    await dynamo().send(new UpdateCommand({
      TableName: table(), Key: { PK: instancePk(caller.instanceId), SK: 'INSTANCE' },
      UpdateExpression: 'SET modelCount = :n', ExpressionAttributeValues: { ':n': 3 },
    }));
    await models.createLanguageModel(caller, body());
    expect(await modelCount(caller.instanceId)).toBe(2);
    await models.createLanguageModel(caller, body());
    expect((await apiError(models.createLanguageModel(caller, body()))).status).toBe(400);
  });

  it('lets exactly one of many racing deletes succeed; the others answer 401', async () => {
    const caller = newCaller();
    const { customization_id: id } = await models.createLanguageModel(caller, body());
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => models.deleteLanguageModel(caller, id)));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
      expect((result.reason as ApiError).status).toBe(401);
    }
    expect(await modelCount(caller.instanceId)).toBe(0);
  });

  it('never loses a reset under racing resets: each one bumps the generation once', async () => {
    const caller = newCaller();
    const { customization_id: id } = await models.createLanguageModel(caller, body());
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => models.resetLanguageModel(caller, id)));
    const succeeded = results.filter((result) => result.status === 'fulfilled').length;
    for (const result of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
      expect((result.reason as ApiError).status).toBe(409);
    }
    const [model] = await partition(id);
    expect(model.generation).toBe(succeeded);
    expect(model.revision).toBe(1 + 2 * succeeded); // each reset: the new generation with the lock, then its release
  });
});
