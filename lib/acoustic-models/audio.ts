import { analyzeAudioResource, MAX_AUDIO_RESOURCE_BYTES, type AudioAnalysis, type AudioDetails } from '../audio/resource';
import { DEFAULT_ARCHIVE_LIMITS } from '../audio/archive';
import type { Caller } from '../auth/identity';
import { findBaseModel } from '../catalog';
import { clock } from '../clock';
import { config } from '../config';
import { ownedModel, readModel, refuseIfBusy, withModelLock } from '../customization/access';
import { modelContext } from '../customization/context';
import { hasValidData, withAudio, NO_RESOURCES } from '../customization/counts';
import { validateResourceName } from '../customization/names';
import { jobSchedule } from '../customization/timing';
import { badRequest, conflict, notFound, payloadTooLarge } from '../errors';
import { booleanParam } from '../params';
import { getChild, listChildren, writeChildren, type ChildItem } from '../store/children';
import type { ModelRecord } from '../store/modelRecord';
import { MAX_AUDIO_SECONDS } from './service';

/** Audio resources are analysed beside each other: adding or deleting one does not wait for another's analysis. */
const BESIDE_AUDIO = ['addAudio'];
/** The members an archive may have: its listing is kept in the resource's one item (DynamoDB's 400 KB). */
const MAX_ARCHIVE_MEMBERS = 1_000;

/** An audio resource as stored: the outcome of its analysis, shown once `dueAt` has passed (§10.2). */
interface AudioItem {
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

const asAudio = (item: ChildItem) => item as unknown as AudioItem;

/** The job still running on a model whose lock the caller holds. */
const jobRunning = (locked: ModelRecord, nowMs: number) => (locked.job && nowMs < locked.job.dueAt ? locked.job : undefined);

function audioJson(audio: AudioItem, nowMs: number): AudioResourceJson {
  if (nowMs < audio.dueAt) return { duration: 0, name: audio.name, details: {}, status: 'being_processed' };
  return { duration: audio.duration, name: audio.name, details: { ...audio.details }, status: audio.outcome };
}

/** What an addAudio request sends besides its name: the body and the headers that describe it. */
export interface AudioUpload {
  body: Buffer;
  contentType?: string;
  containedContentType?: string;
  customerId?: string;
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

/**
 * addAudio (§10.3 A9): the request's refusals first (4xx, nothing stored), then the resource is stored with the outcome
 * of its analysis, `being_processed` until the `audio` timing passes; other resources may be added meanwhile.
 */
export async function addAudio(caller: Caller, rawId: string, rawName: string, query: URLSearchParams, upload: AudioUpload):
Promise<Record<string, never>> {
  const allowOverwrite = booleanParam(query, 'allow_overwrite', false);
  const name = validateResourceName(rawName, 'audio');
  const limit = Math.min(config.maxBodyBytes(), MAX_AUDIO_RESOURCE_BYTES);
  if (upload.body.length > limit) {
    throw payloadTooLarge(`The audio resource is ${upload.body.length} bytes; the emulator accepts at most ${limit} bytes in one request.`);
  }
  const record = await ownedModel(caller, rawId, 'acoustic');
  refuseIfBusy(record, clock.now(), 'add audio to', BESIDE_AUDIO);
  const baseModel = findBaseModel(record.baseModelName)!;
  const analysis: AudioAnalysis = await analyzeAudioResource(upload.body, upload.contentType, upload.containedContentType, baseModel,
    { ...DEFAULT_ARCHIVE_LIMITS, maxMembers: MAX_ARCHIVE_MEMBERS });
  return withModelLock(caller, rawId, 'addAudio', 'add audio to', async (locked, now) => {
    const { scope } = modelContext(locked);
    const existing = await getChild(scope, 'AUDIO', name);
    if (existing && !allowOverwrite) {
      throw badRequest(`An audio resource named '${name}' already exists in the custom model. `
        + "Set the 'allow_overwrite' parameter to 'true' to replace it.");
    }
    if (existing && now < asAudio(existing).dueAt) {
      throw conflict(`Cannot replace audio resource '${name}' of custom model '${locked.customizationId}' while it is being processed. `
        + 'Try the request again when its analysis has completed.');
    }
    const start = locked.counts ?? NO_RESOURCES;
    if ((start.audioSeconds ?? 0) > MAX_AUDIO_SECONDS) {
      throw badRequest(`The custom acoustic model already holds more than ${MAX_AUDIO_SECONDS / 3600} hours of audio; it cannot take more.`);
    }
    const schedule = await jobSchedule(locked.owner, 'audio', now);
    const running = jobRunning(locked, now);
    const dueAt = running?.op === 'addAudio' ? Math.max(running.dueAt, schedule.dueAt) : schedule.dueAt;
    const audio: AudioItem = {
      name,
      outcome: analysis.status,
      duration: analysis.duration,
      details: analysis.details,
      ...(analysis.members ? {
        members: analysis.members.map((member) => ({ name: member.name, duration: member.duration, details: member.details, status: member.status })),
      } : {}),
      dueAt: schedule.dueAt,
      ...(upload.customerId ? { customerId: upload.customerId } : {}),
    };
    await writeChildren(scope, [{ kind: 'AUDIO', name, item: { ...audio } }]);
    const counts = withAudio(existing ? withAudio(start, asAudio(existing), -1) : start, audio, 1);
    return {
      changes: { counts },
      job: {
        op: 'addAudio', dueAt, ...(schedule.readsLeft === undefined ? {} : { readsLeft: schedule.readsLeft }),
        runningStatus: 'pending', thenStatus: hasValidData(counts) ? 'ready' : 'pending', resource: { kind: 'AUDIO', name },
      },
      dataChanged: true,
      result: {},
    };
  }, { kind: 'acoustic', first: record, allowDuring: BESIDE_AUDIO });
}

/** deleteAudio (§10.3 A11): the resource (an archive as a whole); allowed while other audio is analysed. */
export async function deleteAudio(caller: Caller, rawId: string, name: string): Promise<Record<string, never>> {
  return withModelLock(caller, rawId, 'deleteAudio', 'delete audio from', async (locked, now) => {
    const { scope } = modelContext(locked);
    const item = await getChild(scope, 'AUDIO', name);
    if (!item) throw audioNotFound(name, locked.customizationId);
    await writeChildren(scope, [{ kind: 'AUDIO', name }]);
    const counts = withAudio(locked.counts ?? NO_RESOURCES, asAudio(item), -1);
    const status = hasValidData(counts) ? 'ready' : 'pending';
    const running = jobRunning(locked, now);
    // Audio still being analysed beside it settles to the status the remaining audio gives.
    return { changes: { counts, status }, ...(running ? { job: { ...running, thenStatus: status } } : {}), dataChanged: true, result: {} };
  }, { kind: 'acoustic', allowDuring: BESIDE_AUDIO });
}
