// The functions that read language models (getLanguageModel, listLanguageModels) against a mocked DynamoDB.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler as getLanguageModel } from '../../functions/getLanguageModel';
import { handler as listLanguageModels } from '../../functions/listLanguageModels';
import { bodyOf, httpEvent } from './support/events';
import {
  AUTH, CREATED, GATEWAY_401, HEADERS, ID, OTHER_OWNER, OWNER, TABLE, ddb, errorLines, event, item, modelEvent, modelJson,
  record, sent, stdout, throttled, useMockedStore,
} from './support/function-handlers';

useMockedStore();

describe('getLanguageModel', () => {
  it('answers the stored model\'s JSON, read consistently by key', async () => {
    const r = record();
    ddb.on(GetCommand).resolves({ Item: item(r) });
    const result = await getLanguageModel(modelEvent('GET'));
    expect(result).toEqual({ statusCode: 200, headers: HEADERS, body: JSON.stringify(modelJson(r)) });
    expect(sent()).toEqual(['GetCommand']);
    expect(ddb.commandCalls(GetCommand)[0].args[0].input).toEqual({
      TableName: TABLE, Key: { PK: `MODEL#${ID}`, SK: 'MODEL' }, ConsistentRead: true,
    });
  });

  it('looks an upper-case id up in lower case and answers under /instances/{id} too', async () => {
    ddb.on(GetCommand).resolves({ Item: item(record({ status: 'pending', error: 'grammar failed' })) });
    const upper = ID.toUpperCase();
    const result = await getLanguageModel(event({
      path: `/instances/abc/v1/customizations/${upper}`, pathParameters: { instance_id: 'abc', customization_id: upper },
    }));
    expect(result.statusCode).toBe(200);
    expect(bodyOf(result)).toEqual({ ...modelJson(record({ status: 'pending' })), error: 'grammar failed' });
    expect(ddb.commandCalls(GetCommand)[0].args[0].input.Key).toEqual({ PK: `MODEL#${ID}`, SK: 'MODEL' });
  });

  it('names unknown query parameters in warnings', async () => {
    ddb.on(GetCommand).resolves({ Item: item(record()) });
    const result = await getLanguageModel(modelEvent('GET', ID, { query: 'foo=1&bar=2&foo=3' }));
    expect(result.body).toBe(JSON.stringify({ ...modelJson(record()), warnings: 'Unexpected query parameter(s) [\'foo\', \'bar\'] detected' }));
  });

  it('answers 401 for a model of another instance, a tombstone or no model', async () => {
    for (const stored of [item(record({ owner: OTHER_OWNER })), { ...item(record()), deleted: true }, undefined]) {
      ddb.reset();
      ddb.on(GetCommand).resolves({ Item: stored });
      const result = await getLanguageModel(modelEvent('GET'));
      expect(result.statusCode).toBe(401);
      expect(bodyOf(result)).toEqual({ code: 401, code_description: 'Unauthorized', error: `Invalid customization_id (${ID}) for user` });
    }
  });

  it('answers 400 for a malformed id without reading the store', async () => {
    const result = await getLanguageModel(modelEvent('GET', 'not-a-guid'));
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({ code: 400, code_description: 'Bad Request', error: 'Malformed GUID: \'not-a-guid\'' });
    expect(sent()).toEqual([]);
  });

  it('answers the gateway 401 without credentials, before reading the store', async () => {
    const result = await getLanguageModel(httpEvent({ path: `/v1/customizations/${ID}`, pathParameters: { customization_id: ID } }));
    expect([result.statusCode, bodyOf(result)]).toEqual([401, GATEWAY_401]);
    expect(sent()).toEqual([]);
  });

  it('answers a DynamoDB throttling error as a 500 naming the request, logged once', async () => {
    ddb.on(GetCommand).rejects(throttled());
    const result = await getLanguageModel(modelEvent('GET', ID, { requestId: 'req-throttle-1' }));
    expect(result.statusCode).toBe(500);
    expect(bodyOf(result)).toEqual({
      code: 500, code_description: 'Internal Server Error', error: 'Internal error while processing request req-throttle-1.',
    });
    expect(stdout).toHaveBeenCalledTimes(1);
    const logged = errorLines()[0];
    expect(JSON.parse(logged)).toMatchObject({
      requestId: 'req-throttle-1', operation: 'getLanguageModel', status: 500, error: { name: 'ProvisionedThroughputExceededException' },
    });
    expect(logged).not.toContain(AUTH.slice('Basic '.length));
  });
});

describe('listLanguageModels', () => {
  const a = record();
  const b = record({ customizationId: '6e1d0b4f-8a2c-4d3e-8f9b-2c3d4e5f6071', name: 'B', created: CREATED + 5000, status: 'pending' });

  it('lists the caller\'s models over every page, skipping tombstones', async () => {
    ddb.on(QueryCommand)
      .resolvesOnce({ Items: [item(a)], LastEvaluatedKey: { OwnerPK: 'x' } })
      .resolvesOnce({ Items: [item(b), { ...item(record({ customizationId: '7f2e1c5a-9b3d-4e4f-a0ac-3d4e5f607182' })), deleted: true }] });
    const result = await listLanguageModels(event({ path: '/v1/customizations' }));
    expect(result.statusCode).toBe(200);
    expect(result.body).toBe(JSON.stringify({ customizations: [modelJson(a), modelJson(b)] }));
    const inputs = ddb.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(inputs[0]).toEqual({
      TableName: TABLE,
      IndexName: 'byOwner',
      KeyConditionExpression: 'OwnerPK = :owner',
      ExpressionAttributeValues: { ':owner': `OWNER#${OWNER}` },
      ExclusiveStartKey: undefined,
    });
    expect(inputs[1].ExclusiveStartKey).toEqual({ OwnerPK: 'x' });
  });

  it('filters by a language given in any case, as a key prefix', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    const result = await listLanguageModels(event({ path: '/v1/customizations', query: 'language=EN-us' }));
    expect([result.statusCode, result.body]).toEqual([200, '{"customizations":[]}']);
    expect(ddb.commandCalls(QueryCommand)[0].args[0].input).toEqual({
      TableName: TABLE,
      IndexName: 'byOwner',
      KeyConditionExpression: 'OwnerPK = :owner AND begins_with(OwnerSK, :language)',
      ExpressionAttributeValues: { ':owner': `OWNER#${OWNER}`, ':language': 'en-US#' },
      ExclusiveStartKey: undefined,
    });
  });

  it('answers 400 for an unknown language without querying', async () => {
    const result = await listLanguageModels(event({ path: '/v1/customizations', query: 'language=xx-XX' }));
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({ code: 400, code_description: 'Bad Request', error: 'Invalid value for \'language\': \'xx-XX\' is not a supported language.' });
    expect(sent()).toEqual([]);
  });
});
