import { ConditionalCheckFailedException, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { handler as createLanguageModel } from '../../functions/createLanguageModel';
import { handler as deleteLanguageModel } from '../../functions/deleteLanguageModel';
import { handler as getLanguageModel } from '../../functions/getLanguageModel';
import { handler as getModel } from '../../functions/getModel';
import { handler as issueToken } from '../../functions/issueToken';
import { handler as listLanguageModels } from '../../functions/listLanguageModels';
import { handler as listModels } from '../../functions/listModels';
import { handler as resetLanguageModel } from '../../functions/resetLanguageModel';
import { handler as routeNotFound } from '../../functions/routeNotFound';
import { clock } from '../../lib/clock';
import { nameGuid } from '../../lib/ids';
import type { ModelRecord } from '../../lib/models/record';
import { resetDynamoClient } from '../../lib/store/client';
import { dueShard } from '../../lib/store/keys';
import { basic, bodyOf, httpEvent, useCleanEnv, type EventOptions } from './support/events';

const ddb = mockClient(DynamoDBDocumentClient);

const TABLE = 'unit-table';
const NOW = Date.UTC(2024, 2, 5, 17, 2, 11, 408);
const CREATED = Date.UTC(2024, 1, 1, 9, 0, 0, 0);
const API_KEY = 'apikey:unit-key';
const AUTH = basic(API_KEY);
const OWNER = nameGuid(`credential:${API_KEY}`);
const OTHER_OWNER = nameGuid('credential:apikey:someone-else');
const ID = '5d0c9a3e-7f1b-4c2d-9e8a-1b2c3d4e5f60';
const JSON_TYPE = 'application/json; charset=utf-8';
/** The headers of every answer: JSON, and the request id (the events' default). */
const HEADERS = { 'content-type': JSON_TYPE, 'x-global-transaction-id': 'req-unit-1' };
const GATEWAY_401 = { code: 401, error: 'Unauthorized' };

const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
const throttled = () => new ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds the allowed throughput.', $metadata: {} });

const record = (overrides: Partial<ModelRecord> = {}): ModelRecord => ({
  customizationId: ID,
  owner: OWNER,
  name: 'Cardiology terms',
  description: 'Terms used by the cardiology call center',
  baseModelName: 'en-US_Telephony',
  language: 'en-US',
  dialect: 'en-US',
  versions: ['en-US_Telephony.v2023-02-06'],
  created: CREATED,
  updated: CREATED + 1000,
  status: 'available',
  revision: 3,
  generation: 0,
  ...overrides,
});

/** The model as the store keeps it (lib/store/models.ts toItem). */
const item = (r: ModelRecord): Record<string, unknown> => ({
  ...r,
  PK: `MODEL#${r.customizationId}`,
  SK: 'MODEL',
  OwnerPK: `OWNER#${r.owner}`,
  OwnerSK: `${r.language}#${new Date(r.created).toISOString()}#${r.customizationId}`,
});

const modelJson = (r: ModelRecord) => ({
  customization_id: r.customizationId,
  created: new Date(r.created).toISOString(),
  updated: new Date(r.updated).toISOString(),
  language: r.language,
  dialect: r.dialect,
  versions: r.versions,
  owner: r.owner,
  name: r.name,
  description: r.description,
  base_model_name: r.baseModelName,
  status: r.status,
  progress: r.status === 'available' ? 100 : 0,
});

const event = (options: EventOptions) => httpEvent({ ...options, headers: { Authorization: AUTH, Host: 'stt.local', ...options.headers } });
const modelEvent = (method: string, id = ID, extra: EventOptions = {}) =>
  event({ method, path: `/v1/customizations/${id}`, pathParameters: { customization_id: id }, ...extra });
const resetEvent = (id = ID) =>
  event({ method: 'POST', path: `/v1/customizations/${id}/reset`, pathParameters: { customization_id: id } });
const createEvent = (body: unknown, contentType = 'application/json') =>
  event({ method: 'POST', path: '/v1/customizations', headers: { 'Content-Type': contentType }, body: JSON.stringify(body) });

/** The names of the commands sent, in order. */
const sent = () => ddb.calls().map((call) => (call.args[0] as object).constructor.name);

/** The log lines written (lib/log.ts: one process.stdout.write per line), silenced. */
let stdout: MockInstance<typeof process.stdout.write>;
const errorLines = () => stdout.mock.calls.map((call) => String(call[0])).filter((line) => line.startsWith('{"level":"error"'));

useCleanEnv();
beforeEach(() => {
  ddb.reset();
  resetDynamoClient();
  process.env.STT_TABLE = TABLE;
  // The service paths alone; the control API's fault check (one query per call) has its own tests at the end.
  process.env.STT_CONTROLS = 'off';
  vi.spyOn(clock, 'now').mockReturnValue(NOW);
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
  resetDynamoClient();
});
afterAll(() => {
  ddb.restore();
});

const NO_COUNTS = { corpora: 0, invalidCorpora: 0, words: 0, invalidWords: 0, totalWords: 0 };

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

describe('createLanguageModel', () => {
  const body = { name: 'Cardiology terms', base_model_name: 'en-US_BroadbandModel', description: 'calls' };
  const INCREMENT = 'SET modelCount = if_not_exists(modelCount, :zero) + :one';
  const increment = (limit = 1024) => ({
    TableName: TABLE,
    Key: { PK: `INSTANCE#${OWNER}`, SK: 'INSTANCE' },
    UpdateExpression: INCREMENT,
    ConditionExpression: 'attribute_not_exists(modelCount) OR modelCount < :limit',
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
    ddb.on(UpdateCommand, { UpdateExpression: 'SET modelCount = :actual' }).resolves({});
    ddb.on(GetCommand).resolves({ Item: { modelCount: 1024 } });
    ddb.on(QueryCommand).resolves({ Count: 1000 });
    ddb.on(PutCommand).resolves({});
    const result = await createLanguageModel(createEvent(body));
    expect(result.statusCode).toBe(201);
    expect(sent()).toEqual(['UpdateCommand', 'GetCommand', 'QueryCommand', 'UpdateCommand', 'UpdateCommand', 'PutCommand']);
    expect(ddb.commandCalls(UpdateCommand)[1].args[0].input).toEqual({
      TableName: TABLE,
      Key: { PK: `INSTANCE#${OWNER}`, SK: 'INSTANCE' },
      UpdateExpression: 'SET modelCount = :actual',
      ConditionExpression: 'modelCount = :counted',
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
      UpdateExpression: 'SET modelCount = modelCount - :one',
      ConditionExpression: 'modelCount > :zero',
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
      UpdateExpression: 'SET modelCount = modelCount - :one',
      ConditionExpression: 'modelCount > :zero',
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
  const RESET = 'SET #revision = #revision + :one, #status = :status, #generation = :generation, #updated = :updated, '
    + '#counts = :counts, #dataRevision = :dataRevision REMOVE #error, #job, #lockOp, #lockExpires, #snapshot, #DuePK, #DueSK';

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
    expect(sent()).toEqual(['GetCommand', 'UpdateCommand', 'GetCommand', 'UpdateCommand', 'QueryCommand']);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(2);
    const updates = ddb.commandCalls(UpdateCommand).map((call) => call.args[0].input);
    expect(updates[0].ExpressionAttributeValues).toEqual({
      ':expected': 3, ':one': 1, ':status': 'pending', ':generation': 1, ':updated': NOW, ':counts': NO_COUNTS, ':dataRevision': 1,
    });
    expect(updates[1]).toEqual({
      TableName: TABLE,
      Key: { PK: `MODEL#${ID}`, SK: 'MODEL' },
      UpdateExpression: RESET,
      ConditionExpression: '#revision = :expected AND attribute_not_exists(deleted)',
      ExpressionAttributeNames: {
        '#revision': 'revision', '#status': 'status', '#generation': 'generation', '#updated': 'updated', '#counts': 'counts',
        '#dataRevision': 'dataRevision', '#error': 'error', '#job': 'job', '#lockOp': 'lockOp', '#lockExpires': 'lockExpires', '#snapshot': 'snapshot',
        '#DuePK': 'DuePK', '#DueSK': 'DueSK',
      },
      ExpressionAttributeValues: {
        ':expected': 4, ':one': 1, ':status': 'pending', ':generation': 2, ':updated': NOW, ':counts': NO_COUNTS, ':dataRevision': 1,
      },
      ReturnValues: 'ALL_NEW',
    });
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

describe('listModels / getModel', () => {
  it('lists the base models with URLs of the service as the client sees it', async () => {
    const result = await listModels(event({ path: '/instances/i-1/v1/models', headers: { 'X-Forwarded-Proto': 'https' } }));
    expect(result.statusCode).toBe(200);
    const { models } = bodyOf(result) as { models: { name: string; url: string }[] };
    expect(models.find((m) => m.name === 'en-US_Telephony')).toEqual({
      name: 'en-US_Telephony',
      language: 'en-US',
      rate: 8000,
      url: 'https://stt.local/instances/i-1/v1/models/en-US_Telephony',
      supported_features: { custom_language_model: true, custom_acoustic_model: false, speaker_labels: true, low_latency: true },
      description: 'US English telephony model for narrowband audio (8kHz)',
    });
    expect(models.some((m) => m.name === 'en-UK_NarrowbandModel')).toBe(false);
    expect(sent()).toEqual([]);
  });

  it('answers one base model, an unlisted alias too, and 404 for an unknown one', async () => {
    const alias = await getModel(event({ path: '/v1/models/en-UK_BroadbandModel', pathParameters: { model_id: 'en-UK_BroadbandModel' } }));
    expect(alias.statusCode).toBe(200);
    expect(bodyOf(alias)).toMatchObject({ name: 'en-UK_BroadbandModel', language: 'en-GB', rate: 16000, url: 'http://stt.local/v1/models/en-UK_BroadbandModel' });
    const missing = await getModel(event({ path: '/v1/models/%EF%BD%9A', pathParameters: { model_id: 'ｚ' } }));
    expect([missing.statusCode, bodyOf(missing)]).toEqual([404, { code: 404, code_description: 'No Such Resource', error: 'Model ｚ not found' }]);
  });

  it('answer the gateway 401 without credentials', async () => {
    for (const result of [await listModels(httpEvent({ path: '/v1/models' })),
      await getModel(httpEvent({ path: '/v1/models/en-US', pathParameters: { model_id: 'en-US' } }))]) {
      expect([result.statusCode, bodyOf(result)]).toEqual([401, GATEWAY_401]);
    }
  });
});

describe('issueToken', () => {
  it('exchanges a base64 form body for a token that the API then takes as Basic apikey:K', async () => {
    const form = 'grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=unit-key&response_type=cloud_iam';
    const result = await issueToken(httpEvent({
      method: 'POST',
      path: '/identity/token',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: Buffer.from(form).toString('base64'),
      isBase64Encoded: true,
    }));
    expect(result.statusCode).toBe(200);
    expect(result.headers).toEqual(HEADERS);
    const token = bodyOf(result) as { access_token: string; token_type: string; expires_in: number; expiration: number };
    expect([token.token_type, token.expires_in, token.expiration]).toEqual(['Bearer', 3600, Math.floor(NOW / 1000) + 3600]);

    ddb.on(GetCommand).resolves({ Item: item(record()) });
    const got = await getLanguageModel(httpEvent({
      path: `/v1/customizations/${ID}`, pathParameters: { customization_id: ID }, headers: { Authorization: `Bearer ${token.access_token}` },
    }));
    expect([got.statusCode, (bodyOf(got) as { owner: string }).owner]).toEqual([200, OWNER]);
  });

  it('answers IAM\'s error body for a bad request', async () => {
    const result = await issueToken(httpEvent({ method: 'POST', path: '/identity/token', body: 'apikey=k', requestId: 'iam-9' }));
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toEqual({
      errorCode: 'BXNIM0109E',
      errorMessage: 'Property missing or empty. Property name: grant_type',
      context: { requestId: 'iam-9', url: 'https://iam.cloud.ibm.com/identity/token' },
    });
  });
});

describe('routeNotFound', () => {
  it('answers the gateway 401 first', async () => {
    const result = await routeNotFound(httpEvent({ path: '/v1/nothing' }));
    expect([result.statusCode, bodyOf(result)]).toEqual([401, GATEWAY_401]);
  });

  it('answers 405 naming the allowed methods on a known path', async () => {
    const result = await routeNotFound(event({ method: 'PUT', path: `/instances/x/v1/customizations/${ID}` }));
    expect([result.statusCode, bodyOf(result)]).toEqual([405, {
      code: 405, code_description: 'Method Not Allowed', error: 'Method PUT is not allowed on this resource. Allowed: GET, DELETE.',
    }]);
    const post = await routeNotFound(event({ method: 'DELETE', path: '/v1/customizations' }));
    expect((bodyOf(post) as { error: string }).error).toBe('Method DELETE is not allowed on this resource. Allowed: POST, GET.');
  });

  it('answers the service\'s 404 on an unknown path', async () => {
    for (const path of ['/v1/nothing', '/v1/customizations/', `/v1/customizations/${ID}/retrain`]) {
      const result = await routeNotFound(event({ method: 'POST', path }));
      expect([path, result.statusCode, bodyOf(result)]).toEqual([path, 404, { code: 404, code_description: 'No Such Resource', error: 'No such child resource.' }]);
    }
    expect(sent()).toEqual([]);
  });
});

describe('with the control API on: injected faults', () => {
  beforeEach(() => {
    process.env.STT_CONTROLS = 'on';
    process.env.STT_FAULT_CACHE_MS = '0';
  });
  const faultQuery = { ':pk': `INSTANCE#${OWNER}`, ':prefix': 'FAULT#' };

  it('reads the instance\'s fault rules first; with none, the service answers as usual', async () => {
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(GetCommand).resolves({ Item: item(record()) });
    const result = await getLanguageModel(modelEvent('GET'));
    expect(result.statusCode).toBe(200);
    expect(sent()).toEqual(['QueryCommand', 'GetCommand']);
    expect(ddb.commandCalls(QueryCommand)[0].args[0].input).toMatchObject({ ExpressionAttributeValues: faultQuery, ConsistentRead: true });
  });

  it('a count rule for the operation takes one call with a conditional decrement and answers its status', async () => {
    ddb.on(QueryCommand).resolves({ Items: [
      { PK: `INSTANCE#${OWNER}`, SK: 'FAULT#f2', id: 'f2', operation: 'listModels', status: 500, remaining: 1, created: 2 },
      { PK: `INSTANCE#${OWNER}`, SK: 'FAULT#f1', id: 'f1', operation: '*', status: 503, remaining: 2, created: 1 },
    ] });
    ddb.on(UpdateCommand).resolves({ Attributes: { remaining: 1 } });
    const result = await getLanguageModel(modelEvent('GET'));
    expect(result.statusCode).toBe(503);
    expect(bodyOf(result)).toEqual({ code: 503, code_description: 'Service Unavailable', error: 'Service Unavailable (fault injected by the emulator).' });
    expect(sent()).toEqual(['QueryCommand', 'UpdateCommand']);
    expect(ddb.commandCalls(UpdateCommand)[0].args[0].input).toMatchObject({
      Key: { PK: `INSTANCE#${OWNER}`, SK: 'FAULT#f1' }, ConditionExpression: 'remaining > :zero',
    });
  });

  it('a rule whose last call a racing request took is skipped, and the rule that used up its count is removed', async () => {
    ddb.on(QueryCommand).resolves({ Items: [
      { id: 'f1', operation: 'getLanguageModel', status: 500, remaining: 1, created: 1 },
      { id: 'f2', operation: 'getLanguageModel', status: 429, error: 'Slow down', remaining: 1, created: 2 },
    ] });
    ddb.on(UpdateCommand, { Key: { PK: `INSTANCE#${OWNER}`, SK: 'FAULT#f1' } }).rejects(conditionFailed());
    ddb.on(UpdateCommand, { Key: { PK: `INSTANCE#${OWNER}`, SK: 'FAULT#f2' } }).resolves({ Attributes: { remaining: 0 } });
    ddb.on(DeleteCommand).resolves({});
    const result = await getLanguageModel(modelEvent('GET'));
    expect(result.statusCode).toBe(429);
    expect(bodyOf(result)).toEqual({ code: 429, code_description: 'Too Many Requests', error: 'Slow down' });
    expect(sent()).toEqual(['QueryCommand', 'UpdateCommand', 'UpdateCommand', 'DeleteCommand']);
    expect(ddb.commandCalls(DeleteCommand)[0].args[0].input).toMatchObject({
      Key: { PK: `INSTANCE#${OWNER}`, SK: 'FAULT#f2' }, ConditionExpression: 'remaining = :zero',
    });
  });

  it('skips the query for STT_FAULT_CACHE_MS after finding no rules, and queries again after that', async () => {
    process.env.STT_FAULT_CACHE_MS = '1000';
    let now = 5_000_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(GetCommand).resolves({ Item: item(record()) });
    expect((await getLanguageModel(modelEvent('GET'))).statusCode).toBe(200);
    now += 999;
    expect((await getLanguageModel(modelEvent('GET'))).statusCode).toBe(200);
    expect(sent()).toEqual(['QueryCommand', 'GetCommand', 'GetCommand']);
    now += 1;
    expect((await getLanguageModel(modelEvent('GET'))).statusCode).toBe(200);
    expect(sent()).toEqual(['QueryCommand', 'GetCommand', 'GetCommand', 'QueryCommand', 'GetCommand']);
  });

  it('the control endpoints answer 404 when STT_CONTROLS=off, after checking credentials', async () => {
    process.env.STT_CONTROLS = 'off';
    const { handler: listFaults } = await import('../../functions/listEmulatorFaults');
    const result = await listFaults(event({ path: '/_emulator/faults' }));
    expect(result.statusCode).toBe(404);
    expect(sent()).toEqual([]);
    const anonymous = await listFaults(httpEvent({ path: '/_emulator/faults' }));
    expect(bodyOf(anonymous)).toEqual(GATEWAY_401);
  });
});
