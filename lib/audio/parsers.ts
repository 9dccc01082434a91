/**
 * Header readers for the self-describing formats (WAV, Sun .au, FLAC, Ogg). Each reads only the bytes it is given,
 * never allocates from a declared size, and answers `undefined` when the bytes are not that format or hold no audio
 * it could decode (the caller turns that into the service's "unable to transcode" 400). See index.ts for the rules.
 */
import { badRequest } from '../errors';

/** What a reader found: the caller adds the content type and the byte count. */
export interface Decoded {
  sampleRate: number;
  channels: number;
  durationSeconds: number;
  /** ogg/webm only: the codec inside the container. */
  codec?: 'opus' | 'vorbis';
}

/** The highest sampling rate any header or parameter may declare (Hz). */
export const MAX_SAMPLE_RATE = 384_000;
/** WAV audio may have at most this many channels (spec §9.1). */
export const MAX_WAV_CHANNELS = 9;

const validRate = (rate: number) => Number.isInteger(rate) && rate >= 1 && rate <= MAX_SAMPLE_RATE;

// ---------------------------------------------------------------------------------------------------------------
// WAV (RIFF, and big-endian RIFX)

/** WAVE format tags whose frames are `blockAlign` bytes each: PCM, IEEE float, A-law, µ-law. */
const FRAMED_WAVE_FORMATS = new Set([0x0001, 0x0003, 0x0006, 0x0007]);
const CHUNK_FMT = 0x666d7420; // 'fmt '
const CHUNK_FACT = 0x66616374; // 'fact'
const CHUNK_DATA = 0x64617461; // 'data'

export function readWav(b: Buffer): Decoded | undefined {
  if (b.length < 12) return undefined;
  const magic = b.toString('latin1', 0, 4);
  if ((magic !== 'RIFF' && magic !== 'RIFX') || b.toString('latin1', 8, 12) !== 'WAVE') return undefined;
  const le = magic === 'RIFF';
  const u16 = (o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));

  let fmt: { tag: number; channels: number; rate: number; byteRate: number; blockAlign: number; bits: number } | undefined;
  let factSamples: number | undefined;
  for (let pos = 12; pos + 8 <= b.length; ) {
    const id = b.readUInt32BE(pos); // the four ASCII bytes of the chunk id
    const size = u32(pos + 4);
    const body = pos + 8;
    if (id === CHUNK_FMT) {
      if (size < 16 || body + 16 > b.length) return undefined;
      fmt = {
        tag: u16(body),
        channels: u16(body + 2),
        rate: u32(body + 4),
        byteRate: u32(body + 8),
        blockAlign: u16(body + 12),
        bits: u16(body + 14),
      };
      // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID.
      if (fmt.tag === 0xfffe && size >= 40 && body + 26 <= b.length) fmt.tag = u16(body + 24);
    } else if (id === CHUNK_FACT) {
      if (size >= 4 && body + 4 <= b.length) factSamples = u32(body);
    } else if (id === CHUNK_DATA) {
      if (!fmt) return undefined;
      const available = b.length - body;
      // A streaming writer leaves the size 0 or 0xFFFFFFFF; a cut file declares more than is there: count what is.
      const dataBytes = size === 0 || size > available ? available : size;
      return wavDuration(fmt, dataBytes, factSamples);
    }
    pos = body + size + (size & 1); // chunks are padded to even sizes; a size past the end ends the loop
  }
  return undefined;
}

function wavDuration(
  fmt: { tag: number; channels: number; rate: number; byteRate: number; blockAlign: number; bits: number },
  dataBytes: number,
  factSamples: number | undefined,
): Decoded | undefined {
  const { channels, rate } = fmt;
  if (channels < 1 || !validRate(rate)) return undefined;
  if (channels > MAX_WAV_CHANNELS) {
    throw badRequest(`WAV audio has ${channels} channels; the service accepts WAV audio with at most ${MAX_WAV_CHANNELS} channels.`);
  }
  let seconds: number;
  if (FRAMED_WAVE_FORMATS.has(fmt.tag)) {
    const blockAlign = fmt.blockAlign || Math.ceil(fmt.bits / 8) * channels;
    if (blockAlign < 1) return undefined;
    seconds = Math.floor(dataBytes / blockAlign) / rate;
  } else {
    // Compressed WAVE (ADPCM, GSM, MP3 in WAV, …): the fact chunk counts the samples, the byte rate bounds them.
    const byBytes = fmt.byteRate > 0 ? dataBytes / fmt.byteRate : undefined;
    const byFact = factSamples !== undefined ? factSamples / rate : undefined;
    if (byBytes === undefined && byFact === undefined) return undefined;
    seconds = Math.min(byBytes ?? Infinity, byFact ?? Infinity);
  }
  return { sampleRate: rate, channels, durationSeconds: seconds };
}

// ---------------------------------------------------------------------------------------------------------------
// Sun/NeXT .au (the file form of audio/basic)

