import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/errors';
import { isGuid, nameGuid, newGuid, requireGuid } from '../../lib/ids';

describe('ids', () => {
  it('requireGuid accepts upper case and answers lower case', () => {
    expect(requireGuid('5D0C9A3E-7F1B-4C2D-9E8A-1B2C3D4E5F60')).toBe('5d0c9a3e-7f1b-4c2d-9e8a-1b2c3d4e5f60');
    expect(requireGuid('00000000-0000-0000-0000-000000000000')).toBe('00000000-0000-0000-0000-000000000000');
    // doc examples include non-RFC-4122 variants (spec 1.3): shape only
    expect(requireGuid('5d0c9a3e-7f1b-ac2d-e109-1b2c3d4e5f60')).toBe('5d0c9a3e-7f1b-ac2d-e109-1b2c3d4e5f60');
  });

  it('requireGuid answers the service\'s 400 for anything else', () => {
    for (const bad of ['abc', '', '5d0c9a3e7f1b4c2d9e8a1b2c3d4e5f60', '5d0c9a3e-7f1b-4c2d-9e8a-1b2c3d4e5f6', '{5d0c9a3e-7f1b-4c2d-9e8a-1b2c3d4e5f60}',
      '5d0c9a3e-7f1b-4c2d-9e8a-1b2c3d4e5f6g', ' 5d0c9a3e-7f1b-4c2d-9e8a-1b2c3d4e5f60', '5d0c9a3e-7f1b-4c2d-9e8a-1b2c3d4e5f60\n']) {
      let error: unknown;
      try {
        requireGuid(bad);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).toBody()).toEqual({ code: 400, code_description: 'Bad Request', error: `Malformed GUID: '${bad}'` });
    }
  });

  it('newGuid is a random lower-case version 4 GUID', () => {
    const a = newGuid();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newGuid()).not.toBe(a);
  });

  it('nameGuid is stable, version 5, RFC 4122 variant, and different per name', () => {
    const a = nameGuid('credential:apikey:one');
    expect(nameGuid('credential:apikey:one')).toBe(a);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(isGuid(a)).toBe(true);
    const names = ['credential:apikey:two', 'credential:apikey:One', 'instance:one', '', 'ｚ', 'credential:apikey:one '];
    const all = new Set([a, ...names.map(nameGuid)]);
    expect(all.size).toBe(names.length + 1);
    for (const guid of all) expect(guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('nameGuid is the SHA-1 name-based GUID in the emulator namespace (pins owners across releases)', () => {
    // Owners derived from credentials are stored with every model: the derivation must never change.
    expect(nameGuid('credential:apikey:K')).toBe(nameGuidReference('credential:apikey:K'));
    expect(nameGuid('instance:ｚ')).toBe(nameGuidReference('instance:ｚ'));
  });
});

/** RFC 4122 §4.3 written out independently: SHA-1(namespace bytes ‖ name UTF-8), version 5, variant 10. */
function nameGuidReference(name: string): string {
  const ns = '6f1c2b7e-9a4d-4e0f-8b3a-5c6d7e8f9a0b'.replaceAll('-', '');
  const bytes = createHash('sha1').update(Buffer.concat([Buffer.from(ns, 'hex'), Buffer.from(name, 'utf8')])).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
}
