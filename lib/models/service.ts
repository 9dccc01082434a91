import type { Caller } from '../auth/identity';
import { clock } from '../clock';
import { currentVersion } from '../catalog';
import { config } from '../config';
import { badRequest, conflict, modelNotAccessible } from '../http/errors';
import { newGuid, requireGuid } from '../ids';
import * as store from '../store/models';
import type { LanguageModelJson, ModelRecord } from './record';
import { modelState } from './state';
import { languageModelJson, unknownParameterWarning } from './view';
import { validateLanguageFilter, validateNewModel } from './validate';

/** How often a write that lost a race re-reads the model and tries again before answering. */
const WRITE_ATTEMPTS = 5;

/** createLanguageModel (spec 4.1): validates, takes one of the instance's 1024 slots, stores a `pending` model. */
export async function createModel(caller: Caller, body: Record<string, unknown>): Promise<{ customization_id: string }> {
  const input = validateNewModel(body);
  const limit = config.maxModelsPerInstance();
  if (!(await store.reserveModelSlot(caller.instanceId, limit))) {
    throw badRequest(`The maximum number of custom language models (${limit}) for this service instance has been reached. `
      + 'Delete a custom language model before you create another one.');
  }
  const now = clock.now();
  const record: ModelRecord = {
    customizationId: newGuid(),
    owner: caller.instanceId,
    name: input.name,
    description: input.description,
    baseModelName: input.baseModel.name,
    language: input.baseModel.language,
    dialect: input.dialect,
    versions: [currentVersion(input.baseModel)],
    created: now,
    updated: now,
    status: 'pending',
    revision: 1,
    generation: 0,
  };
  try {
    await store.putNewModel(record);
  } catch (error) {
    await store.releaseModelSlot(caller.instanceId);
    throw error;
  }
  return { customization_id: record.customizationId };
}

/** listLanguageModels (spec 4.2): the caller's models, optionally of one language. */
export async function listModels(caller: Caller, language: string | null): Promise<{ customizations: LanguageModelJson[] }> {
  const filter = validateLanguageFilter(language);
  const records = await store.listModelsOfOwner(caller.instanceId, filter);
  const now = clock.now();
  return { customizations: records.map((record) => languageModelJson(record, now)) };
}

/** The caller's model, or the service's 400 (malformed id) / 401 (no such model for this instance). */
export async function ownedModel(caller: Caller, rawId: string): Promise<ModelRecord> {
  const customizationId = requireGuid(rawId);
  const record = await store.getModel(customizationId);
  if (!record || record.owner !== caller.instanceId) throw modelNotAccessible(rawId);
  return record;
}

/** getLanguageModel (spec 4.3); unknown query parameters are named in `warnings` (spec 1.5). */
export async function getModel(caller: Caller, rawId: string, query: URLSearchParams): Promise<LanguageModelJson> {
  const record = await ownedModel(caller, rawId);
  const warnings = unknownParameterWarning(query, []);
  return { ...languageModelJson(record, clock.now()), ...(warnings ? { warnings } : {}) };
}

function refuseIfBusy(record: ModelRecord, nowMs: number, action: string): void {
  const { busyWith, status } = modelState(record, nowMs);
  if (busyWith || status === 'training' || status === 'upgrading') {
    throw conflict(`Cannot ${action} custom model '${record.customizationId}' while another request for it is in progress `
      + `(${busyWith ?? status}). Try the request again when the model's operation has completed.`);
  }
}

/**
 * Runs a conditional change of the caller's model: reads it, refuses when busy, writes with a revision check, and on
 * losing a race reads again, so that of two racing requests one wins and the other sees the winner's state.
 */
async function changeModel<T>(
  caller: Caller,
  rawId: string,
  action: string,
  write: (record: ModelRecord, nowMs: number) => Promise<T | undefined>,
): Promise<T> {
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
    const record = await ownedModel(caller, rawId);
    const now = clock.now();
    refuseIfBusy(record, now, action);
    const result = await write(record, now);
    if (result !== undefined) return result;
  }
  throw conflict(`Cannot ${action} custom model '${rawId}': it is being changed by other requests. Try the request again.`);
}

/** resetLanguageModel (spec 4.6): back to the just-created state; the old generation of children is purged. */
export async function resetModel(caller: Caller, rawId: string): Promise<Record<string, never>> {
  const reset = await changeModel(caller, rawId, 'reset', (record, now) =>
    store.updateModel(record, { status: 'pending', generation: record.generation + 1, updated: now }, ['error']));
  await store.purgeOldGenerations(reset.customizationId, reset.generation);
  return {};
}

/** deleteLanguageModel (spec 4.4): the model disappears at once; its children are purged after it. */
export async function deleteModel(caller: Caller, rawId: string): Promise<Record<string, never>> {
  const deleted = await changeModel(caller, rawId, 'delete', async (record, now) =>
    (await store.markModelDeleted(record, now)) ? record : undefined);
  await store.releaseModelSlot(deleted.owner);
  await store.purgeDeletedModel(deleted.customizationId);
  return {};
}
