import type { Caller } from '../auth/identity';
import { findBaseModel } from '../catalog';
import { clock } from '../clock';
import { config } from '../config';
import { readModel, ownedModel, withModelLock } from '../customization/access';
import { modelContext } from '../customization/context';
import { hasValidData } from '../customization/counts';
import { createCustomModel, deleteCustomModel, listCustomModels, resetCustomModel } from '../customization/lifecycle';
import { modelState } from '../customization/state';
import { jobSchedule } from '../customization/timing';
import { validateLanguageFilter, validateNewModel } from '../customization/validate';
import { customModelJson, type AcousticModelJson } from '../customization/view';
import { ApiError, badRequest } from '../errors';
import { requireGuid } from '../ids';
import { booleanParam, unknownParameterWarning } from '../params';
import { listChildren } from '../store/children';
import type { ModelRecord } from '../store/modelRecord';

/** The most audio a custom acoustic model may hold for training on IBM Cloud (§10.4): 50 hours. */
export const MAX_AUDIO_SECONDS = 50 * 3600;

/** Every text of an acoustic refusal the service's documentation does not give (spec §10.3 A5, A7): one place. */
export const ACOUSTIC_ERRORS = {
  tooLittleAudio: (minutes: number, minimum: number) => `Training failed: the custom acoustic model has ${formatMinutes(minutes)} minutes of `
    + `valid audio; training needs at least ${minimum} minutes of audio.`,
  tooMuchAudio: (hours: number) => `Training failed: the custom acoustic model has ${hours.toFixed(2)} hours of audio; `
    + `training accepts at most ${MAX_AUDIO_SECONDS / 3600} hours.`,
  invalidAudio: (names: string[]) => `Training failed: the custom acoustic model has invalid audio resources [${names.join(', ')}]. `
    + "Fix or delete them, or train with 'strict=false' to exclude them.",
  helperNotAvailable: (id: string, status: string) => `Training failed: the custom language model '${id}' is '${status}'; `
    + "a custom language model used for training must be 'available'.",
  helperOtherBase: (id: string, base: string, own: string) => `The custom language model '${id}' is based on '${base}'; `
    + `the custom acoustic model is based on '${own}'. Both must use the same base model.`,
  helperOtherVersion: (id: string, version: string, own: string) => `The custom language model '${id}' is on base model version '${version}'; `
    + `the custom acoustic model is on '${own}'. Upgrade both to the same version.`,
  upgradeStatus: (status: string) => `The custom acoustic model cannot be upgraded in status '${status}': `
    + "only models in status 'ready' or 'available' can be upgraded.",
  upgradeNoData: 'The custom acoustic model contains no valid audio to upgrade.',
  upgradeLatest: (base: string) => `The custom acoustic model is already based on the latest version of base model '${base}'.`,
  upgradeNeedsHelper: (id: string) => `The custom acoustic model was trained with custom language model '${id}': `
    + "upgrade it with 'custom_language_model_id'.",
  helperNotUpgraded: (id: string, newest: string) => `The custom language model '${id}' must be upgraded to '${newest}' first.`,
  noInputDataModified: 'No input data modified since last training.',
};

const formatMinutes = (minutes: number) => String(Math.round(minutes * 100) / 100);

/** createAcousticModel (§10.3 A1). */
export async function createAcousticModel(caller: Caller, body: Record<string, unknown>): Promise<{ customization_id: string }> {
  return createCustomModel(caller, 'acoustic', validateNewModel(body, 'acoustic'));
}

/** listAcousticModels (§10.3 A2): the caller's acoustic models, optionally of one language. */
export async function listAcousticModels(caller: Caller, query: URLSearchParams): Promise<{ customizations: AcousticModelJson[] }> {
  const records = await listCustomModels(caller, 'acoustic', validateLanguageFilter(query.get('language')));
  const now = clock.now();
  return { customizations: records.map((record) => customModelJson(record, now)) };
}

/** getAcousticModel (§10.3 A3); unknown query parameters are named in `warnings`. */
export async function getAcousticModel(caller: Caller, rawId: string, query: URLSearchParams): Promise<AcousticModelJson> {
  const record = await readModel(caller, rawId, 'acoustic');
  const warnings = unknownParameterWarning(query, []);
  return { ...customModelJson(record, clock.now()), ...(warnings ? { warnings } : {}) };
}

/** resetAcousticModel (§10.3 A6): every audio resource removed, back to `pending`. */
export async function resetAcousticModel(caller: Caller, rawId: string): Promise<Record<string, never>> {
  await resetCustomModel(caller, rawId, 'acoustic');
  return {};
}

/** deleteAcousticModel (§10.3 A4). */
export async function deleteAcousticModel(caller: Caller, rawId: string): Promise<Record<string, never>> {
  await deleteCustomModel(caller, rawId, 'acoustic');
  return {};
}

/** The custom language model named by `custom_language_model_id`: malformed 400, not the caller's 401 (spec §10.3 A5). */
async function helperLanguageModel(caller: Caller, query: URLSearchParams): Promise<ModelRecord | undefined> {
  const rawId = query.get('custom_language_model_id');
  if (rawId === null) return undefined;
  requireGuid(rawId);
  return ownedModel(caller, rawId);
}

const currentVersionOf = (versions: readonly string[]) => versions[versions.length - 1];

/**
 * trainAcousticModel (§10.3 A5, §10.5): 200 `{}` or `{warnings}` and `training` until the training time passes, then
 * `available`. Refusals that fail the model (400, status `failed`): too little or too much valid audio, invalid audio
 * with `strict`, a helper language model that is not `available` or on another base model or version.
 */
