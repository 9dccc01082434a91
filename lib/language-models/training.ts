import type { Caller } from '../auth/identity';
import { ApiError, badRequest } from '../errors';
import { booleanParam } from '../params';
import { listChildren } from '../store/children';
import { isInvalidWord, type WordRecord } from '../customization/wordRecord';
import { withModelLock } from '../customization/access';
import { modelContext } from '../customization/context';
import { hasValidData } from '../customization/counts';
import type { ModelRecord } from '../store/modelRecord';
import { modelState } from '../customization/state';
import { jobSchedule } from '../customization/timing';
import { takeSnapshot } from './snapshot';

/** The query of `POST …/train` (spec 4.5), validated before anything is locked. */
interface TrainOptions {
  wordTypeToAdd: 'all' | 'user';
  customizationWeight?: number;
  strict: boolean;
  force: boolean;
}

function trainOptions(query: URLSearchParams): TrainOptions {
  const wordTypeToAdd = query.get('word_type_to_add') ?? 'all';
  if (wordTypeToAdd !== 'all' && wordTypeToAdd !== 'user') {
    throw badRequest(`Invalid value for 'word_type_to_add': '${wordTypeToAdd}'. Allowed values: all, user.`);
  }
  const rawWeight = query.get('customization_weight');
  let customizationWeight: number | undefined;
  if (rawWeight !== null) {
    customizationWeight = Number(rawWeight);
    if (rawWeight.trim() === '' || !Number.isFinite(customizationWeight) || customizationWeight < 0 || customizationWeight > 1) {
      throw badRequest(`Invalid value for 'customization_weight': '${rawWeight}'. It must be a number between 0.0 and 1.0.`);
    }
  }
  return { wordTypeToAdd, customizationWeight, strict: booleanParam(query, 'strict', true), force: booleanParam(query, 'force', false) };
}

export interface TrainingWarning {
  code: 'invalid_corpus_files' | 'invalid_grammar_files' | 'invalid_words';
  message: string;
}

const RESOURCE_TYPES: Record<TrainingWarning['code'], string> = {
  invalid_corpus_files: 'corpora',
  invalid_grammar_files: 'grammars',
  invalid_words: 'words',
};

/** The service's warning template (spec 2.8), one per resource type. */
const warning = (code: TrainingWarning['code'], names: string[]): TrainingWarning => ({
  code,
  message: `Analysis of the following ${RESOURCE_TYPES[code]} has not completed successfully: [${names.join(', ')}]. `
    + 'They will be excluded from custom language model training.',
});

/** The invalid resources of a model, by warning code (read only when the counters say there are some). */
async function invalidResources(record: ModelRecord): Promise<Map<TrainingWarning['code'], string[]>> {
  const invalid = new Map<TrainingWarning['code'], string[]>();
  const counts = record.counts;
  if (!counts || counts.invalidCorpora + counts.invalidWords + (counts.invalidGrammars ?? 0) === 0) return invalid;
  const { scope } = modelContext(record);
  if (counts.invalidCorpora > 0) {
    const corpora = await listChildren(scope, 'CORPUS');
    invalid.set('invalid_corpus_files', corpora.filter((corpus) => corpus.outcome === 'undetermined').map((corpus) => String(corpus.name)));
  }
  if ((counts.invalidGrammars ?? 0) > 0) {
    const grammars = await listChildren(scope, 'GRAMMAR');
    invalid.set('invalid_grammar_files', grammars.filter((grammar) => grammar.outcome === 'undetermined').map((grammar) => String(grammar.name)));
  }
  if (counts.invalidWords > 0) {
    const words = (await listChildren(scope, 'WORD')) as unknown as WordRecord[];
    invalid.set('invalid_words', words.filter(isInvalidWord).map((word) => word.word));
  }
  return invalid;
}

/**
 * trainLanguageModel (spec 4.5, 6.6): 200 `{}` or `{warnings}` and `training` until STT_TRAINING_SECONDS pass, then
 * `available`; 400 when there is nothing (new) to train, or (strict) invalid resources — which also fails the model.
 */
export async function trainLanguageModel(caller: Caller, rawId: string, query: URLSearchParams): Promise<{ warnings?: TrainingWarning[] }> {
  const options = trainOptions(query);
  return withModelLock(caller, rawId, 'train', 'train', async (locked, now) => {
    const { status } = modelState(locked, now);
    if (!hasValidData(locked.counts)) {
      return { result: {}, failure: badRequest('No input data available for training. Add corpora, grammars or words to the custom model first.') };
    }
    const unchanged = locked.trainedDataRevision !== undefined && locked.trainedDataRevision === (locked.dataRevision ?? 0);
    if (status === 'available' && unchanged && !options.force) {
      return { result: {}, failure: badRequest('No input data modified since last training.') };
    }
    const invalid = await invalidResources(locked);
    if (invalid.size > 0 && options.strict) {
      const names = [...invalid.values()].flat();
      return {
        changes: { status: 'failed' },
        result: {},
        failure: new ApiError(400, `Training failed: the custom model has invalid resources [${names.join(', ')}]. `
          + "Fix or delete them, or train with 'strict=false' to exclude them."),
      };
    }
    const warnings = [...invalid].map(([code, names]) => warning(code, names));
    const snapshot = await takeSnapshot(locked, options.wordTypeToAdd === 'user', options.customizationWeight ?? locked.customizationWeight);
    return {
      changes: {
        trainedDataRevision: locked.dataRevision ?? 0,
        ...(options.customizationWeight === undefined ? {} : { customizationWeight: options.customizationWeight }),
      },
      job: {
        op: 'train', ...(await jobSchedule(locked.owner, 'training', now)), runningStatus: 'training', thenStatus: 'available', snapshot,
      },
      result: warnings.length > 0 ? { warnings } : {},
    };
  });
}

/**
 * upgradeLanguageModel (spec 4.7): from `ready` or `available`, with data, to a newer version of the base model:
 * `upgrading`, then the prior status with the new version in `versions`.
 */
export async function upgradeLanguageModel(caller: Caller, rawId: string): Promise<Record<string, never>> {
  return withModelLock(caller, rawId, 'upgrade', 'upgrade', async (locked, now) => {
    const { status } = modelState(locked, now);
    const { baseModel } = modelContext(locked);
    if (status !== 'ready' && status !== 'available') {
      return { result: {}, failure: badRequest(`The custom model cannot be upgraded in status '${status}': `
        + "only models in status 'ready' or 'available' can be upgraded.") };
    }
    if (!hasValidData(locked.counts)) {
      return { result: {}, failure: badRequest('The custom model contains no data (corpora, grammars or words) to upgrade.') };
    }
    if (baseModel.improved) {
      return { result: {}, failure: badRequest(`Custom models based on '${baseModel.name}' are upgraded by training: `
        + "train the model again (with 'force=true' if nothing changed).") };
    }
    const newest = baseModel.newerVersion ? `${baseModel.name}.v${baseModel.newerVersion}` : undefined;
    if (!newest || locked.versions.includes(newest)) {
      return { result: {}, failure: badRequest(`The custom model is already based on the latest version of base model '${baseModel.name}'.`) };
    }
    return {
      job: {
        op: 'upgrade', ...(await jobSchedule(locked.owner, 'upgrade', now)), runningStatus: 'upgrading', thenStatus: status,
        versionAdded: newest,
      },
      result: {},
    };
  });
}
