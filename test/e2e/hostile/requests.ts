// One fuzzed request per route from the name, header and body arbitraries, and the fixed examples every run sends first.
import fc from 'fast-check';
import { type Route } from '../../../lib/routes';
import { basicAuth } from '../support';
import { HOSTILE_BODIES, VALID_BODIES, bodyArbitrary } from './bodies';
import { headerArbitraries, type Auth } from './headers';
import { encode, type FuzzRequest } from './http';
import { VALID_PARAMS, nameArbitraries, paramNames } from './names';
import type { World } from './world';


/** The pieces of one fuzzed request. */
export interface Parts {
  method: string;
  /** Path parameters in template order, as sent (percent-encoded or raw). */
  params: string[];
  prefix?: string;
  query: string;
  auth: Auth;
  contentType?: string | null;
  extraHeaders: [string, string][];
  body: { body?: Buffer; type?: string };
}

export function arbitraries(world: World) {
  const [modelM] = world.own;
  const { odd, long, decoded, param } = nameArbitraries(world);
  const { query, contentType, extraHeaders, serviceAuth, controlAuth } = headerArbitraries(world, decoded);
  const body = bodyArbitrary(world, { odd, long });

  const method = (route: Route) => fc.oneof(
    { weight: 9, arbitrary: fc.constant(route.method) },
    { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS') },
  );

  /** One request for a route: its template filled in, an /instances prefix sometimes, and everything else fuzzed. */
  const build = (route: Route, parts: Parts) => {
    let index = 0;
    const path = route.path.replace(/\{\w+\}/g, () => parts.params[index++]);
    const headers: Record<string, string> = {};
    for (const [name, value] of parts.extraHeaders) headers[name] = value;
    if (parts.auth.header !== undefined) headers.authorization = parts.auth.header;
    const type = parts.contentType !== undefined ? parts.contentType : parts.body.type;
    if (type) headers['content-type'] = type;
    const request: FuzzRequest = {
      method: parts.method, target: `${parts.prefix === undefined ? '' : `/instances/${parts.prefix}`}${path}${parts.query}`, headers, body: parts.body.body,
    };
    return { request, tenant: parts.auth.tenant };
  };

  /** One random request for a route: its template filled in, an /instances prefix sometimes, and everything else fuzzed. */
  const requestFor = (route: Route) => fc.record({
    method: method(route),
    params: fc.tuple(...paramNames(route).map(param)),
    prefix: route.instancePrefix ? fc.option(param('instance_id'), { nil: undefined, freq: 3 }) : fc.constant(undefined),
    query,
    auth: route.control ? controlAuth : serviceAuth,
    contentType,
    extraHeaders,
    body,
  }).map((parts) => build(route, parts));

  /**
   * The requests every run makes first, whatever the seed: each path parameter in turn too long for a DynamoDB key,
   * named `__proto__`, or `..`, the others valid; and bodies that once broke the store (a corpus word or grammar
   * token too long for a key or named `__proto__`, a word too large for an item, a compile error quoting a huge token).
   */
  const examplesFor = (route: Route) => {
    const names = paramNames(route);
    const valid = names.map((name) => VALID_PARAMS[name] ?? 'x').map((value) => (value === 'M' ? modelM : value));
    const parts = (params: string[], body: Parts['body']): Parts => ({
      method: route.method, params, query: '', contentType: undefined, extraHeaders: [], body,
      auth: route.control ? { header: basicAuth('apikey', world.keyD), tenant: 'D' } : { header: basicAuth('apikey', world.keyA), tenant: 'A' },
    });
    const baseline = VALID_BODIES[route.fn] ?? {};
    const examples = names.flatMap((_, at) => [encode('x'.repeat(1100)), encode('__proto__'), '..']
      .map((variant) => parts(valid.map((value, i) => (i === at ? variant : value)), baseline)));
    for (const [model, body] of HOSTILE_BODIES[route.fn] ?? []) {
      examples.push(parts(valid.map((value, i) => (names[i] === 'customization_id' ? world.own[model] : value)), body));
    }
    return examples.map((example) => build(route, example));
  };
  return { requestFor, examplesFor };
}
