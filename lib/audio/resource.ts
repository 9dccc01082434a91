/**
 * The analysis of an acoustic audio resource: the body of `POST /v1/acoustic_customizations/{id}/audio/{name}`
 * (recognition spec §9, §10.2, §10.3 A9, §12 item 7). Pure: no store, no clock.
 *
 * - `checkAudioResourceRequest` refuses a request as the service does before it answers 201 (refusals 1–5 below:
 *   the headers and an empty body; the archive is not opened).
 * - `analyzeAudioResource` runs that check, then finds what the service's analysis shows in `AudioResource` /
 *   `AudioListing`: `details`, `duration`, `status` (`ok`/`invalid`) and, for an archive, its members. Bad audio
 *   never throws: it makes the resource `invalid`. The one refusal that needs the archive opened (refusal 6: raw
 *   members without `Contained-Content-Type`) rejects with a 400 too.
 * - Both are async (they return promises) because `readAudio` is, and the `.tar.gz` reader is a stream; neither
 *   waits on anything outside the process.
 *
 * ## Request refusals (in this order)
 *
 * 1. 415 — `Content-Type` absent, `application/octet-stream` (not accepted for audio resources
 *    `[D:acoustic-resource]`), or neither an audio type of spec §9.1 (with readAudio's aliases `audio/x-wav`,
 *    `audio/wave`) nor `application/zip` / `application/gzip`. The docs and the SDK enum name only those two archive
 *    types, so `application/x-zip-compressed`, `application/x-gzip`, `application/x-tar` are refused too.
 * 2. 400 — `Contained-Content-Type` sent with an audio-type resource (an empty header counts as absent).
 * 3. 400 — the audio type's parameters (`rate` missing or bad, `channels`, `endianness`, `codecs`): readAudio's messages.
 * 4. 400 — an archive's `Contained-Content-Type` is not an audio type of §9.1, or has bad parameters (readAudio's
 *    messages).
 * 5. 400 — an empty body.
 * 6. 400 — (archive without `Contained-Content-Type`) a member that needs it: the docs require the header for
 *    `audio/alaw`, `audio/basic`, `audio/l16` and `audio/mulaw` members, which carry no header the service could
 *    detect them by. Rule: a member needs it when it starts with the Sun `.snd` header (audio/basic), or when its
 *    extension names a raw format (`.raw .pcm .l16 .alaw .al .ulaw .mulaw .mu .ul .au .snd`) and its bytes have no
 *    container header (WAV, FLAC, Ogg, WebM, MP3). Any other header-less member (a `.jpg`) is analysed: `undetermined`.
 *
 * The 100 MB maximum (413) is the caller's check: it knows the interface's limit (see MAX_AUDIO_RESOURCE_BYTES).
 *
 * ## Analysis
 *
 * - Audio: read by `readAudio` as the Content-Type declares it. Unreadable (not that format, cut, not audio, a JPEG)
 *   → `details: {type: 'undetermined'}`, `duration: 0`, invalid. Readable → `details: {type: 'audio', codec,
 *   frequency}`: `frequency` is readAudio's sampling rate (for Opus the encoder's input rate, as recognition checks
 *   it); `codec` is ffmpeg's codec name, as the service reports them (`pcm_s16le`):
 *   - WAV by its format tag and sample size: `pcm_u8`, `pcm_s16le`, `pcm_s24le`, `pcm_s32le`, `pcm_f32le`,
 *     `pcm_f64le` (`…be` for RIFX), `pcm_alaw`, `pcm_mulaw`, `adpcm_ms`, `adpcm_ima_wav`, `gsm_ms`, `mp2`, `mp3`, else
 *     `unknown`;
 *   - `flac`; `opus` or `vorbis` (Ogg, WebM); `mp3`, `mp2` or `mp1` by the MPEG layer;
 *   - `audio/l16`: `pcm_s16le` or `pcm_s16be` by the `endianness` parameter, else auto-detected as the service does
 *     (here: the byte order whose consecutive samples differ less in all);
 *   - `pcm_mulaw`, `pcm_alaw`; `audio/basic` by its `.snd` encoding (`pcm_mulaw`, `pcm_s16be`, …), `pcm_mulaw` when
 *     raw; `g729`.
 *   Then `checkAudioForModel`: a rate below the model's, or audio/basic or audio/g729 with a 16 kHz model → invalid
 *   (details kept).
 * - `duration`: whole seconds, `Math.round` of the measured length (the docs show integers — `131`, `556` — and the
 *   Java SDK reads a `Long`). `seconds` keeps the exact length (for the 10-minute and 50-hour limits).
 * - Archive: members read by archive.ts (its doc comment has the unpacking and zip-bomb rules). Each member is audio
 *   analysed as above, declared by `Contained-Content-Type` when sent, else detected by its bytes (`fLaC`, `RIFF`,
 *   `OggS`, EBML, `ID3`/MPEG frames), and invalid too when its name (path inside the archive) has more than 128
 *   characters. A member that cannot be extracted (encrypted, unknown method, corrupt) is `undetermined`, invalid.
 *   `duration` = the sum of the members' `duration`s (so the listing adds up); `details: {type: 'archive',
 *   compression}`. Invalid when any member is, when it has no file, or when the archive as a whole cannot be read
 *   (too many entries, too large unpacked, corrupt); a body that is not that archive type at all →
 *   `details: {type: 'undetermined'}`.
 * - `error`: why a resource or member is invalid (not part of the service's objects; for logs and the emulator's
 *   own use).
 */
