import { isoTime } from '../clock';
import type { ModelRecord, ModelStatus } from '../store/modelRecord';
import { modelState } from '../customization/state';

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

/** The service's JSON form of a model (spec 2.1), fields in the service's order. */
export interface LanguageModelJson {
  customization_id: string;
  created: string;
  updated: string;
  language: string;
  dialect: string;
  versions: string[];
  owner: string;
  name: string;
  description: string;
  base_model_name: string;
  status: ModelStatus;
  progress: number;
  error?: string;
  warnings?: string;
}
