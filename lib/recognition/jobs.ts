import { randomUUID } from 'node:crypto';
import type { Caller } from '../auth/identity';
import { clock, isoTime } from '../clock';
import { jobSchedule, MANUAL_DUE_AT } from '../customization/timing';
import { ApiError, badRequest, notFound } from '../errors';
import * as store from '../store/jobs';
import { CALLBACK_ERRORS, deliverNotification } from './callbacks';
import { prepareRecognition, transcribeRequest } from './service';
import type { RecognitionRequest, SpeechRecognitionResults } from './types';

/**
 * Asynchronous recognition (spec §7): jobs that move `waiting` → `processing` → `completed` (or `failed`) on the
 * instance's `recognition` timing — half of it waiting, half processing — and notify their callback URL. The state
 * a client sees at a moment comes from the stored times alone (every read after a due time shows the new status);
 * whoever settles a job — a read, or the scheduled function — writes the transition down with a conditional write
 * and sends the notifications it added; a notification that fails is retried (RETRY_DELAYS_MS), then dropped. A job
 * disappears `results_ttl` minutes after it finished.
 */

export const EVENTS = ['recognitions.started', 'recognitions.completed', 'recognitions.completed_with_results', 'recognitions.failed'] as const;
type JobEvent = (typeof EVENTS)[number];
const DEFAULT_EVENTS: JobEvent[] = ['recognitions.started', 'recognitions.completed', 'recognitions.failed'];
/** One week, in minutes (spec §3.3). */
const DEFAULT_RESULTS_TTL = 10_080;
/** The most recent jobs checkJobs lists (spec §7.7). */
const RECENT_JOBS = 100;
/** After a failed delivery, the next attempts wait this long; after the last, the notification is dropped. */
const RETRY_DELAYS_MS = [1_000, 4_000, 15_000];
/** A notification claimed by a sender that died is sent again after this long. */
const SEND_LEASE_MS = 30_000;
const ATTEMPTS = 5;

export type JobStatus = 'waiting' | 'processing' | 'completed' | 'failed';

/** Every text of a job refusal the documentation does not give: one place. */
export const JOB_ERRORS = {
  notFound: (id: string) => `job not found: no recognition job '${id}' for this service instance.`,
  processing: (id: string) => `The recognition job '${id}' is being processed and cannot be deleted. Try again when it has completed.`,
  invalidEvent: (event: string) => `Invalid value for 'events': '${event}'. Allowed values: ${EVENTS.join(', ')}.`,
  bothCompleted: "Invalid value for 'events': 'recognitions.completed' and 'recognitions.completed_with_results' cannot both be given.",
  invalidTtl: (value: string) => `Invalid value for 'results_ttl': '${value}'. It must be an integer of at least 0 (minutes).`,
  withoutCallback: (names: string[]) => `${names.join(' and ')} ${names.length > 1 ? 'are' : 'is'} ignored without 'callback_url'.`,
};

interface Notification {
  event: JobEvent;
  attempts: number;
  /** When to send it (next); a sender claims it by moving this on by SEND_LEASE_MS. */
  sendAt: number;
}

/** A job as stored (lib/store/jobs): its times, outcome and callback; never its audio. */
interface Job extends store.JobRecord {
  /** When it starts processing, and when it completes or fails (epoch ms). */
  startAt: number;
  doneAt: number;
  /** A manual job that completes after this many more reads (checkJob). */
  readsLeft?: number;
  outcome: 'completed' | 'failed';
  results?: SpeechRecognitionResults;
  error?: string;
  resultsTtl: number;
  callback?: { url: string; secret?: string; events: JobEvent[]; userToken?: string };
  /** The last status written down (its notifications added), and the notifications still to send. */
  settled: JobStatus;
  pending: Notification[];
  customerId?: string;
}

const asJob = (record: store.JobRecord) => record as unknown as Job;

function statusAt(job: Job, nowMs: number): JobStatus {
  if (nowMs < job.startAt) return 'waiting';
  if (nowMs < job.doneAt) return 'processing';
  return job.outcome;
}

/** When the job last changed status as the client sees it: created, started processing, or finished. */
function updatedAt(job: Job, status: JobStatus): number {
  if (status === 'waiting') return job.created;
  return status === 'processing' ? job.startAt : job.doneAt;
}

