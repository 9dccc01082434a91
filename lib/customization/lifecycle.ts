import type { Caller } from '../auth/identity';
import { currentVersion } from '../catalog/index';
import { clock } from '../clock';
import { config } from '../config';
import { badRequest } from '../errors';
import { newGuid } from '../ids';
import type { ModelKind, ModelRecord } from '../store/modelRecord';
import * as store from '../store/models';
import { changeModel, lockLeaseMs } from './access';
import { NO_RESOURCES } from './counts';
import type { NewModelInput } from './validate';

/**
 * The life of a custom model of either kind, language or acoustic: create, list, reset, delete. The services of
 * each kind validate their requests and shape their JSON around these.
 */

/** Creates a `pending` model in one of the instance's 1024 slots of its kind (spec 4.1, §10.3 A1). */
export async function createCustomModel(caller: Caller, kind: ModelKind, input: NewModelInput): Promise<{ customization_id: string }> {
  const limit = config.maxModelsPerInstance();
  if (!(await store.reserveModelSlot(caller.instanceId, limit, kind))) {
    throw badRequest(`The maximum number of custom ${kind} models (${limit}) for this service instance has been reached. `
      + `Delete a custom ${kind} model before you create another one.`);
  }
  const now = clock.now();
  const record: ModelRecord = {
    customizationId: newGuid(),
    ...(kind === 'acoustic' ? { kind } : {}),
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
    await store.releaseModelSlot(caller.instanceId, kind);
    throw error;
  }
  return { customization_id: record.customizationId };
}

/** The caller's models of a kind, optionally of one language. */
export function listCustomModels(caller: Caller, kind: ModelKind, language: string | undefined): Promise<ModelRecord[]> {
  return store.listModelsOfOwner(caller.instanceId, language, kind);
}

/**
 * Back to the just-created state (spec 4.6, §10.3 A6). One write starts a new generation of children (the old ones
 * are invisible from then on) and takes the model's lock while the old generation is purged; a reset cut off midway
 * is finished by repair once the lock's lease runs out (lib/customization/repair).
 */
export async function resetCustomModel(caller: Caller, rawId: string, kind: ModelKind): Promise<void> {
  const reset = await changeModel(caller, rawId, 'reset', (record, now) => {
    const lockExpires = now + lockLeaseMs();
    return store.updateModel(
      record,
      {
        status: 'pending', generation: record.generation + 1, updated: now, counts: NO_RESOURCES,
        dataRevision: (record.dataRevision ?? 0) + 1, lockOp: 'reset', lockExpires,
      },
      ['error', 'job', 'snapshot', 'helperModel', 'trained'],
      lockExpires,
    );
  }, { kind });
  await store.purgeOldGenerations(reset.customizationId, reset.generation);
  await store.updateModel(reset, {}, ['lockOp', 'lockExpires'], null);
}

/** The model disappears at once (a tombstone); its children are purged after it (spec 4.4, §10.3 A4). */
export async function deleteCustomModel(caller: Caller, rawId: string, kind: ModelKind): Promise<void> {
  const deleted = await changeModel(caller, rawId, 'delete', async (record, now) =>
    (await store.markModelDeleted(record, now)) ? record : undefined, { kind });
  await store.releaseModelSlot(deleted.owner, kind);
  await store.purgeDeletedModel(deleted.customizationId);
}
