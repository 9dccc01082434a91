// deleteLanguageModel and resetLanguageModel against a mocked DynamoDB: tombstones, purges, races and conflicts.
import { BatchWriteCommand, DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler as deleteLanguageModel } from '../../functions/deleteLanguageModel';
import { handler as resetLanguageModel } from '../../functions/resetLanguageModel';
import { lockLeaseMs } from '../../lib/customization/access';
import { dueShard } from '../../lib/store/keys';
import { bodyOf } from './support/events';
import {
  HEADERS, ID, NO_COUNTS, NOW, OTHER_OWNER, OWNER, TABLE, conditionFailed, ddb, item, modelEvent, record, resetEvent, sent,
  useMockedStore,
} from './support/function-handlers';

useMockedStore();

describe('deleteLanguageModel', () => {
  it('tombstones the model, gives its slot back, then purges its children and the tombstone', async () => {
    ddb.on(GetCommand).resolves({ Item: item(record()) });
    ddb.on(UpdateCommand).resolves({});
    ddb.on(QueryCommand).resolves({
      Items: [{ PK: `MODEL#${ID}`, SK: 'G000000#WORD#hello' }, { PK: `MODEL#${ID}`, SK: 'G000001#CORPUS#c1' }],
    });
    ddb.on(BatchWriteCommand).resolves({});
    ddb.on(DeleteCommand).resolves({});
    const result = await deleteLanguageModel(modelEvent('DELETE'));
    expect(result).toEqual({ statusCode: 200, headers: HEADERS, body: '{}' });
    expect(sent()).toEqual(['GetCommand', 'UpdateCommand', 'UpdateCommand', 'QueryCommand', 'BatchWriteCommand', 'DeleteCommand']);
    const [tombstone, release] = ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(dueShard(ID)).toMatch(/^DUE#[0-7]$/);
    expect(tombstone).toEqual({
      TableName: TABLE,
      Key: { PK: `MODEL#${ID}`, SK: 'MODEL' },
      UpdateExpression: 'SET deleted = :true, DuePK = :duePk, DueSK = :dueSk, #revision = #revision + :one REMOVE OwnerPK, OwnerSK',
      ConditionExpression: '#revision = :expected AND attribute_not_exists(deleted)',
      ExpressionAttributeNames: { '#revision': 'revision' },
      ExpressionAttributeValues: { ':true': true, ':one': 1, ':expected': 3, ':duePk': dueShard(ID), ':dueSk': `00${NOW}#${ID}` },
    });
    expect(release).toEqual({
      TableName: TABLE,
      Key: { PK: `INSTANCE#${OWNER}`, SK: 'INSTANCE' },
      UpdateExpression: 'SET #count = #count - :one',
      ConditionExpression: '#count > :zero',
      ExpressionAttributeNames: { '#count': 'modelCount' },
      ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
    });
    expect(ddb.commandCalls(QueryCommand)[0].args[0].input).toEqual({
      TableName: TABLE,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': `MODEL#${ID}`, ':prefix': 'G' },
      ProjectionExpression: 'PK, SK',
      ExclusiveStartKey: undefined,
    });
    expect(ddb.commandCalls(BatchWriteCommand)[0].args[0].input).toEqual({
      RequestItems: {
        [TABLE]: [
          { DeleteRequest: { Key: { PK: `MODEL#${ID}`, SK: 'G000000#WORD#hello' } } },
          { DeleteRequest: { Key: { PK: `MODEL#${ID}`, SK: 'G000001#CORPUS#c1' } } },
        ],
      },
    });
    expect(ddb.commandCalls(DeleteCommand)[0].args[0].input).toEqual({
      TableName: TABLE,
      Key: { PK: `MODEL#${ID}`, SK: 'MODEL' },
      ConditionExpression: 'deleted = :true',
      ExpressionAttributeValues: { ':true': true },
    });
  });

  it('answers 401 for another instance\'s model and writes nothing', async () => {
    ddb.on(GetCommand).resolves({ Item: item(record({ owner: OTHER_OWNER })) });
    const result = await deleteLanguageModel(modelEvent('DELETE'));
    expect(result.statusCode).toBe(401);
    expect(bodyOf(result)).toEqual({ code: 401, code_description: 'Unauthorized', error: `Invalid customization_id (${ID}) for user` });
    expect(sent()).toEqual(['GetCommand']);
  });

  it('answers 409 while another operation holds the model', async () => {
    ddb.on(GetCommand).resolves({ Item: item(record({ lockOp: 'addCorpus', lockExpires: NOW + 1 })) });
    const result = await deleteLanguageModel(modelEvent('DELETE'));
    expect(result.statusCode).toBe(409);
    expect(bodyOf(result)).toEqual({
      code: 409,
      code_description: 'Conflict',
      error: `Cannot delete custom model '${ID}' while another request for it is in progress (addCorpus). `
        + 'Try the request again when the model\'s operation has completed.',
    });
    expect(sent()).toEqual(['GetCommand']);
  });
});

describe('resetLanguageModel', () => {
  // The new generation, with the lock taken for the purge (its lease puts the model in the due index).
  const RESET = 'SET #revision = #revision + :one, #status = :status, #generation = :generation, #updated = :updated, '
    + '#counts = :counts, #dataRevision = :dataRevision, #lockOp = :lockOp, #lockExpires = :lockExpires, '
    + '#duePk = :duePk, #dueSk = :dueSk REMOVE #error, #job, #snapshot, #helperModel, #trained';
  const LEASE_END = NOW + lockLeaseMs();
  const lockValues = { ':lockOp': 'reset', ':lockExpires': LEASE_END, ':duePk': dueShard(ID), ':dueSk': `00${LEASE_END}#${ID}` };

  it('re-reads and tries again after losing a race, then purges every older generation', async () => {
    ddb.on(GetCommand)
      .resolvesOnce({ Item: item(record({ revision: 3, generation: 0, error: 'old' })) })
      .resolvesOnce({ Item: item(record({ revision: 4, generation: 1, status: 'ready' })) });
    ddb.on(UpdateCommand)
      .rejectsOnce(conditionFailed())
      .resolves({ Attributes: item(record({ revision: 5, generation: 2, status: 'pending', updated: NOW })) });
    ddb.on(QueryCommand).resolves({ Items: [] });
    const result = await resetLanguageModel(resetEvent());
    expect(result).toEqual({ statusCode: 200, headers: HEADERS, body: '{}' });
    // The read, the lost race, the read again, the new generation with the lock, the purge, the lock's release.
    expect(sent()).toEqual(['GetCommand', 'UpdateCommand', 'GetCommand', 'UpdateCommand', 'QueryCommand', 'UpdateCommand']);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(2);
    const updates = ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(updates[0].ExpressionAttributeValues).toEqual({
      ':expected': 3, ':one': 1, ':status': 'pending', ':generation': 1, ':updated': NOW, ':counts': NO_COUNTS, ':dataRevision': 1, ...lockValues,
    });
    expect(updates[1]).toEqual({
      TableName: TABLE,
      Key: { PK: `MODEL#${ID}`, SK: 'MODEL' },
      UpdateExpression: RESET,
      ConditionExpression: '#revision = :expected AND attribute_not_exists(deleted)',
      ExpressionAttributeNames: {
        '#revision': 'revision', '#status': 'status', '#generation': 'generation', '#updated': 'updated', '#counts': 'counts',
        '#dataRevision': 'dataRevision', '#lockOp': 'lockOp', '#lockExpires': 'lockExpires', '#duePk': 'DuePK', '#dueSk': 'DueSK', '#error': 'error', '#job': 'job',
        '#snapshot': 'snapshot', '#helperModel': 'helperModel', '#trained': 'trained',
      },
      ExpressionAttributeValues: {
        ':expected': 4, ':one': 1, ':status': 'pending', ':generation': 2, ':updated': NOW, ':counts': NO_COUNTS, ':dataRevision': 1, ...lockValues,
      },
      ReturnValues: 'ALL_NEW',
    });
    expect(updates[2]).toEqual(expect.objectContaining({
      UpdateExpression: 'SET #revision = #revision + :one REMOVE #lockOp, #lockExpires, #DuePK, #DueSK',
      ExpressionAttributeValues: { ':expected': 5, ':one': 1 },
    }));
    expect(ddb.commandCalls(QueryCommand).map((call) => call.args[0].input.ExpressionAttributeValues))
      .toEqual([{ ':pk': `MODEL#${ID}`, ':from': 'G', ':to': 'G000002#' }]);
    expect(ddb.commandCalls(QueryCommand)[0].args[0].input.KeyConditionExpression).toBe('PK = :pk AND SK BETWEEN :from AND :to');
    expect(ddb.commandCalls(BatchWriteCommand)).toHaveLength(0);
  });

  it('answers 409 after losing the race five times', async () => {
    ddb.on(GetCommand).resolves({ Item: item(record()) });
    ddb.on(UpdateCommand).rejects(conditionFailed());
    const result = await resetLanguageModel(resetEvent());
    expect(result.statusCode).toBe(409);
    expect(bodyOf(result)).toEqual({
      code: 409,
      code_description: 'Conflict',
      error: `Cannot reset custom model '${ID}': it is being changed by other requests. Try the request again.`,
    });
    expect([ddb.commandCalls(GetCommand).length, ddb.commandCalls(UpdateCommand).length]).toEqual([5, 5]);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('answers 409 while the model is training, without writing', async () => {
    ddb.on(GetCommand).resolves({ Item: item(record({ status: 'training' })) });
    const result = await resetLanguageModel(resetEvent());
    expect(result.statusCode).toBe(409);
    expect((bodyOf(result) as { error: string }).error).toBe(`Cannot reset custom model '${ID}' while another request for it is in progress `
      + '(training). Try the request again when the model\'s operation has completed.');
    expect(sent()).toEqual(['GetCommand']);
  });

  it('answers 401 when the model disappeared between the lost race and the re-read', async () => {
    ddb.on(GetCommand).resolvesOnce({ Item: item(record()) }).resolves({ Item: { ...item(record({ revision: 4 })), deleted: true } });
    ddb.on(UpdateCommand).rejects(conditionFailed());
    const result = await resetLanguageModel(resetEvent());
    expect(result.statusCode).toBe(401);
    expect(sent()).toEqual(['GetCommand', 'UpdateCommand', 'GetCommand']);
  });
});
