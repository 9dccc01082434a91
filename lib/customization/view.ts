import { isoTime } from '../clock';
import type { ModelRecord, ModelStatus } from '../store/modelRecord';
import { modelState } from './state';

/** The service's JSON form of a custom language model (spec 2.1), fields in the service's order. */
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

/** The service's JSON form of a custom acoustic model (§10.1): a language model's fields without `dialect`. */
export type AcousticModelJson = Omit<LanguageModelJson, 'dialect'>;

/** The service's JSON of a custom model of either kind (spec 2.1, §10.1): acoustic models have no `dialect`. */
export function customModelJson(record: ModelRecord, nowMs: number): LanguageModelJson | AcousticModelJson {
  const { status, progress, versions } = modelState(record, nowMs);
  return {
    customization_id: record.customizationId,
    created: isoTime(record.created),
    updated: isoTime(record.updated),
    language: record.language,
    ...(record.kind === 'acoustic' ? {} : { dialect: record.dialect }),
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

/** The JSON of a custom language model (spec 2.1). */
export const languageModelJson = (record: ModelRecord, nowMs: number) => customModelJson(record, nowMs) as LanguageModelJson;
