// The function handlers with the control API on: injected fault rules, their counts and cache, and the control endpoints when off.
import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as getLanguageModel } from '../../functions/getLanguageModel';
import { bodyOf, httpEvent } from './support/events';
import {
  GATEWAY_401, OWNER, conditionFailed, ddb, event, item, modelEvent, record, sent, useMockedStore,
} from './support/function-handlers';

useMockedStore();

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
