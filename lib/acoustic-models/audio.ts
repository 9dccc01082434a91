import type { AudioDetails } from '../audio/resource';
import type { Caller } from '../auth/identity';
import { clock } from '../clock';
import { readModel, withModelLock } from '../customization/access';
import { modelContext } from '../customization/context';
import { hasValidData, NO_RESOURCES, withAudio } from '../customization/counts';
import { notFound } from '../errors';
import { getChild, listChildren, writeChildren, type ChildItem } from '../store/children';

/** Audio resources are analysed beside each other: adding or deleting one does not wait for another's analysis. */
export const BESIDE_AUDIO = ['addAudio'];

/** An audio resource as stored: the outcome of its analysis, shown once `dueAt` has passed (§10.2). */
export interface AudioItem {
  name: string;
  outcome: 'ok' | 'invalid';
  /** Whole seconds (an archive: the sum of its members'). */
  duration: number;
  details: AudioDetails;
  members?: { name: string; duration: number; details: AudioDetails; status: 'ok' | 'invalid' }[];
  dueAt: number;
  /** `X-Watson-Metadata: customer_id=…` of the request that added it (DELETE /v1/user_data). */
  customerId?: string;
}

export interface AudioResourceJson {
  duration: number;
  name: string;
  details: AudioDetails | Record<string, never>;
  status: 'ok' | 'invalid' | 'being_processed';
}

export const asAudio = (item: ChildItem) => item as unknown as AudioItem;


function audioJson(audio: AudioItem, nowMs: number): AudioResourceJson {
  if (nowMs < audio.dueAt) return { duration: 0, name: audio.name, details: {}, status: 'being_processed' };
  return { duration: audio.duration, name: audio.name, details: { ...audio.details }, status: audio.outcome };
}

/** listAudio (§10.3 A8): every resource (an archive as one), and the minutes of the valid ones analysed. */
export async function listAudio(caller: Caller, rawId: string): Promise<{ total_minutes_of_audio: number; audio: AudioResourceJson[] }> {
  const record = await readModel(caller, rawId, 'acoustic');
  const now = clock.now();
  const audio = (await listChildren(modelContext(record).scope, 'AUDIO')).map((item) => audioJson(asAudio(item), now));
  const seconds = audio.filter((entry) => entry.status === 'ok').reduce((sum, entry) => sum + entry.duration, 0);
  return { total_minutes_of_audio: Math.round((seconds / 60) * 100) / 100, audio };
}

/** getAudio (§10.3 A10): an audio file's four fields; an archive's `container` and its files (`audio`). */
export async function getAudio(caller: Caller, rawId: string, name: string):
Promise<AudioResourceJson | { container: AudioResourceJson; audio: AudioResourceJson[] }> {
  const record = await readModel(caller, rawId, 'acoustic');
  const item = await getChild(modelContext(record).scope, 'AUDIO', name);
  if (!item) throw audioNotFound(name, record.customizationId);
  const audio = asAudio(item);
  const now = clock.now();
  const json = audioJson(audio, now);
  if (audio.details.type !== 'archive') return json;
  const processed = now >= audio.dueAt;
  return { container: json, audio: processed ? (audio.members ?? []).map((member) => ({ ...member, details: { ...member.details } })) : [] };
}

const audioNotFound = (name: string, id: string) => notFound(`Audio resource '${name}' does not exist in custom model '${id}'.`);

/** deleteAudio (§10.3 A11): the resource (an archive as a whole); allowed while other audio is analysed. */
export async function deleteAudio(caller: Caller, rawId: string, name: string): Promise<Record<string, never>> {
  return withModelLock(caller, rawId, 'deleteAudio', 'delete audio from', async (locked) => {
    const { scope } = modelContext(locked);
    const item = await getChild(scope, 'AUDIO', name);
    if (!item) throw audioNotFound(name, locked.customizationId);
    await writeChildren(scope, [{ kind: 'AUDIO', name }]);
    const counts = withAudio(locked.counts ?? NO_RESOURCES, asAudio(item), -1);
    // Audio still analysed beside it settles to the same status (withModelLock).
    return { changes: { counts, status: hasValidData(counts) ? 'ready' : 'pending' }, dataChanged: true, result: {} };
  }, { kind: 'acoustic', allowDuring: BESIDE_AUDIO });
}