import { ApiError, badRequest, unsupportedMediaType } from '../errors';
import {
  MIN_AUDIO_BYTES,
  SUPPORTED_AUDIO_TYPES,
  checkAudioForModel,
  detectAudioFormat,
  parseAudioContentType,
  readAudio,
  type AudioInfo,
  type ModelAudioNeeds,
} from './index';
import { afterId3v2, mpegStreamAt } from './mpeg';
import { isAu } from './parsers';
import {
  ArchiveError,
  DEFAULT_ARCHIVE_LIMITS,
  readArchive,
  type ArchiveCompression,
  type ArchiveLimits,
  type MemberProblem,
} from './archive';

/** The largest audio resource, audio or archive (spec §9.2, §10.4): the caller answers 413 past it. */
export const MAX_AUDIO_RESOURCE_BYTES = 100 * 1024 * 1024;
/** The longest name of a file inside an archive, path and extension included (spec §10.4). */
export const MAX_MEMBER_NAME_CHARACTERS = 128;

export interface AudioDetails {
  type: 'audio' | 'archive' | 'undetermined';
  codec?: string;
  frequency?: number;
  compression?: ArchiveCompression;
}

export type AudioStatus = 'ok' | 'invalid';

export interface MemberAnalysis {
  /** The path of the file inside the archive. */
  name: string;
  /** Whole seconds, as the service shows them. */
  duration: number;
  /** The exact length in seconds. */
  seconds: number;
  details: AudioDetails;
  status: AudioStatus;
  error?: string;
}

export interface AudioAnalysis {
  details: AudioDetails;
  /** Whole seconds; an archive's is the sum of its members'. */
  duration: number;
  /** The exact length in seconds (an archive: the sum of its members'). */
  seconds: number;
  status: AudioStatus;
  error?: string;
  /** Archives only: their files, in archive order. */
  members?: MemberAnalysis[];
}

/** What a request asks to add, once its headers passed. */
export type AudioResourceRequest =
  | { kind: 'audio'; contentType: string }
  | { kind: 'archive'; compression: ArchiveCompression; containedContentType?: string };

const ARCHIVE_TYPES: Readonly<Record<string, ArchiveCompression>> = { 'application/zip': 'zip', 'application/gzip': 'gzip' };
const AUDIO_TYPES = new Set<string>([...SUPPORTED_AUDIO_TYPES, 'audio/x-wav', 'audio/wave']);
const RAW_TYPES = 'audio/alaw, audio/basic, audio/l16 or audio/mulaw';
const AUDIO_LIST = SUPPORTED_AUDIO_TYPES.join(', ');

/**
 * Every message the emulator words itself (the sources give none for these); the format readers' messages
 * (lib/audio/index.ts) pass through unchanged.
 */
