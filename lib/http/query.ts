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