/** Bytes per sample of each .au encoding the readers accept (1 µ-law, 2–5 linear PCM, 6–7 float, 27 A-law). */
const AU_SAMPLE_BYTES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 3, 5: 4, 6: 4, 7: 8, 27: 1 };

export function isAu(b: Buffer): boolean {
  return b.length >= 4 && b.toString('latin1', 0, 4) === '.snd';
}

export function readAu(b: Buffer): Decoded | undefined {
  if (b.length < 24 || !isAu(b)) return undefined;
  const offset = b.readUInt32BE(4);
  const size = b.readUInt32BE(8);
  const sampleBytes = AU_SAMPLE_BYTES[b.readUInt32BE(12)];
  const rate = b.readUInt32BE(16);
  const channels = b.readUInt32BE(20);
  if (offset < 24 || offset > b.length || !sampleBytes || !validRate(rate) || channels < 1 || channels > 16) return undefined;
  const available = b.length - offset;
  const dataBytes = size === 0xffffffff || size > available ? available : size;
  return { sampleRate: rate, channels, durationSeconds: Math.floor(dataBytes / (sampleBytes * channels)) / rate };
}

// ---------------------------------------------------------------------------------------------------------------
// FLAC

export function readFlac(b: Buffer): Decoded | undefined {
  if (b.length < 8 + 34 || b.toString('latin1', 0, 4) !== 'fLaC') return undefined;
  // The first metadata block must be STREAMINFO (type 0, 34 bytes).
  if ((b[4] & 0x7f) !== 0 || b.readUIntBE(5, 3) !== 34) return undefined;
  const s = 8;
  const maxBlock = b.readUInt16BE(s + 2);
  const maxFrameBytes = b.readUIntBE(s + 7, 3);
  const rate = (b[s + 10] << 12) | (b[s + 11] << 4) | (b[s + 12] >> 4);
  const channels = ((b[s + 12] >> 1) & 7) + 1;
  const bits = (((b[s + 12] & 1) << 4) | (b[s + 13] >> 4)) + 1;
  const totalSamples = (b[s + 13] & 0x0f) * 2 ** 32 + b.readUInt32BE(s + 14);
  if (!validRate(rate)) return undefined;

  // Walk the metadata blocks to where the frames start.
  let pos = 4;
  for (;;) {
    if (pos + 4 > b.length) return undefined;
    const last = (b[pos] & 0x80) !== 0;
    pos += 4 + b.readUIntBE(pos + 1, 3);
    if (last) break;
  }
  if (pos >= b.length) return undefined;

  // The end of the last frame present: what a decoder would produce (a cut file, or a stream whose writer could
  // not go back to fill in the total, which is then 0).
  // The last frame starts within one frame of the end: scan back no further (bounded work on hostile bodies).
  const from = Math.max(pos, b.length - Math.max(maxFrameBytes, 64 * 1024) - 64);
  const end = lastFlacFrameEnd(b, from, { maxBlock, channels, bits });
  if (end === undefined) return undefined;
  const samples = totalSamples > 0 ? Math.min(totalSamples, end) : end;
  return { sampleRate: rate, channels, durationSeconds: samples / rate };
}

const FLAC_SAMPLE_SIZES = [0, 8, 12, 0, 16, 20, 24, 32];

/** Scans back from the end for the last valid frame header (CRC-8 checked, consistent with STREAMINFO). */
function lastFlacFrameEnd(
  b: Buffer,
  start: number,
  info: { maxBlock: number; channels: number; bits: number },
): number | undefined {
  for (let p = b.length - 6; p >= start; p--) {
    if (b[p] !== 0xff || (b[p + 1] & 0xfe) !== 0xf8) continue;
    const frame = flacFrameHeader(b, p, info);
    if (frame) return frame.firstSample + frame.blockSize;
  }
  return undefined;
}

