import { createHash, randomUUID } from 'node:crypto';
import { badRequest } from './errors';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isGuid = (value: string): boolean => GUID.test(value);

/** Throws the service's 400 for an id that is not GUID-shaped (spec 1.3). */
export function requireGuid(value: string): string {
  if (!isGuid(value)) throw badRequest(`Malformed GUID: '${value}'`);
  return value.toLowerCase();
}

export const newGuid = (): string => randomUUID();

/** A stable GUID derived from a name (RFC 4122 version 5, in the emulator's own namespace). */
export function nameGuid(name: string): string {
  const namespace = Buffer.from('6f1c2b7e9a4d4e0f8b3a5c6d7e8f9a0b', 'hex');
  const hash = createHash('sha1').update(namespace).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The owner GUID of an instance named in strict mode's configuration: a GUID is used as it is (lower-cased),
 * any other name is turned into a stable GUID. */
export const instanceGuid = (instance: string): string => (isGuid(instance) ? instance.toLowerCase() : nameGuid(`instance:${instance}`));
