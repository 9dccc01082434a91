/**
 * A custom model as the emulator stores it (the store reads and writes this shape): the service's fields plus the
 * emulator's bookkeeping. Language and acoustic models share it (and the customization core that runs them).
 */
export type ModelStatus = 'pending' | 'ready' | 'training' | 'available' | 'upgrading' | 'failed';

/** The two kinds of custom model; a record without `kind` is a language model. */
export type ModelKind = 'language' | 'acoustic';

export interface ModelRecord {
  customizationId: string;
  kind?: ModelKind;
  /** GUID of the owning instance (spec 1.6). */
  owner: string;
  name: string;
  description: string;
  baseModelName: string;
  language: string;
  /** Language models only (acoustic models have none: ''). */
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
  /** The asynchronous operation in progress (corpus analysis, words batch, ...): busy until `dueAt`. */
  job?: ModelJob;
  /** Resources, kept exact by the lock holder: they decide `ready` vs `pending` and the service's limits. */
  counts?: ResourceCounts;
  /** Incremented by every change of corpora, words or grammars; training records the one it trained. */
  dataRevision?: number;
  trainedDataRevision?: number;
  /** The weight stored by the last `train?customization_weight=` (spec 5.7); not part of the API's JSON. */
  customizationWeight?: number;
  /** What the last completed training left for recognition (a training in progress carries its own in `job`). */
  snapshot?: SnapshotRef;
  /** Acoustic models: the custom language model and its version the last training (or upgrade) used. */
  helperModel?: { id: string; version: string };
  /** Acoustic models: a training has completed (recognition can use the model). */
  trained?: boolean;
}

/** Where a training's snapshot is kept (lib/store/snapshots) and what of it the record knows. */
export interface SnapshotRef {
  /** Unique per training: recognition caches a snapshot under it. */
  id: string;
  slot: 'A' | 'B';
  chunks: number;
  /** The weight saved by that training's `customization_weight`, if any. */
  weight?: number;
}

export interface ModelJob {
  op: string;
  /** Epoch ms when the operation completes. */
  dueAt: number;
  /** The status the model shows while the operation runs. */
  runningStatus: ModelStatus;
  /** The status the model has once it completes. */
  thenStatus: ModelStatus;
  /** An upgrade's new base model version, added to `versions` once it completes. */
  versionAdded?: string;
  /** A manual job (control API) that completes after this many more reads of the model. */
  readsLeft?: number;
  /** A training's snapshot: the model's snapshot once the training completes. */
  snapshot?: SnapshotRef;
  /** The corpus or grammar whose analysis this is: its own `dueAt` completes with the job's. */
  resource?: { kind: 'CORPUS' | 'GRAMMAR' | 'AUDIO'; name: string };
  /** Acoustic training or upgrade with a custom language model: the model's `helperModel` once it completes. */
  helperModel?: { id: string; version: string };
  /** An acoustic training: the model is `trained` once it completes. */
  trains?: boolean;
}

export interface ResourceCounts {
  corpora: number;
  invalidCorpora: number;
  /** Entries of the words resource (previous-generation: OOV words of every source; next-generation: user words). */
  words: number;
  invalidWords: number;
  /** Words read from all corpora plus the words resource: the 10-million-word limit (spec 5.1). */
  totalWords: number;
  grammars?: number;
  invalidGrammars?: number;
  /** Acoustic models: audio resources, the invalid ones, and the seconds of audio of the valid ones. */
  audio?: number;
  invalidAudio?: number;
  audioSeconds?: number;
}

