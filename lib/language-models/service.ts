import type { Caller } from '../auth/identity';
import { clock } from '../clock';
import { currentVersion } from '../catalog/index';
import { config } from '../config';
import { badRequest } from '../errors';
import { newGuid } from '../ids';
import * as store from '../store/models';
import { LOCK_LEASE_MS, changeModel, readModel } from '../customization/access';
import { NO_RESOURCES } from '../customization/counts';
import type { LanguageModelJson } from './view';
import type { ModelRecord } from '../store/modelRecord';
import { languageModelJson } from './view';
import { unknownParameterWarning } from '../params';
import { validateLanguageFilter, validateNewModel } from './validate';

/** createLanguageModel (spec 4.1): validates, takes one of the instance's 1024 slots, stores a `pending` model. */
export async function createLanguageModel(caller: Caller, body: Record<string, unknown>): Promise<{ customization_id: string }> {
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
    counts: NO_RESOURCES,
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
export async function listLanguageModels(caller: Caller, query: URLSearchParams): Promise<{ customizations: LanguageModelJson[] }> {
  const filter = validateLanguageFilter(query.get('language'));
  const records = await store.listModelsOfOwner(caller.instanceId, filter);
  const now = clock.now();
  return { customizations: records.map((record) => languageModelJson(record, now)) };
}

/** getLanguageModel (spec 4.3); unknown query parameters are named in `warnings` (spec 1.5). */
export async function getLanguageModel(caller: Caller, rawId: string, query: URLSearchParams): Promise<LanguageModelJson> {
  const record = await readModel(caller, rawId);
  const warnings = unknownParameterWarning(query, []);
  return { ...languageModelJson(record, clock.now()), ...(warnings ? { warnings } : {}) };
}

/**
 * resetLanguageModel (spec 4.6): back to the just-created state. One write starts a new generation of children (the
 * old ones are invisible from then on) and takes the model's lock while the old generation is purged; a reset cut
 * off midway is finished by repair once the lock's lease runs out (lib/customization/repair).
 */
export async function resetLanguageModel(caller: Caller, rawId: string): Promise<Record<string, never>> {
  const reset = await changeModel(caller, rawId, 'reset', (record, now) => {
    const lockExpires = now + LOCK_LEASE_MS;
    return store.updateModel(
      record,
      {
        status: 'pending', generation: record.generation + 1, updated: now, counts: NO_RESOURCES,
        dataRevision: (record.dataRevision ?? 0) + 1, lockOp: 'reset', lockExpires,
      },
      ['error', 'job', 'snapshot'],
      lockExpires,
    );
  });
  await store.purgeOldGenerations(reset.customizationId, reset.generation);
  await store.updateModel(reset, {}, ['lockOp', 'lockExpires'], null);
  return {};
}

/** deleteLanguageModel (spec 4.4): the model disappears at once; its children are purged after it. */
export async function deleteLanguageModel(caller: Caller, rawId: string): Promise<Record<string, never>> {
  const deleted = await changeModel(caller, rawId, 'delete', async (record, now) =>
    (await store.markModelDeleted(record, now)) ? record : undefined);
  await store.releaseModelSlot(deleted.owner);
  await store.purgeDeletedModel(deleted.customizationId);
  return {};
}
