import { describe, expect, it } from 'vitest';
import { INSTANCE_PREFIX, ROUTES, allowedMethods, routePaths } from '../../lib/routes';

const ID = '5d0c9a3e-7f1b-4c2d-9e8a-1b2c3d4e5f60';

describe('allowedMethods', () => {
  const cases: [string, string[]][] = [
    ['/v1/models', ['GET']],
    ['/v1/models/en-US_Telephony', ['GET']],
    ['/v1/customizations', ['POST', 'GET']],
    [`/v1/customizations/${ID}`, ['GET', 'DELETE']],
    ['/v1/customizations/not-a-guid', ['GET', 'DELETE']],
    ['/v1/customizations/reset', ['GET', 'DELETE']],
    [`/v1/customizations/${ID}/reset`, ['POST']],
    ['/identity/token', ['POST']],
  ];

  it('answers the methods of each route', () => {
    for (const [path, methods] of cases) expect([path, allowedMethods(path)]).toEqual([path, methods]);
  });

  it('answers the same under /instances/{id}, except for the token endpoint', () => {
    for (const [path, methods] of cases) {
      const prefixed = `/instances/${ID}${path}`;
      expect([prefixed, allowedMethods(prefixed)]).toEqual([prefixed, path === '/identity/token' ? [] : methods]);
    }
    expect(allowedMethods('/instances/any-name%20x/v1/models')).toEqual(['GET']);
  });

  it('is empty for unknown paths', () => {
    for (const path of ['/', '', '/v1', '/v1/nothing', '/v2/models', '/v1/models/a/b', `/v1/customizations/${ID}/retrain`,
      `/v1/customizations/${ID}/reset/x`, '/V1/models', '/instances/x', '/instances/x/v1', '/instances/v1/models',
      '/instances/x/y/v1/models', 'v1/models']) {
      expect([path, allowedMethods(path)]).toEqual([path, []]);
    }
  });

  it('is empty when a parameter segment is empty or the path has an extra slash', () => {
    for (const path of ['/v1/models/', '/v1/customizations/', '/v1/customizations//reset', '/instances//v1/models',
      '/instances//v1/customizations', '/v1/models//', '//v1/models', '/v1//models', '/v1/customizations/abc/']) {
      expect([path, allowedMethods(path)]).toEqual([path, []]);
    }
  });
});

describe('ROUTES / routePaths', () => {
  it('declares each service route with and without the instance prefix, the token route without', () => {
    expect(INSTANCE_PREFIX).toBe('/instances/{instance_id}');
    for (const route of ROUTES) {
      const outside = route.fn === 'issueToken' || route.control === true;
      const expected = outside ? [route.path] : [route.path, `/instances/{instance_id}${route.path}`];
      expect([route.fn, routePaths(route)]).toEqual([route.fn, expected]);
      expect(route.path.startsWith(route.fn === 'issueToken' ? '/identity/' : route.control ? '/_emulator/' : '/v1/')).toBe(true);
    }
    expect(new Set(ROUTES.map((route) => `${route.method} ${route.path}`)).size).toBe(ROUTES.length);
    expect(ROUTES.map((route) => route.fn)).toEqual(expect.arrayContaining([
      'listModels', 'getModel', 'createLanguageModel', 'listLanguageModels', 'getLanguageModel', 'deleteLanguageModel',
      'resetLanguageModel', 'issueToken',
    ]));
  });
});
