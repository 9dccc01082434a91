// createLanguageModel against a mocked DynamoDB: the per-instance model slot, its limit and repairs, and refused bodies.
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler as createLanguageModel } from '../../functions/createLanguageModel';
import { bodyOf } from './support/events';
import {
  NO_COUNTS, NOW, OWNER, TABLE, conditionFailed, createEvent, ddb, errorLines, sent, throttled, useMockedStore,
} from './support/function-handlers';

useMockedStore();

describe('createLanguageModel', () => {
  const body = { name: 'Cardiology terms', base_model_name: 'en-US_BroadbandModel', description: 'calls' };
  const INCREMENT = 'SET #count = if_not_exists(#count, :zero) + :one';
  const increment = (limit = 1024) => ({
    TableName: TABLE,
    Key: { PK: `INSTANCE#${OWNER}`, SK: 'INSTANCE' },
    UpdateExpression: INCREMENT,
    ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
    ExpressionAttributeNames: { '#count': 'modelCount' },
    ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':limit': limit },
  });

  it('takes a slot and stores a pending model, answering 201 with only its id', async () => {
    ddb.on(UpdateCommand).resolves({});
    ddb.on(PutCommand).resolves({});
    const result = await createLanguageModel(createEvent(body));
    expect(result.statusCode).toBe(201);
    const { customization_id: id } = bodyOf(result) as { customization_id: string };
    expect(result.body).toBe(JSON.stringify({ customization_id: id }));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(sent()).toEqual(['UpdateCommand', 'PutCommand']);
    expect(ddb.commandCalls(UpdateCommand)[0].args[0].input).toEqual(increment());
    expect(ddb.commandCalls(PutCommand)[0].args[0].input).toEqual({
      TableName: TABLE,
      ConditionExpression: 'attribute_not_exists(PK)',
      Item: {
        customizationId: id,
        owner: OWNER,
        name: 'Cardiology terms',
        description: 'calls',
        baseModelName: 'en-US_BroadbandModel',
        language: 'en-US',
        dialect: 'en-US',
        versions: ['en-US_BroadbandModel.v2018-07-31'],
        created: NOW,
        updated: NOW,
        status: 'pending',
        revision: 1,
        generation: 0,
        counts: NO_COUNTS,
        PK: `MODEL#${id}`,
        SK: 'MODEL',
        OwnerPK: `OWNER#${OWNER}`,
        OwnerSK: `en-US#2024-03-05T17:02:11.408Z#${id}`,
      },
    });
  });

  it('answers 400 with the limit message when the counter is full and the count confirms it', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({ Item: { PK: `INSTANCE#${OWNER}`, SK: 'INSTANCE', modelCount: 1024 } });
    ddb.on(QueryCommand).resolves({ Count: 1024, Items: [] });
    const result = await createLanguageModel(createEvent(body));
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({
      code: 400,
      code_description: 'Bad Request',
      error: 'The maximum number of custom language models (1024) for this service instance has been reached. '
        + 'Delete a custom language model before you create another one.',
    });
    expect(sent()).toEqual(['UpdateCommand', 'GetCommand', 'QueryCommand']);
    expect(ddb.commandCalls(GetCommand)[0].args[0].input).toEqual({
      TableName: TABLE, Key: { PK: `INSTANCE#${OWNER}`, SK: 'INSTANCE' }, ConsistentRead: true,
    });
    expect(ddb.commandCalls(QueryCommand)[0].args[0].input).toEqual({
      TableName: TABLE,
      IndexName: 'byOwner',
      KeyConditionExpression: 'OwnerPK = :owner',
      ExpressionAttributeValues: { ':owner': `OWNER#${OWNER}` },
      Select: 'COUNT',
      ExclusiveStartKey: undefined,
    });
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('counts over every page of the owner index', async () => {
    ddb.on(UpdateCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({ Item: { modelCount: 1024 } });
    ddb.on(QueryCommand)
      .resolvesOnce({ Count: 1000, LastEvaluatedKey: { PK: 'a' } })
      .resolvesOnce({ Count: 24 });
    const result = await createLanguageModel(createEvent(body));
    expect(result.statusCode).toBe(400);
    expect(ddb.commandCalls(QueryCommand).map((call) => call.args[0].input.ExclusiveStartKey)).toEqual([undefined, { PK: 'a' }]);
  });

  it('corrects a counter that drifted above the real count, then takes the slot', async () => {
    ddb.on(UpdateCommand, { UpdateExpression: INCREMENT }).rejectsOnce(conditionFailed()).resolves({});
    ddb.on(UpdateCommand, { UpdateExpression: 'SET #count = :actual' }).resolves({});
    ddb.on(GetCommand).resolves({ Item: { modelCount: 1024 } });
    ddb.on(QueryCommand).resolves({ Count: 1000 });
    ddb.on(PutCommand).resolves({});
    const result = await createLanguageModel(createEvent(body));
    expect(result.statusCode).toBe(201);
    expect(sent()).toEqual(['UpdateCommand', 'GetCommand', 'QueryCommand', 'UpdateCommand', 'UpdateCommand', 'PutCommand']);
    expect(ddb.commandCalls(UpdateCommand)[1].args[0].input).toEqual({
      TableName: TABLE,
      Key: { PK: `INSTANCE#${OWNER}`, SK: 'INSTANCE' },
      UpdateExpression: 'SET #count = :actual',
      ConditionExpression: '#count = :counted',
      ExpressionAttributeNames: { '#count': 'modelCount' },
      ExpressionAttributeValues: { ':actual': 1000, ':counted': 1024 },
    });
  });

  it('takes its limit from STT_MAX_MODELS_PER_INSTANCE', async () => {
    process.env.STT_MAX_MODELS_PER_INSTANCE = '2';
    ddb.on(UpdateCommand).rejects(conditionFailed());
    ddb.on(GetCommand).resolves({ Item: { modelCount: 2 } });
    ddb.on(QueryCommand).resolves({ Count: 2 });
    const result = await createLanguageModel(createEvent(body));
    expect((bodyOf(result) as { error: string }).error).toBe('The maximum number of custom language models (2) for this service instance '
      + 'has been reached. Delete a custom language model before you create another one.');
    expect(ddb.commandCalls(UpdateCommand)[0].args[0].input).toEqual(increment(2));
  });

  it('gives the slot back when storing the model fails, and answers 500', async () => {
    ddb.on(UpdateCommand).resolves({});
    ddb.on(PutCommand).rejects(throttled());
    const result = await createLanguageModel(createEvent(body));
    expect(result.statusCode).toBe(500);
    expect(sent()).toEqual(['UpdateCommand', 'PutCommand', 'UpdateCommand']);
    expect(ddb.commandCalls(UpdateCommand)[1].args[0].input).toEqual({
      TableName: TABLE,
      Key: { PK: `INSTANCE#${OWNER}`, SK: 'INSTANCE' },
      UpdateExpression: 'SET #count = #count - :one',
      ConditionExpression: '#count > :zero',
      ExpressionAttributeNames: { '#count': 'modelCount' },
      ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
    });
    expect(errorLines()).toHaveLength(1);
  });

  it('answers a throttled counter update as a 500, without storing anything', async () => {
    ddb.on(UpdateCommand).rejects(throttled());
    const result = await createLanguageModel(createEvent(body));
    expect(result.statusCode).toBe(500);
    expect(sent()).toEqual(['UpdateCommand']);
  });

  it('refuses a bad body before touching the store', async () => {
    const cases: [ReturnType<typeof createEvent>, number, string][] = [
      [createEvent(body, 'text/plain'), 415, 'Unsupported Content-Type \'text/plain\': the request body must be \'application/json\'.'],
      [createEvent([body]), 400, 'Malformed JSON: the request body must be a JSON object.'],
      [createEvent({ ...body, base_model_name: 'zh-CN_BroadbandModel' }), 400,
        'The base model \'zh-CN_BroadbandModel\' does not support language model customization.'],
      [createEvent({ ...body, name: 'a/b' }), 400, 'Invalid value for \'name\': the name must not contain any of the characters \\ / : = & ?'],
    ];
    for (const [request, status, error] of cases) {
      const result = await createLanguageModel(request);
      expect([result.statusCode, (bodyOf(result) as { error: string }).error]).toEqual([status, error]);
    }
    expect(sent()).toEqual([]);
  });
});
