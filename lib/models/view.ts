import { isoTime } from '../clock';
import type { LanguageModelJson, ModelRecord } from './record';
import { modelState } from './state';

/** The service's JSON of a custom language model (spec 2.1). */
export function languageModelJson(record: ModelRecord, nowMs: number): LanguageModelJson {
  const { status, progress, versions } = modelState(record, nowMs);
  return {
    customization_id: record.customizationId,
    created: isoTime(record.created),
    updated: isoTime(record.updated),
    language: record.language,
    dialect: record.dialect,
    versions: [...versions],
    owner: record.owner,
    name: record.name,
    description: record.description,
    base_model_name: record.baseModelName,
    status,
    progress,
    ...(record.error === undefined ? {} : { error: record.error }),
  };
}

/** `warnings` for query parameters the endpoint does not know (spec 1.5). */
export function unknownParameterWarning(query: URLSearchParams, known: readonly string[]): string | undefined {
  const unknown = [...new Set([...query.keys()].filter((name) => !known.includes(name)))];
  if (unknown.length === 0) return undefined;
  return `Unexpected query parameter(s) [${unknown.map((name) => `'${name}'`).join(', ')}] detected`;
}