const expiresAt = (job: Job) => job.doneAt + job.resultsTtl * 60_000;
const gone = (job: Job, nowMs: number) => job.doneAt !== MANUAL_DUE_AT && nowMs >= expiresAt(job);

/** When the scheduled function must look at the job next: a transition, a notification to (re)send, its expiry. */
function nextDue(job: Job, nowMs: number): number | null {
  const times = [
    ...(statusAt(job, nowMs) !== job.settled || job.settled === 'waiting' ? [job.startAt] : []),
    ...(job.settled === 'waiting' || job.settled === 'processing' ? [job.doneAt] : []),
    ...job.pending.map((notification) => notification.sendAt),
    ...(job.doneAt === MANUAL_DUE_AT ? [] : [expiresAt(job)]),
  ].filter((time) => time < MANUAL_DUE_AT);
  return times.length > 0 ? Math.max(nowMs, Math.min(...times)) : null;
}

/** The events a move from one status to another fires, in order (a jump fires each step's). */
function eventsBetween(from: JobStatus, to: JobStatus, job: Job): JobEvent[] {
  const order: JobStatus[] = ['waiting', 'processing', job.outcome];
  const events: JobEvent[] = [];
  for (let step = order.indexOf(from) + 1; step <= order.indexOf(to); step++) {
    if (order[step] === 'processing') events.push('recognitions.started');
    else if (order[step] === 'failed') events.push('recognitions.failed');
    else if (order[step] === 'completed') {
      events.push(job.callback?.events.includes('recognitions.completed_with_results') ? 'recognitions.completed_with_results' : 'recognitions.completed');
    }
  }
  return events.filter((event) => job.callback?.events.includes(event));
}

/** The query of createJob: the async-only parameters (spec §3.3) read, the rest left to recognition's reader. */
function asyncParams(query: URLSearchParams) {
  const rest = new URLSearchParams(query);
  for (const name of ['callback_url', 'events', 'user_token', 'results_ttl']) rest.delete(name);
  const url = query.get('callback_url') || undefined;
  const rawEvents = query.get('events');
  let events = DEFAULT_EVENTS;
  if (rawEvents !== null) {
    events = rawEvents.split(',').map((event) => event.trim()).filter((event) => event !== '') as JobEvent[];
    for (const event of events) if (!EVENTS.includes(event)) throw badRequest(JOB_ERRORS.invalidEvent(event));
    if (events.includes('recognitions.completed') && events.includes('recognitions.completed_with_results')) throw badRequest(JOB_ERRORS.bothCompleted);
  }
  const rawTtl = query.get('results_ttl');
  let resultsTtl = DEFAULT_RESULTS_TTL;
  if (rawTtl !== null) {
    resultsTtl = Number(rawTtl);
    if (rawTtl.trim() === '' || !Number.isInteger(resultsTtl) || resultsTtl < 0) throw badRequest(JOB_ERRORS.invalidTtl(rawTtl));
  }
  const userToken = query.get('user_token') ?? undefined;
  const ignored = url ? [] : ['events', 'user_token'].filter((name) => query.has(name)).map((name) => `'${name}'`);
  return { rest, url, events, userToken, resultsTtl, warning: ignored.length > 0 ? JOB_ERRORS.withoutCallback(ignored) : undefined };
}

/**
 * createJob (spec §7.4): the request is checked as `POST /v1/recognize` checks it (refused synchronously), the
 * callback URL must be allowlisted; the audio is read and transcribed now (a job stores the results, not the audio):
 * audio that cannot be read makes the job `failed` when it completes. 201 with the job.
 */