export async function trainAcousticModel(caller: Caller, rawId: string, query: URLSearchParams):
Promise<{ warnings?: { code: 'invalid_audio_files'; message: string }[] }> {
  const strict = booleanParam(query, 'strict', true);
  booleanParam(query, 'force', false); // accepted, as the service once did (§10.3 A5); nothing bypasses the limits
  const helper = await helperLanguageModel(caller, query);
  return withModelLock(caller, rawId, 'trainAcoustic', 'train', async (locked, now) => {
    const fail = (message: string) => ({ changes: { status: 'failed' as const }, result: {}, failure: new ApiError(400, message) });
    const counts = locked.counts;
    const seconds = counts?.audioSeconds ?? 0;
    const minimum = config.acousticMinimumMinutes();
    if (seconds < minimum * 60 || !hasValidData(counts)) return fail(ACOUSTIC_ERRORS.tooLittleAudio(seconds / 60, minimum));
    if (seconds > MAX_AUDIO_SECONDS) return fail(ACOUSTIC_ERRORS.tooMuchAudio(seconds / 3600));
    const invalid = (counts?.invalidAudio ?? 0) > 0
      ? (await listChildren(modelContext(locked).scope, 'AUDIO')).filter((item) => item.outcome !== 'ok').map((item) => String(item.name))
      : [];
    if (invalid.length > 0 && strict) return fail(ACOUSTIC_ERRORS.invalidAudio(invalid));
    const helperModel = helper ? checkHelper(helper, locked, now) : undefined;
    if (helperModel instanceof ApiError) return { changes: { status: 'failed' as const }, result: {}, failure: helperModel };
    const warnings = invalid.length > 0 ? [{
      code: 'invalid_audio_files' as const,
      message: `Analysis of the following audio files has not completed successfully: [${invalid.join(', ')}]. `
        + 'They will be excluded from custom acoustic model training.',
    }] : undefined;
    return {
      job: {
        op: 'trainAcoustic', ...(await jobSchedule(locked.owner, 'training', now)), runningStatus: 'training', thenStatus: 'available',
        trains: true, ...(helperModel ? { helperModel } : {}),
      },
      result: warnings ? { warnings } : {},
    };
  }, { kind: 'acoustic' });
}

/** A helper language model for training (§10.6): `available`, same base model, same version; else the failure. */
function checkHelper(helper: ModelRecord, model: ModelRecord, nowMs: number): { id: string; version: string } | ApiError {
  const state = modelState(helper, nowMs);
  if (state.status !== 'available') return new ApiError(400, ACOUSTIC_ERRORS.helperNotAvailable(helper.customizationId, state.status));
  if (helper.baseModelName !== model.baseModelName) {
    return new ApiError(400, ACOUSTIC_ERRORS.helperOtherBase(helper.customizationId, helper.baseModelName, model.baseModelName));
  }
  const version = currentVersionOf(state.versions);
  const own = currentVersionOf(modelState(model, nowMs).versions);
  if (version !== own) return new ApiError(400, ACOUSTIC_ERRORS.helperOtherVersion(helper.customizationId, version, own));
  return { id: helper.customizationId, version };
}

/**
 * upgradeAcousticModel (§10.3 A7): from `ready` or `available`, with valid audio, to the base model's newer version:
 * `upgrading`, then the prior status. A model trained with a custom language model is upgraded with it, once that
 * model is upgraded; upgrading again with it answers `No input data modified since last training` unless `force`.
 */
export async function upgradeAcousticModel(caller: Caller, rawId: string, query: URLSearchParams): Promise<Record<string, never>> {
  const force = booleanParam(query, 'force', false);
  const helper = await helperLanguageModel(caller, query);
  return withModelLock(caller, rawId, 'upgradeAcoustic', 'upgrade', async (locked, now) => {
    const refuse = (message: string) => ({ result: {}, failure: badRequest(message) });
    const state = modelState(locked, now);
    if (state.status !== 'ready' && state.status !== 'available') return refuse(ACOUSTIC_ERRORS.upgradeStatus(state.status));
    if (!hasValidData(locked.counts)) return refuse(ACOUSTIC_ERRORS.upgradeNoData);
    const baseModel = findBaseModel(locked.baseModelName)!;
    const newest = `${baseModel.name}.v${baseModel.newerVersion ?? baseModel.version}`;
    const onNewest = state.versions.includes(newest);
    if (state.helperModel && !helper) return refuse(ACOUSTIC_ERRORS.upgradeNeedsHelper(state.helperModel.id));
    let helperModel: { id: string; version: string } | undefined;
    if (helper) {
      const helperState = modelState(helper, now);
      if (helperState.status !== 'available') return refuse(ACOUSTIC_ERRORS.helperNotAvailable(helper.customizationId, helperState.status));
      if (helper.baseModelName !== locked.baseModelName) {
        return refuse(ACOUSTIC_ERRORS.helperOtherBase(helper.customizationId, helper.baseModelName, locked.baseModelName));
      }
      const version = currentVersionOf(helperState.versions);
      if (version !== newest) return refuse(ACOUSTIC_ERRORS.helperNotUpgraded(helper.customizationId, newest));
      helperModel = { id: helper.customizationId, version };
      const unchanged = onNewest && state.helperModel?.id === helperModel.id && state.helperModel.version === version;
      if (unchanged && !force) return refuse(ACOUSTIC_ERRORS.noInputDataModified);
    } else if (onNewest) {
      return refuse(ACOUSTIC_ERRORS.upgradeLatest(baseModel.name));
    }
    return {
      job: {
        op: 'upgradeAcoustic', ...(await jobSchedule(locked.owner, 'upgrade', now)), runningStatus: 'upgrading', thenStatus: state.status,
        ...(onNewest ? {} : { versionAdded: newest }), ...(helperModel ? { helperModel } : {}),
      },
      result: {},
    };
  }, { kind: 'acoustic' });
}
