/**
 * Reading the audio of a recognition request (spec §6.1, §6.2, §6.4, §9): what format it is, its sampling rate,
 * channels and duration. Every failure is an ApiError (4xx); no other exception leaves this module for any body.
 *
 * ## Audio formats (rules and messages)
 *
 * Checks run in this order: the Content-Type, its parameters, the size, then the bytes. The readers are in-house
 * (lib/audio/parsers.ts, webm.ts, mpeg.ts; music-metadata is not used): synchronous, bounded by the bytes given
 * (a declared size never allocates or loops past them), and they measure a cut or live-streamed file by what is there.
 *
 * | Content-Type | read as | `AudioInfo.contentType` |
 * |---|---|---|
 * | `audio/wav`, `audio/x-wav`, `audio/wave` | RIFF/RIFX WAVE, any encoding (PCM, float, A-law, µ-law; compressed via `fact`/byte rate) | `audio/wav` |
 * | `audio/flac` | FLAC: STREAMINFO, and the last frame header (CRC-checked) when the total is 0 (streamed) or the file is cut | `audio/flac` |
 * | `audio/ogg`, `audio/ogg;codecs=opus\|vorbis` | Ogg pages: codec from the first page, duration from the last granule position (Opus: less pre-skip, at 48 kHz; a cut last page counts by its share of bytes) | `audio/ogg;codecs=opus` / `audio/ogg;codecs=vorbis` |
 * | `audio/webm`, `audio/webm;codecs=opus\|vorbis` | EBML: the first audio track; duration from the end of the last block (Opus TOC), less `CodecDelay` and `DiscardPadding` — MediaRecorder's live WebM has no `Duration` and unknown sizes | `audio/webm;codecs=opus` / `audio/webm;codecs=vorbis` |
 * | `audio/mp3`, `audio/mpeg` | MPEG audio (layers I–III) frames counted after any ID3v2 tags; a Xing/Info/VBRI frame is not audio; a LAME tag's delay and padding are trimmed (gapless); up to 64 KB of junk before the first frame is skipped when declared | `audio/mp3` |
 * | `audio/l16;rate=R[;channels=C][;endianness=E]` | raw 16-bit PCM: `floor(bytes / 2C) / R` s | `audio/l16` |
 * | `audio/mulaw;rate=R`, `audio/alaw;rate=R` (`channels` honoured too) | raw 8-bit: `floor(bytes / C) / R` s | `audio/mulaw`, `audio/alaw` |
 * | `audio/basic` | a Sun `.au` file (its header's rate/channels/encoding), else raw 8 kHz mono µ-law | `audio/basic` |
 * | `audio/g729` | raw G.729 at 8 kbit/s: `bytes / 1000` s, 8 kHz mono | `audio/g729` |
 * | `application/octet-stream`, empty or absent | detected by magic bytes: `fLaC` flac, `RIFF`/`RIFX`…`WAVE` wav, `OggS` ogg, `1A 45 DF A3` webm, `ID3` or an MPEG frame sync (three frames in a row) mp3 | as detected |
 *
 * - The type and parameter names are case-insensitive; whitespace, quotes and unknown parameters are ignored;
 *   `codec=` is read as `codecs=` (`audio/ogg; codec=opus`).
 * - 415 `Unsupported Content-Type '{type}'. Supported audio formats: audio/alaw, audio/basic, audio/flac, audio/g729,
 *   audio/l16, audio/mp3, audio/mpeg, audio/mulaw, audio/ogg, audio/wav, audio/webm, or application/octet-stream
 *   to detect the format.` — any other type (`application/x-www-form-urlencoded` as curl sends by default,
 *   `application/json`, `text/plain`, `video/mp4`, `video/webm`, …).
 * - 400 `Unsupported codecs '{codecs}' for {type}: use codecs=opus or codecs=vorbis.` — ogg/webm with another codec.
 * - 400 `The 'rate' parameter is required for {type}, for example '{type};rate=16000'.` — l16, mulaw, alaw.
 * - 400 `Invalid 'rate' parameter '{value}' for {type}: it must be an integer from 1 to 384000.`
 * - 400 `Invalid 'channels' parameter '{value}' for {type}: it must be an integer from 1 to 16.` (default 1)
 * - 400 `Invalid 'endianness' parameter '{value}' for audio/l16: it must be 'big-endian' or 'little-endian'.`
 *   (absent: auto-detected, as the service does; it changes nothing here)
 * - 400 `Stream was {n} bytes but needs to be at least 100 bytes.` — fewer than 100 bytes, empty included.
 * - 400 `unable to transcode data stream {declared} -> audio/x-float-array ` (trailing space, as the service
 *   writes it) — the bytes are not the declared format (another format's magic bytes, e.g. FLAC declared
 *   `audio/wav`), cannot be read (cut inside the headers, random bytes), hold no audio (no samples, frames, pages
 *   or blocks), have a codec other than a declared `codecs=`, or declare an implausible duration (over 1 s per byte).
 *   `{declared}` is the declared type as sent (lower-cased) plus `;codecs=…` if given, `application/octet-stream`
 *   when the type was absent or empty.
 * - 400 `WAV audio has {n} channels; the service accepts WAV audio with at most 9 channels.`
 * - Raw formats (l16, mulaw, alaw, g729, and basic without `.snd`) accept any bytes (noise is audio), even another
 *   format's header (clients send WAV files as `audio/l16`); a trailing partial frame is left out of the duration.
 * - A header that declares more data than the body holds (a cut file, or a streaming writer's 0/0xFFFFFFFF WAV data
 *   size) is read for the bytes that are there.
 * - The 100 MB (sync, WebSocket) / 1 GB (async) maximum is the caller's check (it knows the interface).
 *
 * `checkAudioForModel(info, model)` (after readAudio, once the model is known):
 * - 400 `The audio format {type} can be used only with narrowband or telephony models (8000 Hz); model {name} is a
 *   16000 Hz model.` — `audio/basic` or `audio/g729` with a model whose rate is 16000.
 * - 400 `The audio's sampling rate of {rate} Hz is below the {modelRate} Hz that model {name} requires.` — lower
 *   rates fail; higher rates are downsampled by the service and pass.
 *
 * Rates reported: the header's (WAV, FLAC, Vorbis, .au, MPEG), the encoder's input rate for Opus in Ogg (OpusHead,
 * 48000 when it says 0) and the track's SamplingFrequency in WebM, the `rate` parameter for raw formats.
 */