export async function createJob(caller: Caller, req: RecognitionRequest, customerId?: string) {
  const params = asyncParams(req.query);
  const prepared = await prepareRecognition(caller, { ...req, query: params.rest });
  const callback = params.url ? await store.getCallback(caller.instanceId, params.url) : undefined;
  if (params.url && !callback) throw badRequest(CALLBACK_ERRORS.notRegistered(params.url));
  let results: SpeechRecognitionResults | undefined;
  let error: string | undefined;
  try {
    results = await transcribeRequest({ ...prepared, warnings: [] });
  } catch (thrown) {
    // The format (415) is known from the request; what is in the audio only once it is processed.
    if (!(thrown instanceof ApiError) || thrown.status === 415 || thrown.status === 413) throw thrown;
    error = thrown.message;
  }
  const now = clock.now();
  const { dueAt, readsLeft } = await jobSchedule(caller.instanceId, 'recognition', now);
  const job: Job = {
    id: randomUUID(),
    owner: caller.instanceId,
    revision: 1,
    created: now,
    startAt: dueAt === MANUAL_DUE_AT ? MANUAL_DUE_AT : now + Math.round((dueAt - now) / 2),
    doneAt: dueAt,
    ...(readsLeft === undefined ? {} : { readsLeft }),
    outcome: error ? 'failed' : 'completed',
    ...(results ? { results } : {}),
    ...(error ? { error } : {}),
    resultsTtl: params.resultsTtl,
    ...(callback ? {
      callback: {
        url: callback.url, ...(callback.secret ? { secret: callback.secret } : {}), events: params.events,
        ...(params.userToken === undefined ? {} : { userToken: params.userToken }),
      },
    } : {}),
    settled: 'waiting',
    pending: [],
    ...(customerId ? { customerId } : {}),
  };
  await store.putNewJob(job, nextDue(job, now));
  const settled = await settle(job, now);
  const warnings = [...prepared.warnings, ...(params.warning ? [params.warning] : [])];
  return {
    id: job.id,
    status: statusAt(settled, now) === 'waiting' ? 'waiting' : 'processing',
    url: `${req.serviceUrl ?? ''}/v1/recognitions/${job.id}`,
    created: isoTime(job.created),
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/**
 * Writes down the job's status at `nowMs` if it moved on (adding the notifications of its events), then sends what is
 * due to send. Answers the job as stored after (the caller's copy when someone else changed it meanwhile).
 */
export async function settle(current: Job, nowMs: number): Promise<Job> {
  let job = current;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const status = statusAt(job, nowMs);
    const due = job.pending.filter((notification) => notification.sendAt <= nowMs);
    if (status === job.settled && due.length === 0) return job;
    const added: Notification[] = eventsBetween(job.settled, status, job).map((event) => ({ event, attempts: 0, sendAt: nowMs }));
    const sending = [...due, ...added];
    // Claim what this settler sends: a racing one sees it due later; a sender that dies leaves it to the lease.
    const claimed = [
      ...job.pending.filter((notification) => notification.sendAt > nowMs),
      ...sending.map((notification) => ({ ...notification, sendAt: nowMs + SEND_LEASE_MS })),
    ];
    const next = { ...job, settled: status, pending: claimed };
    const written = await store.replaceJob(job, next, nextDue(next as Job, nowMs));
    if (!written) {
      const fresh = await store.getJob(current.id);
      if (!fresh) return job;
      job = asJob(fresh);
      continue;
    }
    return send(asJob(written), sending, nowMs);
  }
  return job;
}

/** Sends the claimed notifications in order; records each outcome (sent: gone; failed: retried later, or dropped). */
async function send(job: Job, sending: Notification[], nowMs: number): Promise<Job> {
  if (!job.callback || sending.length === 0) return job;
  const outcomes: { event: JobEvent; ok: boolean }[] = [];
  for (const notification of sending) {
    const body = {
      id: job.id, event: notification.event, user_token: job.callback.userToken ?? '',
      ...(notification.event === 'recognitions.completed_with_results' && job.results ? { results: [job.results] } : {}),
    };
    outcomes.push({ event: notification.event, ok: await deliverNotification(job.callback.url, job.callback.secret, body) });
  }
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const pending = job.pending.flatMap((notification) => {
      const outcome = outcomes.find((candidate) => candidate.event === notification.event);
      if (!outcome || !sending.some((sent) => sent.event === notification.event)) return [notification];
      if (outcome.ok) return [];
      const attempts = notification.attempts + 1;
      return attempts > RETRY_DELAYS_MS.length ? [] : [{ ...notification, attempts, sendAt: nowMs + RETRY_DELAYS_MS[attempts - 1] }];
    });
    const next = { ...job, pending };
    const written = await store.replaceJob(job, next, nextDue(next, nowMs));
    if (written) return asJob(written);
    const fresh = await store.getJob(job.id);
    if (!fresh) return job;
    job = asJob(fresh);
  }
  return job;
}

