import { DEFAULT_ARCHIVE_LIMITS } from '../audio/archive';
import { analyzeAudioResource, MAX_AUDIO_RESOURCE_BYTES, type AudioAnalysis } from '../audio/resource';
import type { Caller } from '../auth/identity';
import { findBaseModel } from '../catalog';
import { clock } from '../clock';
import { config } from '../config';
import { ownedModel, refuseIfBusy, withModelLock } from '../customization/access';
import { modelContext } from '../customization/context';
import { hasValidData, NO_RESOURCES, withAudio } from '../customization/counts';
import { validateResourceName } from '../customization/names';
import { jobSchedule } from '../customization/timing';
import { badRequest, conflict, payloadTooLarge } from '../errors';
import { booleanParam } from '../params';
import { getChild, writeChildren } from '../store/children';
import { BESIDE_AUDIO, asAudio, type AudioItem } from './audio';
import { MAX_AUDIO_SECONDS } from './service';

/* addAudio lives apart from the other audio operations so that only its function bundles the audio and archive readers. */

/** The members an archive may have: its listing is kept in the resource's one item (DynamoDB's 400 KB). */
const MAX_ARCHIVE_MEMBERS = 1_000;

/** What an addAudio request sends besides its name: the body and the headers that describe it. */
export interface AudioUpload {
  body: Buffer;
  contentType?: string;
  containedContentType?: string;
  customerId?: string;
}

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
    const running = locked.job; // taking the lock folded a finished job in: one left is running
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