function flacFrameHeader(
  b: Buffer,
  p: number,
  info: { maxBlock: number; channels: number; bits: number },
): { firstSample: number; blockSize: number } | undefined {
  const variable = (b[p + 1] & 1) === 1;
  const blockCode = b[p + 2] >> 4;
  const rateCode = b[p + 2] & 0x0f;
  const channelCode = b[p + 3] >> 4;
  const sizeCode = (b[p + 3] >> 1) & 7;
  if (blockCode === 0 || rateCode === 15 || channelCode > 10 || (b[p + 3] & 1) !== 0) return undefined;
  const frameChannels = channelCode < 8 ? channelCode + 1 : 2;
  if (frameChannels !== info.channels) return undefined;
  if (sizeCode !== 0 && FLAC_SAMPLE_SIZES[sizeCode] !== info.bits) return undefined;

  // The frame (fixed block size) or sample (variable) number, UTF-8 coded.
  let q = p + 4;
  const lead = b[q];
  if (lead === undefined) return undefined;
  let extra: number;
  let number: number;
  if (lead < 0x80) [extra, number] = [0, lead];
  else if (lead >= 0xc0 && lead < 0xe0) [extra, number] = [1, lead & 0x1f];
  else if (lead >= 0xe0 && lead < 0xf0) [extra, number] = [2, lead & 0x0f];
  else if (lead >= 0xf0 && lead < 0xf8) [extra, number] = [3, lead & 0x07];
  else if (lead >= 0xf8 && lead < 0xfc) [extra, number] = [4, lead & 0x03];
  else if (lead >= 0xfc && lead < 0xfe) [extra, number] = [5, lead & 0x01];
  else if (lead === 0xfe) [extra, number] = [6, 0];
  else return undefined;
  q++;
  for (let i = 0; i < extra; i++, q++) {
    const c = b[q];
    if (c === undefined || (c & 0xc0) !== 0x80) return undefined;
    number = number * 64 + (c & 0x3f);
  }

  let blockSize: number;
  if (blockCode === 1) blockSize = 192;
  else if (blockCode <= 5) blockSize = 576 << (blockCode - 2);
  else if (blockCode === 6) {
    if (q + 1 > b.length) return undefined;
    blockSize = b[q] + 1;
    q += 1;
  } else if (blockCode === 7) {
    if (q + 2 > b.length) return undefined;
    blockSize = b.readUInt16BE(q) + 1;
    q += 2;
  } else blockSize = 256 << (blockCode - 8);
  if (rateCode === 12) q += 1;
  else if (rateCode === 13 || rateCode === 14) q += 2;
  if (q >= b.length || crc8(b, p, q) !== b[q]) return undefined;

  if (variable) return { firstSample: number, blockSize };
  if (info.maxBlock < 1) return undefined;
  return { firstSample: number * info.maxBlock, blockSize };
}

/** CRC-8, polynomial x^8 + x^2 + x + 1, as the FLAC frame header uses it. */
function crc8(b: Buffer, from: number, to: number): number {
  let crc = 0;
  for (let i = from; i < to; i++) crc = CRC8_TABLE[crc ^ b[i]];
  return crc;
}

const CRC8_TABLE = Uint8Array.from({ length: 256 }, (_, n) => {
  let crc = n;
  for (let k = 0; k < 8; k++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  return crc;
});

// ---------------------------------------------------------------------------------------------------------------
// Ogg (Opus or Vorbis)

export function readOgg(b: Buffer): Decoded | undefined {
  let stream: { serial: number; codec: 'opus' | 'vorbis'; rate: number; channels: number; preSkip: number } | undefined;
  let lastGranule = -1;
  for (let pos = 0; pos + 27 <= b.length; ) {
    if (b.toString('latin1', pos, pos + 4) !== 'OggS' || b[pos + 4] !== 0) break;
    const headerType = b[pos + 5];
    const granuleLow = b.readUInt32LE(pos + 6);
    const granuleHigh = b.readUInt32LE(pos + 10);
    const serial = b.readUInt32LE(pos + 14);
    const segments = b[pos + 26];
    const body = pos + 27 + segments;
    if (body > b.length) break;
    let bodySize = 0;
    for (let i = 0; i < segments; i++) bodySize += b[pos + 27 + i];
    const granule = granuleLow === 0xffffffff && granuleHigh === 0xffffffff ? -1 : granuleHigh * 2 ** 32 + granuleLow;
    if (body + bodySize > b.length) {
      // A cut page: its granule position is where all of it would end; count the share of its bytes that is here.
      if (stream && serial === stream.serial && granule > lastGranule && lastGranule >= 0) {
        lastGranule += Math.floor(((granule - lastGranule) * (b.length - body)) / bodySize);
      }
      break;
    }
    if (!stream && headerType & 0x02) stream = oggStream(b.subarray(body, body + bodySize), serial);
    if (stream && serial === stream.serial && granule >= 0) lastGranule = Math.max(lastGranule, granule);
    pos = body + bodySize;
  }
  if (!stream || lastGranule < 0) return undefined;
  const samples = stream.codec === 'opus' ? Math.max(0, lastGranule - stream.preSkip) : lastGranule;
  const granuleRate = stream.codec === 'opus' ? 48_000 : stream.rate;
  return { sampleRate: stream.rate, channels: stream.channels, durationSeconds: samples / granuleRate, codec: stream.codec };
}

/** The identification header of a logical stream's first packet; undefined for codecs other than Opus and Vorbis. */
function oggStream(packet: Buffer, serial: number) {
  if (packet.length >= 19 && packet.toString('latin1', 0, 8) === 'OpusHead') {
    const channels = packet[9];
    const inputRate = packet.readUInt32LE(12);
    if (channels < 1) return undefined;
    // The input rate is what the encoder was fed (0 = unknown); Opus itself always decodes at 48 kHz.
    const rate = validRate(inputRate) ? inputRate : 48_000;
    return { serial, codec: 'opus' as const, rate, channels, preSkip: packet.readUInt16LE(10) };
  }
  if (packet.length >= 30 && packet[0] === 1 && packet.toString('latin1', 1, 7) === 'vorbis') {
    const channels = packet[11];
    const rate = packet.readUInt32LE(12);
    if (channels < 1 || !validRate(rate)) return undefined;
    return { serial, codec: 'vorbis' as const, rate, channels, preSkip: 0 };
  }
  return undefined;
}