/** The caller's job; 404 for an unknown, expired or foreign one (spec §7.8). An expired job still notifies first. */
async function ownedJob(caller: Caller, id: string, nowMs: number): Promise<Job> {
  const record = await store.getJob(id);
  const job = record ? asJob(record) : undefined;
  if (!job || job.owner !== caller.instanceId) throw notFound(JOB_ERRORS.notFound(id));
  if (gone(job, nowMs)) {
    await settle(job, nowMs);
    throw notFound(JOB_ERRORS.notFound(id));
  }
  return job;
}

/** checkJob (spec §7.8): the job, with its results once completed. A manual job's reads count here. */
export async function checkJob(caller: Caller, id: string) {
  const now = clock.now();
  let job = await ownedJob(caller, id, now);
  if (job.readsLeft !== undefined && statusAt(job, now) !== job.outcome) {
    const next = job.readsLeft <= 1 ? completedNow(job, now) : { ...job, readsLeft: job.readsLeft - 1 };
    const written = await store.replaceJob(job, next, nextDue(next, now));
    if (written) job = asJob(written);
  }
  job = await settle(job, now);
  const status = statusAt(job, now);
  return {
    id: job.id, status, created: isoTime(job.created), updated: isoTime(updatedAt(job, status)),
    ...(status === 'completed' && job.results ? { results: [job.results] } : {}),
  };
}

/** checkJobs (spec §7.7): the 100 most recent jobs, newest first, without results. */
export async function checkJobs(caller: Caller) {
  const now = clock.now();
  const jobs = (await store.recentJobsOfOwner(caller.instanceId, RECENT_JOBS)).map(asJob).filter((job) => !gone(job, now));
  return {
    recognitions: jobs.map((job) => {
      const status = statusAt(job, now);
      return {
        id: job.id, status, created: isoTime(job.created), updated: isoTime(updatedAt(job, status)),
        ...(job.callback?.userToken ? { user_token: job.callback.userToken } : {}),
      };
    }),
  };
}

/** deleteJob (spec §7.9): 204; a job being processed cannot be deleted (400); unknown 404. */
export async function deleteJob(caller: Caller, id: string): Promise<void> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const now = clock.now();
    const job = await ownedJob(caller, id, now);
    if (statusAt(job, now) === 'processing') throw badRequest(JOB_ERRORS.processing(id));
    if (await store.deleteJobIfUnchanged(job)) return;
  }
  throw notFound(JOB_ERRORS.notFound(id));
}

/** The job completed now (the control API's advance, or a manual job's last read). */
function completedNow(job: Job, nowMs: number): Job {
  const { readsLeft: _readsLeft, ...rest } = job;
  return { ...rest, startAt: Math.min(job.startAt, nowMs), doneAt: nowMs } as Job;
}

/** The control API's advance: every running job of the instance completes now; answers their ids. */
export async function advanceJobsOf(owner: string): Promise<string[]> {
  const now = clock.now();
  const advanced: string[] = [];
  for (const job of (await store.recentJobsOfOwner(owner, RECENT_JOBS)).map(asJob)) {
    if (statusAt(job, now) === job.outcome) continue;
    const next = completedNow(job, now);
    const written = await store.replaceJob(job, next, nextDue(next, now));
    if (written) {
      advanced.push(job.id);
      await settle(asJob(written), now);
    }
  }
  return advanced;
}

/** What the scheduled function does for jobs: settles each due one (notifications), and deletes expired ones. */
export async function advanceDueJobs(nowMs: number, shards: number): Promise<{ due: number; settled: number; expired: number }> {
  const report = { due: 0, settled: 0, expired: 0 };
  const ids = (await Promise.all(Array.from({ length: shards }, (_, shard) => store.dueJobIds(shard, nowMs)))).flatMap((shard) => shard.ids);
  report.due = ids.length;
  for (const id of ids) {
    const record = await store.getJob(id);
    if (!record) continue;
    const job = asJob(record);
    // An expired job's last transition is written down and notified first (results_ttl=0 expires as it completes).
    const after = await settle(job, nowMs);
    if (after !== job) report.settled += 1;
    if (gone(after, nowMs) && after.pending.length === 0 && (await store.deleteJobIfUnchanged(after))) report.expired += 1;
  }
  return report;
}
