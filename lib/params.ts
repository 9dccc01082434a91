import { badRequest } from './errors';

/** A boolean query parameter: `true`/`false` in any case (real clients send `True`), else 400. */
export function booleanParam(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = query.get(name);
  if (raw === null) return fallback;
  const value = raw.trim().toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw badRequest(`Invalid value for '${name}': '${raw}'. Use 'true' or 'false'.`);
}

/** `warnings` for query parameters the endpoint does not know (spec 1.5). */
export function unknownParameterWarning(query: URLSearchParams, known: readonly string[]): string | undefined {
  const unknown = [...new Set([...query.keys()].filter((name) => !known.includes(name)))];
  if (unknown.length === 0) return undefined;
  return `Unexpected query parameter(s) [${unknown.map((name) => `'${name}'`).join(', ')}] detected`;
}