export const AUDIO_RESOURCE_ERRORS = {
  // Request refusals.
  missingContentType:
    `No Content-Type was given. Specify the format of the audio (${AUDIO_LIST}) or the type of the archive ` +
    '(application/zip or application/gzip).',
  octetStream:
    `The Content-Type application/octet-stream is not supported for audio resources. Specify the format of the audio ` +
    `(${AUDIO_LIST}) or the type of the archive (application/zip or application/gzip).`,
  unsupportedContentType: (type: string) =>
    `Unsupported Content-Type '${type}' for an audio resource. Supported types: ${AUDIO_LIST}, application/zip and application/gzip.`,
  containedWithAudio:
    'The Contained-Content-Type header can be used only with an archive-type resource (application/zip or application/gzip).',
  unsupportedContainedType: (type: string) =>
    `Unsupported Contained-Content-Type '${type}'. Supported audio formats: ${AUDIO_LIST}.`,
  emptyBody: 'The audio resource is empty. Send an audio file or an archive file as the body of the request.',
  containedTypeRequired: (member: string) =>
    `The archive file '${member}' has no audio header the service can detect. Files of type ${RAW_TYPES} need the ` +
    "Contained-Content-Type header, for example 'Contained-Content-Type: audio/l16;rate=16000'.",
  // Why a resource or a member is invalid.
  notArchive: (compression: ArchiveCompression) => `The audio resource is not a ${archiveName(compression)} file.`,
  corruptArchive: (compression: ArchiveCompression) =>
    `The ${archiveName(compression)} file is corrupt and cannot be unpacked.`,
  tooManyMembers: (max: number) => `The archive has more than ${max} entries.`,
  tooLarge: (max: number) => `The files in the archive add up to more than ${sizeText(max)}.`,
  noAudio: 'The archive contains no audio files.',
  invalidMembers: (names: readonly string[]) =>
    `The archive contains invalid audio files: ${names.slice(0, 10).join(', ')}` +
    (names.length > 10 ? ` and ${names.length - 10} more.` : '.'),
  memberNameTooLong: (length: number) =>
    `The file name has ${length} characters; names of files in an archive can have at most ${MAX_MEMBER_NAME_CHARACTERS} characters.`,
  memberEncrypted: 'The file is encrypted.',
  memberUnsupportedMethod: 'The file is compressed with a method other than deflate.',
  memberCorrupt: 'The file is corrupt and cannot be extracted from the archive.',
};

