import { describe, expect, it } from 'vitest';
import { createModel, http, newApiKey } from './support';

describe('racing requests on one model, over HTTP', () => {
  it('lets exactly one of ten concurrent deletes win; the others answer 401 and nothing is left', async () => {
    const apikey = newApiKey();
    const id = await createModel(apikey);
    const results = await Promise.all(Array.from({ length: 10 }, () => http('DELETE', `/v1/customizations/${id}`, { apikey })));
    const statuses = results.map((result) => result.status).sort();
    expect(statuses).toEqual([200, ...Array(9).fill(401)]);
    expect((await http('GET', '/v1/customizations', { apikey })).body).toEqual({ customizations: [] });
  });

  it('answers concurrent creates, resets and gets without a 5xx, and keeps every created model', async () => {
    const apikey = newApiKey();
    const id = await createModel(apikey);
    const requests = [
      ...Array.from({ length: 10 }, () => http('POST', '/v1/customizations', {
        apikey, headers: { 'content-type': 'application/json' }, body: '{"name":"c","base_model_name":"en-US_Telephony"}',
      })),
      ...Array.from({ length: 5 }, () => http('POST', `/v1/customizations/${id}/reset`, { apikey })),
      ...Array.from({ length: 5 }, () => http('GET', `/v1/customizations/${id}`, { apikey })),
    ];
    const results = await Promise.all(requests);
    expect(results.slice(0, 10).map((result) => result.status)).toEqual(Array(10).fill(201));
    for (const result of results.slice(10, 15)) expect([200, 409]).toContain(result.status);
    expect(results.slice(15).map((result) => result.status)).toEqual(Array(5).fill(200));
    const listed = (await http('GET', '/v1/customizations', { apikey })).body as { customizations: unknown[] };
    expect(listed.customizations).toHaveLength(11);
  });
});