import { ApiError, badRequest, unsupportedMediaType } from '../errors';
import { MAX_SAMPLE_RATE, isAu, readAu, readFlac, readOgg, readWav, type Decoded } from './parsers';
import { afterId3v2, mpegStreamAt, readMpeg } from './mpeg';
import { readWebm } from './webm';

/** What reading one piece of audio found. */
export interface AudioInfo {
  /** The canonical media type, e.g. `audio/wav`, `audio/ogg;codecs=opus`, `audio/l16`. */
  contentType: string;
  /** Samples per second. */
  sampleRate: number;
  channels: number;
  /** Seconds of audio. */
  durationSeconds: number;
  bytes: number;
}

/** The fewest bytes a request's audio may have (spec §6.2). */
export const MIN_AUDIO_BYTES = 100;
/** Channels a raw format (l16, mulaw, alaw) may declare. */
export const MAX_RAW_CHANNELS = 16;

type Format = 'wav' | 'flac' | 'ogg' | 'webm' | 'mp3' | 'l16' | 'mulaw' | 'alaw' | 'basic' | 'g729' | 'detect';

const FORMATS: Readonly<Record<string, Format>> = {
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/flac': 'flac',
  'audio/ogg': 'ogg',
  'audio/webm': 'webm',
  'audio/mp3': 'mp3',
  'audio/mpeg': 'mp3',
  'audio/l16': 'l16',
  'audio/mulaw': 'mulaw',
  'audio/alaw': 'alaw',
  'audio/basic': 'basic',
  'audio/g729': 'g729',
  'application/octet-stream': 'detect',
  '': 'detect',
};

/** The documented types, as the 415 lists them. */
export const SUPPORTED_AUDIO_TYPES = [
  'audio/alaw',
  'audio/basic',
  'audio/flac',
  'audio/g729',
  'audio/l16',
  'audio/mp3',
  'audio/mpeg',
  'audio/mulaw',
  'audio/ogg',
  'audio/wav',
  'audio/webm',
] as const;