/** `400 MB` for whole megabytes (MiB, as the 100 MB limit), else the bytes. */
function sizeText(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${bytes} bytes`;
}

function archiveName(compression: ArchiveCompression): string {
  return compression === 'zip' ? '.zip' : '.tar.gz';
}

const MEMBER_PROBLEMS: Readonly<Record<MemberProblem, string>> = {
  encrypted: AUDIO_RESOURCE_ERRORS.memberEncrypted,
  'unsupported-method': AUDIO_RESOURCE_ERRORS.memberUnsupportedMethod,
  corrupt: AUDIO_RESOURCE_ERRORS.memberCorrupt,
};

/** The message readAudio gives an empty body once the type and its parameters passed. */
const EMPTY_STREAM = `Stream was 0 bytes but needs to be at least ${MIN_AUDIO_BYTES} bytes.`;

/** Refusals 1–5 (see the module comment): rejects with ApiError 415/400, else says what the request adds. */
export async function checkAudioResourceRequest(
  body: Buffer,
  contentType: string | undefined,
  containedContentType: string | undefined,
): Promise<AudioResourceRequest> {
  const { type } = parseAudioContentType(contentType);
  if (type === '') throw unsupportedMediaType(AUDIO_RESOURCE_ERRORS.missingContentType);
  if (type === 'application/octet-stream') throw unsupportedMediaType(AUDIO_RESOURCE_ERRORS.octetStream);
  const compression = Object.hasOwn(ARCHIVE_TYPES, type) ? ARCHIVE_TYPES[type] : undefined;
  if (!compression && !AUDIO_TYPES.has(type)) throw unsupportedMediaType(AUDIO_RESOURCE_ERRORS.unsupportedContentType(type));

  const contained = containedContentType?.trim() || undefined;
  let request: AudioResourceRequest;
  if (!compression) {
    if (contained) throw badRequest(AUDIO_RESOURCE_ERRORS.containedWithAudio);
    await checkAudioParameters(contentType as string);
    request = { kind: 'audio', contentType: contentType as string };
  } else {
    if (contained) {
      const inner = parseAudioContentType(contained).type;
      if (!AUDIO_TYPES.has(inner)) throw badRequest(AUDIO_RESOURCE_ERRORS.unsupportedContainedType(inner || contained));
      await checkAudioParameters(contained);
    }
    request = { kind: 'archive', compression, containedContentType: contained };
  }
  if (body.length === 0) throw badRequest(AUDIO_RESOURCE_ERRORS.emptyBody);
  return request;
}

/**
 * readAudio's checks of an audio type and its parameters (codecs, rate, channels, endianness), which it makes before
 * it looks at the bytes: given an empty body, it refuses for them or, once they pass, for the size (ignored here).
 */
async function checkAudioParameters(contentType: string): Promise<void> {
  try {
    await readAudio(Buffer.alloc(0), contentType);
  } catch (error) {
    if (error instanceof ApiError && error.message === EMPTY_STREAM) return;
    throw error;
  }
}

/** Refusals, then the analysis (see the module comment). Rejects only with ApiError 4xx (the refusals). */
export async function analyzeAudioResource(
  body: Buffer,
  contentType: string | undefined,
  containedContentType: string | undefined,
  model: ModelAudioNeeds,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<AudioAnalysis> {
  const request = await checkAudioResourceRequest(body, contentType, containedContentType);
  if (request.kind === 'audio') return analyzeAudio(body, request.contentType, model);
  return analyzeArchive(body, request.compression, request.containedContentType, model, limits);
}

type Piece = Omit<AudioAnalysis, 'members'>;

async function analyzeAudio(data: Buffer, declared: string, model: ModelAudioNeeds): Promise<Piece> {
  let info: AudioInfo;
  try {
    info = await readAudio(data, declared);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { details: { type: 'undetermined' }, duration: 0, seconds: 0, status: 'invalid', error: error.message };
  }
  const seconds = info.durationSeconds;
  const piece: Piece = {
    details: { type: 'audio', codec: codecOf(info, data, declared), frequency: info.sampleRate },
    duration: Math.round(seconds),
    seconds,
    status: 'ok',
  };
  try {
    checkAudioForModel(info, model);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { ...piece, status: 'invalid', error: error.message };
  }
  return piece;
}

async function analyzeArchive(
  body: Buffer,
  compression: ArchiveCompression,
  contained: string | undefined,
  model: ModelAudioNeeds,
  limits: ArchiveLimits,
): Promise<AudioAnalysis> {
  const members: MemberAnalysis[] = [];
  let failure: string | undefined;
  try {
    for await (const member of readArchive(body, compression, limits)) {
      if (member.problem) {
        const error = MEMBER_PROBLEMS[member.problem];
        const details: AudioDetails = { type: 'undetermined' };
        members.push({ name: member.name, duration: 0, seconds: 0, details, status: 'invalid', error });
        continue;
      }
      if (!contained && needsContainedType(member.name, member.data)) {
        throw badRequest(AUDIO_RESOURCE_ERRORS.containedTypeRequired(member.name));
      }
      const piece = await analyzeAudio(member.data, contained ?? 'application/octet-stream', model);
      const length = [...member.name].length;
      if (length > MAX_MEMBER_NAME_CHARACTERS) {
        Object.assign(piece, { status: 'invalid', error: AUDIO_RESOURCE_ERRORS.memberNameTooLong(length) });
      }
      members.push({ name: member.name, ...piece });
    }
  } catch (error) {
    if (!(error instanceof ArchiveError)) throw error;
    if (error.problem === 'not-archive') {
      const message = AUDIO_RESOURCE_ERRORS.notArchive(compression);
      return { details: { type: 'undetermined' }, duration: 0, seconds: 0, status: 'invalid', error: message, members: [] };
    }
    failure =
      error.problem === 'too-many-members'
        ? AUDIO_RESOURCE_ERRORS.tooManyMembers(limits.maxMembers)
        : error.problem === 'too-large'
          ? AUDIO_RESOURCE_ERRORS.tooLarge(limits.maxUnpackedBytes)
          : AUDIO_RESOURCE_ERRORS.corruptArchive(compression);
  }
  const invalid = members.filter((m) => m.status === 'invalid').map((m) => m.name);
  if (!failure && members.length === 0) failure = AUDIO_RESOURCE_ERRORS.noAudio;
  if (!failure && invalid.length > 0) failure = AUDIO_RESOURCE_ERRORS.invalidMembers(invalid);
  const analysis: AudioAnalysis = {
    details: { type: 'archive', compression },
    duration: members.reduce((sum, m) => sum + m.duration, 0),
    seconds: members.reduce((sum, m) => sum + m.seconds, 0),
    status: failure ? 'invalid' : 'ok',
    members,
  };
  if (failure) analysis.error = failure;
  return analysis;
}

/** Extensions of the raw formats that need Contained-Content-Type (refusal 6). */
const RAW_EXTENSIONS = new Set(['raw', 'pcm', 'l16', 'alaw', 'al', 'ulaw', 'mulaw', 'mu', 'ul', 'au', 'snd']);

function needsContainedType(name: string, data: Buffer): boolean {
  if (isAu(data)) return true;
  const base = name.split('/').pop() ?? '';
  const dot = base.lastIndexOf('.');
  const extension = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  return RAW_EXTENSIONS.has(extension) && detectAudioFormat(data) === undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Codec names (ffmpeg's)

function codecOf(info: AudioInfo, data: Buffer, declared: string): string {
  const [type, codecs] = info.contentType.split(';codecs=');
  switch (type) {
    case 'audio/wav':
      return wavCodec(data);
    case 'audio/flac':
      return 'flac';
    case 'audio/ogg':
    case 'audio/webm':
      return codecs;
    case 'audio/mp3':
      return mpegCodec(data);
    case 'audio/l16': {
      const { params } = parseAudioContentType(declared);
      const { endianness } = params;
      const order = endianness === 'big-endian' ? 'be' : endianness === 'little-endian' ? 'le' : l16Order(data, info.channels);
      return `pcm_s16${order}`;
    }
    case 'audio/mulaw':
      return 'pcm_mulaw';
    case 'audio/alaw':
      return 'pcm_alaw';
    case 'audio/basic':
      return isAu(data) && data.length >= 16 ? (AU_CODECS[data.readUInt32BE(12)] ?? 'unknown') : 'pcm_mulaw';
    case 'audio/g729':
      return 'g729';
    default:
      return 'unknown';
  }
}

const AU_CODECS: Readonly<Record<number, string>> = {
  1: 'pcm_mulaw',
  2: 'pcm_s8',
  3: 'pcm_s16be',
  4: 'pcm_s24be',
  5: 'pcm_s32be',
  6: 'pcm_f32be',
  7: 'pcm_f64be',
  27: 'pcm_alaw',
};

/** WAVE format tags of compressed codecs, as ffmpeg names them. */
const WAV_CODECS: Readonly<Record<number, string>> = {
  0x0002: 'adpcm_ms',
  0x0006: 'pcm_alaw',
  0x0007: 'pcm_mulaw',
  0x0011: 'adpcm_ima_wav',
  0x0031: 'gsm_ms',
  0x0050: 'mp2',
  0x0055: 'mp3',
};

/** The codec of a WAV file (readAudio already read it, so its `fmt ` chunk is there). */
function wavCodec(b: Buffer): string {
  const le = b.toString('latin1', 0, 4) === 'RIFF';
  const u16 = (o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  for (let pos = 12; pos + 8 <= b.length; ) {
    const size = u32(pos + 4);
    const body = pos + 8;
    if (b.toString('latin1', pos, pos + 4) === 'fmt ' && body + 16 <= b.length) {
      let tag = u16(body);
      const bits = u16(body + 14);
      if (tag === 0xfffe && size >= 40 && body + 26 <= b.length) tag = u16(body + 24);
      const order = le ? 'le' : 'be';
      if (tag === 1) return bits <= 8 ? 'pcm_u8' : `pcm_s${Math.ceil(bits / 8) * 8}${order}`;
      if (tag === 3) return `pcm_f${bits === 64 ? 64 : 32}${order}`;
      return WAV_CODECS[tag] ?? 'unknown';
    }
    pos = body + size + (size & 1);
  }
  return 'unknown';
}

/** `mp3`, `mp2` or `mp1` by the layer of the first frame after the tags (and up to 64 KB of junk, as readAudio). */
function mpegCodec(b: Buffer): string {
  const start = afterId3v2(b);
  const end = Math.min(b.length - 4, start + 64 * 1024);
  for (let p = start; p <= end; p++) {
    const frame = mpegStreamAt(b, p);
    if (frame) return `mp${frame.layer}`;
  }
  return 'mp3';
}

/** The byte order of raw 16-bit audio: the one whose consecutive samples (of one channel) differ less in all. */
function l16Order(b: Buffer, channels: number): 'le' | 'be' {
  const frame = 2 * channels;
  const frames = Math.min(Math.floor(b.length / frame), 1 << 16);
  let le = 0;
  let be = 0;
  for (let i = 1; i < frames; i++) {
    const p = i * frame;
    le += Math.abs(b.readInt16LE(p) - b.readInt16LE(p - frame));
    be += Math.abs(b.readInt16BE(p) - b.readInt16BE(p - frame));
  }
  return be < le ? 'be' : 'le';
}
