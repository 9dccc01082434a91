// Hostile query strings, content types, extra headers and credentials (the tenant each credential stands for).
import fc from 'fast-check';
import { basicAuth } from '../support';
import { encode } from './http';
import type { World } from './world';

export type Auth = { header?: string; tenant: 'A' | 'C' | 'D' | 'other' | 'none' | 'unknown' };

/** Query strings, header values and credentials; `decoded` gives the odd strings query names and values are made of. */
export function headerArbitraries(world: World, decoded: fc.Arbitrary<string>) {
  const queryValue = fc.oneof(
    fc.constantFrom('true', 'false', 'TRUE', 'False', ' true', '1', '0', '', 'all', 'user', 'corpora', 'grammars', 'alphabetical',
      '-count', '+alphabetical', ' count', '0.5', '1.0001', '-0', '1e309', 'NaN', 'Infinity', 'en-US', 'EN-us', 'xx-XX'),
    decoded.filter((text) => text.length < 300),
  );
  const queryName = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('allow_overwrite', 'strict', 'force', 'customization_weight', 'word_type_to_add',
      'word_type', 'sort', 'language', 'customization_id', 'version', 'reads') },
    { weight: 1, arbitrary: decoded.filter((text) => text.length < 100) },
  );
  const query = fc.oneof(
    { weight: 2, arbitrary: fc.constant('') },
    { weight: 4, arbitrary: fc.array(fc.tuple(queryName, queryValue), { maxLength: 4 })
      .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&')}`)) },
    { weight: 1, arbitrary: fc.constantFrom('?', '?&', '?=', '?==&&', '?%zz=%', '?a=%ZZ', '?a=%00', '?sort', '?strict&strict=false',
      '?allow_overwrite=true&allow_overwrite=false', `?${'a=b&'.repeat(200)}`, '?+=+', '?%2B', '?;', '?strict=%E2%80%8Btrue') },
  );

  const headerText = (maxLength: number) => fc.string({
    unit: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) }, { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) })
      .map((code) => String.fromCharCode(code)),
    maxLength,
  });
  const contentType = fc.option(fc.oneof(
    fc.constantFrom('application/json', 'application/json; charset=utf-8', 'APPLICATION/JSON', 'application/vnd.api+json',
      'application/json; charset=utf-16', 'text/plain', 'text/plain; charset=iso-8859-1', 'application/srgs', 'application/srgs+xml',
      'Application/SRGS; charset=utf-8', 'multipart/form-data', 'multipart/form-data; boundary=', 'multipart/form-data; boundary=zz',
      'application/x-www-form-urlencoded', 'application/octet-stream', '*/*', ';', 'garbage', 'text/plain;;;', ' application/json ',
      'x'.repeat(2000)),
    headerText(60),
  ), { nil: undefined });
  const extraHeaders = fc.array(fc.tuple(
    fc.constantFrom('accept-encoding', 'content-encoding', 'x-watson-metadata', 'x-forwarded-proto', 'accept', 'x-fuzz',
      'x-watson-learning-opt-out', 'cookie', 'host', 'x-amzn-trace-id'),
    fc.oneof(fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'customer_id=abc', 'https', 'http', 'javascript', '*/*', ''),
      headerText(200)),
  ), { maxLength: 3 }).map((pairs) => pairs.map(([name, value]): [string, string] =>
    (name === 'host' ? [name, /^[a-z0-9.-]+(:\d{1,5})?$/.test(value) && value !== '' ? value : 'evil.example.com'] : [name, value])));


  const basicOf = (user: string, password: string): Auth => {
    const header = `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
    const decodedCredential = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const colon = decodedCredential.indexOf(':');
    return { header, tenant: colon > 0 && colon < decodedCredential.length - 1 ? 'other' : 'none' };
  };
  const hostileAuth: fc.Arbitrary<Auth> = fc.oneof(
    fc.constantFrom<Auth>(
      { tenant: 'none' }, { header: '', tenant: 'none' }, { header: 'Basic', tenant: 'none' }, { header: 'Basic !!!', tenant: 'none' },
      { header: basicAuth('apikey', ''), tenant: 'none' }, { header: `Basic ${Buffer.from(':x').toString('base64')}`, tenant: 'none' },
      { header: 'Bearer', tenant: 'none' }, { header: 'Bearer x.y.z', tenant: 'none' }, { header: `Bearer ${world.tamperedToken}`, tenant: 'none' },
      { header: `Bearer ${world.tokenA}x`, tenant: 'none' }, { header: `Bearer ${world.tokenA.split('.').slice(0, 2).join('.')}.`, tenant: 'none' },
      { header: 'Digest username="a"', tenant: 'none' }, { header: `Basic ${'QUFB'.repeat(1000)}`, tenant: 'none' },
      { header: `bearer ${world.tokenA}`, tenant: 'A' }, { header: `BASIC ${Buffer.from(`apikey:${world.keyA}`).toString('base64')}`, tenant: 'A' },
    ),
    fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 })).map(([user, password]) => basicOf(user, password)),
    headerText(300).map((header): Auth => ({ header, tenant: 'unknown' })),
  );
  const serviceAuth: fc.Arbitrary<Auth> = fc.oneof(
    { weight: 7, arbitrary: fc.constant<Auth>({ header: basicAuth('apikey', world.keyA), tenant: 'A' }) },
    { weight: 2, arbitrary: fc.constant<Auth>({ header: `Bearer ${world.tokenA}`, tenant: 'A' }) },
    { weight: 1, arbitrary: fc.constant<Auth>({ header: basicAuth('apikey', world.keyC), tenant: 'C' }) },
    { weight: 2, arbitrary: hostileAuth },
  );
  const controlAuth: fc.Arbitrary<Auth> = fc.oneof(
    { weight: 3, arbitrary: fc.constant<Auth>({ header: basicAuth('apikey', world.keyD), tenant: 'D' }) },
    { weight: 1, arbitrary: hostileAuth.filter((auth) => auth.tenant !== 'A') },
  );
  return { query, contentType, extraHeaders, serviceAuth, controlAuth };
}