/**
 * Splits a Content-Type into its lower-cased type and parameters: names lower-cased, values trimmed, unquoted and
 * lower-cased; `codec` is stored as `codecs`; the first of a repeated parameter wins; pieces without `=` are dropped.
 */
export function parseAudioContentType(header: string | undefined): { type: string; params: Record<string, string> } {
  const [type = '', ...rest] = (header ?? '').split(';');
  const params: Record<string, string> = {};
  for (const piece of rest) {
    const eq = piece.indexOf('=');
    if (eq < 0) continue;
    let name = piece.slice(0, eq).trim().toLowerCase();
    if (name === 'codec') name = 'codecs';
    const value = piece
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim()
      .toLowerCase();
    if (name && !Object.hasOwn(params, name)) params[name] = value;
  }
  return { type: type.trim().toLowerCase(), params };
}

const transcodeError = (declared: string) =>
  badRequest(`unable to transcode data stream ${declared} -> audio/x-float-array `);

/** Reads one piece of audio (a request body, or one multipart `upload` part) as its Content-Type declares it. */
export async function readAudio(body: Buffer, contentTypeHeader: string | undefined): Promise<AudioInfo> {
  const { type, params } = parseAudioContentType(contentTypeHeader);
  const format = Object.hasOwn(FORMATS, type) ? FORMATS[type] : undefined;
  if (!format) {
    throw unsupportedMediaType(
      `Unsupported Content-Type '${type}'. Supported audio formats: ${SUPPORTED_AUDIO_TYPES.join(', ')}, ` +
        'or application/octet-stream to detect the format.',
    );
  }
  const codecs = params.codecs || undefined;
  const container = format === 'ogg' || format === 'webm';
  if (container && codecs !== undefined && codecs !== 'opus' && codecs !== 'vorbis') {
    throw badRequest(`Unsupported codecs '${codecs}' for ${type}: use codecs=opus or codecs=vorbis.`);
  }
  const raw = rawParameters(format, type, params);
  if (body.length < MIN_AUDIO_BYTES) {
    throw badRequest(`Stream was ${body.length} bytes but needs to be at least ${MIN_AUDIO_BYTES} bytes.`);
  }
  const declared = format === 'detect' ? 'application/octet-stream' : codecs && container ? `${type};codecs=${codecs}` : type;

  let decoded: Decoded | undefined;
  let actual: Format = format;
  try {
    if (raw) {
      decoded = { ...raw, durationSeconds: Math.floor(body.length / raw.bytesPerFrame) / raw.sampleRate };
    } else if (format === 'basic') {
      decoded = isAu(body) ? readAu(body) : { sampleRate: 8000, channels: 1, durationSeconds: body.length / 8000 };
    } else if (format === 'g729') {
      decoded = { sampleRate: 8000, channels: 1, durationSeconds: (body.length * 8) / 8000 };
    } else {
      const detected = detectAudioFormat(body);
      if (format === 'detect') {
        if (!detected) throw transcodeError(declared);
        actual = detected;
      } else if (detected && detected !== format) {
        throw transcodeError(declared); // another format's magic bytes under this type
      }
      decoded = readContainer(actual, body, format === 'detect');
    }
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw transcodeError(declared);
  }
  if (!decoded || !plausible(decoded, body.length)) throw transcodeError(declared);

  const inContainer = actual === 'ogg' || actual === 'webm';
  if (codecs && container && decoded.codec !== codecs) throw transcodeError(declared);
  return {
    contentType: inContainer ? `audio/${actual};codecs=${decoded.codec}` : actual === 'mp3' ? 'audio/mp3' : `audio/${actual}`,
    sampleRate: decoded.sampleRate,
    channels: decoded.channels,
    durationSeconds: decoded.durationSeconds,
    bytes: body.length,
  };
}

