/** A custom language model as the emulator stores it: the service's fields plus the emulator's bookkeeping. */
export type ModelStatus = 'pending' | 'ready' | 'training' | 'available' | 'upgrading' | 'failed';

export interface ModelRecord {
  customizationId: string;
  /** GUID of the owning instance (spec 1.6). */
  owner: string;
  name: string;
  description: string;
  baseModelName: string;
  language: string;
  dialect: string;
  /** `<base model>.v<date>` entries, oldest first (spec 2.1). */
  versions: string[];
  /** Epoch milliseconds. */
  created: number;
  updated: number;
  status: ModelStatus;
  /** Set when a grammar failed to compile or training failed (spec 2.1). */
  error?: string;
  /** Incremented by every change; conditional writes compare it, so no update is lost. */
  revision: number;
  /** Child items (corpora, words, grammars) carry the generation they belong to; reset starts a new one. */
  generation: number;
  /** The model lock: the operation holding it and when its lease runs out (epoch ms). */
  lockOp?: string;
  lockExpires?: number;
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
