import { findBaseModel, type BaseModelSpec } from '../catalog/index';
import type { Generation } from '../catalog/baseModels';
import type { ChildScope } from '../store/children';
import type { ModelRecord } from '../store/modelRecord';

/** What the resource services need to know about a model: where its children live and what its base model is. */
export interface ModelContext {
  record: ModelRecord;
  scope: ChildScope;
  baseModel: BaseModelSpec;
  generation: Generation;
  language: string;
}

export function modelContext(record: ModelRecord): ModelContext {
  const baseModel = findBaseModel(record.baseModelName);
  if (!baseModel) throw new Error(`model ${record.customizationId} has an unknown base model ${record.baseModelName}`);
  return {
    record,
    scope: { modelId: record.customizationId, generation: record.generation },
    baseModel,
    generation: baseModel.generation,
    language: record.language,
  };
}