function readContainer(format: Format, body: Buffer, strict: boolean): Decoded | undefined {
  switch (format) {
    case 'wav':
      return readWav(body);
    case 'flac':
      return readFlac(body);
    case 'ogg':
      return readOgg(body);
    case 'webm':
      return readWebm(body);
    case 'mp3':
      return readMpeg(body, strict);
    default:
      return undefined;
  }
}

/** Finite, positive rate and channels; some audio; at most 1 s per byte (a hostile header's huge count fails). */
function plausible(d: Decoded, bytes: number): boolean {
  return (
    Number.isInteger(d.sampleRate) &&
    d.sampleRate >= 1 &&
    Number.isInteger(d.channels) &&
    d.channels >= 1 &&
    Number.isFinite(d.durationSeconds) &&
    d.durationSeconds > 0 &&
    d.durationSeconds <= bytes
  );
}

/** The container format a body's first bytes announce (spec §9.1 detection), or undefined. */
export function detectAudioFormat(body: Buffer): 'wav' | 'flac' | 'ogg' | 'webm' | 'mp3' | undefined {
  const head = body.toString('latin1', 0, 4);
  if (head === 'fLaC') return 'flac';
  if ((head === 'RIFF' || head === 'RIFX') && body.toString('latin1', 8, 12) === 'WAVE') return 'wav';
  if (head === 'OggS') return 'ogg';
  if (body.length >= 4 && body.readUInt32BE(0) === 0x1a45dfa3) return 'webm';
  if (head.startsWith('ID3')) return 'mp3';
  if (mpegStreamAt(body, afterId3v2(body))) return 'mp3';
  return undefined;
}

/** The rate, channels and frame size of a raw format from its parameters (400 when missing or bad). */
function rawParameters(
  format: Format,
  type: string,
  params: Record<string, string>,
): { sampleRate: number; channels: number; bytesPerFrame: number } | undefined {
  if (format !== 'l16' && format !== 'mulaw' && format !== 'alaw') return undefined;
  if (params.rate === undefined || params.rate === '') {
    throw badRequest(`The 'rate' parameter is required for ${type}, for example '${type};rate=16000'.`);
  }
  const sampleRate = integerIn(params.rate, 1, MAX_SAMPLE_RATE);
  if (sampleRate === undefined) {
    throw badRequest(`Invalid 'rate' parameter '${params.rate}' for ${type}: it must be an integer from 1 to ${MAX_SAMPLE_RATE}.`);
  }
  const channels = params.channels === undefined ? 1 : integerIn(params.channels, 1, MAX_RAW_CHANNELS);
  if (channels === undefined) {
    throw badRequest(
      `Invalid 'channels' parameter '${params.channels}' for ${type}: it must be an integer from 1 to ${MAX_RAW_CHANNELS}.`,
    );
  }
  if (format === 'l16' && params.endianness !== undefined && params.endianness !== 'big-endian' && params.endianness !== 'little-endian') {
    throw badRequest(
      `Invalid 'endianness' parameter '${params.endianness}' for audio/l16: it must be 'big-endian' or 'little-endian'.`,
    );
  }
  return { sampleRate, channels, bytesPerFrame: (format === 'l16' ? 2 : 1) * channels };
}

function integerIn(value: string, min: number, max: number): number | undefined {
  if (!/^\d{1,9}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= min && n <= max ? n : undefined;
}

/** The rate a base model needs and its name, as the catalog describes it. */
export interface ModelAudioNeeds {
  name: string;
  /** 16000 broadband/multimedia, 8000 narrowband/telephony. */
  rate: number;
}

/** Whether audio suits a model (spec §9.1): 400 when its rate is too low, or a narrowband-only format meets a 16 kHz model. */
export function checkAudioForModel(info: AudioInfo, model: ModelAudioNeeds): void {
  const type = info.contentType.split(';')[0];
  if ((type === 'audio/basic' || type === 'audio/g729') && model.rate >= 16000) {
    throw badRequest(
      `The audio format ${type} can be used only with narrowband or telephony models (8000 Hz); model ${model.name} is a ${model.rate} Hz model.`,
    );
  }
  if (info.sampleRate < model.rate) {
    throw badRequest(
      `The audio's sampling rate of ${info.sampleRate} Hz is below the ${model.rate} Hz that model ${model.name} requires.`,
    );
  }
}
