import { describe, expect, it } from 'vitest';
import { handler as createLanguageModel } from '../../functions/createLanguageModel';
import { parseEvent } from '../../lib/http/request';
import { basic, bodyOf, httpEvent, useCleanEnv } from './support/events';

/**
 * serverless-offline pre-parses JSON bodies and hands a falsy one (`false`, `0`) over as that value instead of text;
 * found by test/e2e/hostile-input.test.ts, where such a body answered 500.
 */
describe('a JSON body that the local gateway handed over parsed', () => {
  useCleanEnv(['STT_CONTROLS']);

  it.each([false, 0, true, 12.5])('reads %s as its JSON text', (value) => {
    const event = httpEvent({ method: 'POST', path: '/v1/customizations' });
    const request = parseEvent({ ...event, body: value as unknown as string });
    expect(request.body.toString('utf8')).toBe(JSON.stringify(value));
  });

  it('answers 400 (not an object), not 500', async () => {
    process.env.STT_CONTROLS = 'off';
    const event = httpEvent({ method: 'POST', path: '/v1/customizations', headers: { Authorization: basic('apikey:k'), 'Content-Type': 'application/json' } });
    const result = await createLanguageModel({ ...event, body: false as unknown as string });
    expect([result.statusCode, bodyOf(result)]).toEqual([400, {
      code: 400, code_description: 'Bad Request', error: 'Malformed JSON: the request body must be a JSON object.',
    }]);
  });
});
