/**
 * MPEG audio (MP3, and layers I/II) reader: skips ID3v2 tags, then counts the frames that are there (so a cut file,
 * a lying Xing header or a CBR file without one all measure right). A Xing/Info/VBRI frame is not audio; the LAME
 * tag's encoder delay and padding are taken off a complete file, as gapless decoders do.
 */
import type { Decoded } from './parsers';

interface FrameHeader {
  version: 1 | 2 | 25;
  layer: 1 | 2 | 3;
  sampleRate: number;
  channels: number;
  samplesPerFrame: number;
  length: number;
}

const BITRATES: Record<string, number[]> = {
  '1-1': [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  '1-2': [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  '1-3': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  '2-1': [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  '2-2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  '2-3': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const SAMPLE_RATES: Record<number, number[]> = { 1: [44100, 48000, 32000], 2: [22050, 24000, 16000], 25: [11025, 12000, 8000] };

/** The frame header at `p`, or undefined (free-format bitrate, reserved values, or not a header). */
export function mpegFrameHeader(b: Buffer, p: number): FrameHeader | undefined {
  if (p + 4 > b.length || b[p] !== 0xff || (b[p + 1] & 0xe0) !== 0xe0) return undefined;
  const versionBits = (b[p + 1] >> 3) & 3;
  const layerBits = (b[p + 1] >> 1) & 3;
  const bitrateIndex = b[p + 2] >> 4;
  const rateIndex = (b[p + 2] >> 2) & 3;
  if (versionBits === 1 || layerBits === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const version = versionBits === 3 ? 1 : versionBits === 2 ? 2 : 25;
  const layer = (4 - layerBits) as 1 | 2 | 3;
  const bitrate = BITRATES[`${version === 1 ? 1 : 2}-${layer}`][bitrateIndex] * 1000;
  const sampleRate = SAMPLE_RATES[version][rateIndex];
  const padding = (b[p + 2] >> 1) & 1;
  const channels = b[p + 3] >> 6 === 3 ? 1 : 2;
  const samplesPerFrame = layer === 1 ? 384 : layer === 2 || version === 1 ? 1152 : 576;
  const length =
    layer === 1
      ? (Math.floor((12 * bitrate) / sampleRate) + padding) * 4
      : Math.floor((samplesPerFrame / 8) * bitrate / sampleRate) + padding;
  return { version, layer, sampleRate, channels, samplesPerFrame, length };
}

const sameStream = (a: FrameHeader, b: FrameHeader) =>
  a.version === b.version && a.layer === b.layer && a.sampleRate === b.sampleRate;

/**
 * Whether a frame stream starts at `p`: a valid header followed by two more of the same stream (or the end of the
 * buffer), which random bytes and other formats almost never are.
 */
export function mpegStreamAt(b: Buffer, p: number): FrameHeader | undefined {
  const first = mpegFrameHeader(b, p);
  if (!first) return undefined;
  let header = first;
  let q = p;
  for (let i = 0; i < 2; i++) {
    q += header.length;
    if (q >= b.length) return first;
    const next = mpegFrameHeader(b, q);
    if (!next || !sameStream(first, next)) return undefined;
    header = next;
  }
  return first;
}

/** The offset after any ID3v2 tags at the start (their declared sizes may run past the end). */
export function afterId3v2(b: Buffer): number {
  let p = 0;
  while (p + 10 <= b.length && b.toString('latin1', p, p + 3) === 'ID3') {
    const s = b.subarray(p + 6, p + 10);
    if ((s[0] | s[1] | s[2] | s[3]) & 0x80) break; // not syncsafe: not a tag
    const size = (s[0] << 21) | (s[1] << 14) | (s[2] << 7) | s[3];
    p += 10 + size + (b[p + 5] & 0x10 ? 10 : 0);
  }
  return p;
}

/** The samples an MP3 decoder adds in front of the encoder's delay (LAME's gapless convention). */
const DECODER_DELAY = 529;

/** How far past the tags a declared MP3 may put its first frame (junk, padding). */
const MAX_LEADING_JUNK = 64 * 1024;

/**
 * Reads MPEG audio. `strict`: the first frame must follow the tags immediately (detection of an undeclared body);
 * otherwise up to 64 KB of junk before it is skipped.
 */
export function readMpeg(b: Buffer, strict: boolean): Decoded | undefined {
  const start = afterId3v2(b);
  let p = start;
  let first: FrameHeader | undefined;
  const limit = strict ? start : Math.min(b.length - 4, start + MAX_LEADING_JUNK);
  for (; p <= limit; p++) {
    first = mpegStreamAt(b, p);
    if (first) break;
  }
  if (!first) return undefined;

  const tag = infoTag(b, p, first);
  let frames = 0;
  for (let q = tag ? p + first.length : p; q < b.length; ) {
    const header = mpegFrameHeader(b, q);
    if (header && sameStream(first, header)) {
      if (q + header.length > b.length) break; // a cut last frame decodes to nothing
      frames++;
      q += header.length;
      continue;
    }
    // Lost sync (ID3v1/APE tags at the end, damage): look for the stream again.
    let found = false;
    for (q++; q < b.length - 4; q++) {
      const next = mpegStreamAt(b, q);
      if (next && sameStream(first, next)) {
        found = true;
        break;
      }
    }
    if (!found) break;
  }
  if (frames === 0) return undefined;
  let samples = frames * first.samplesPerFrame;
  if (tag?.lame) {
    // Gapless decoding: the encoder delay (plus the decoder's 529) goes from the start, the padding (less 529)
    // from the end of a complete file; a cut file keeps its end.
    const complete = tag.frames !== undefined && frames >= tag.frames;
    const trim = complete ? tag.delay + tag.padding : tag.delay + DECODER_DELAY;
    if (trim < samples) samples -= trim;
  }
  return { sampleRate: first.sampleRate, channels: first.channels, durationSeconds: samples / first.sampleRate };
}

/** A Xing/Info (with the LAME extension) or VBRI header in the first frame: that frame carries no audio. */
function infoTag(
  b: Buffer,
  p: number,
  h: FrameHeader,
): { frames: number | undefined; lame: boolean; delay: number; padding: number } | undefined {
  const frameEnd = Math.min(b.length, p + h.length);
  const sideInfo = h.version === 1 ? (h.channels === 1 ? 17 : 32) : h.channels === 1 ? 9 : 17;
  let at = p + 4 + sideInfo;
  const id = at + 4 <= frameEnd ? b.toString('latin1', at, at + 4) : '';
  if (id === 'Xing' || id === 'Info') {
    if (at + 8 > frameEnd) return { frames: undefined, lame: false, delay: 0, padding: 0 };
    const flags = b.readUInt32BE(at + 4);
    at += 8;
    let frames: number | undefined;
    if (flags & 1 && at + 4 <= frameEnd) frames = b.readUInt32BE(at);
    at += (flags & 1 ? 4 : 0) + (flags & 2 ? 4 : 0) + (flags & 4 ? 100 : 0) + (flags & 8 ? 4 : 0);
    // The LAME extension: a 9-byte encoder string, then encoder delay and padding (12 bits each) at +21.
    if (at + 24 <= frameEnd && /^(LAME|Lavc|Lavf|GOGO)/.test(b.toString('latin1', at, at + 4))) {
      const delay = (b[at + 21] << 4) | (b[at + 22] >> 4);
      const padding = ((b[at + 22] & 0x0f) << 8) | b[at + 23];
      return { frames, lame: true, delay, padding };
    }
    return { frames, lame: false, delay: 0, padding: 0 };
  }
  if (p + 36 + 4 <= frameEnd && b.toString('latin1', p + 36, p + 40) === 'VBRI') {
    return { frames: undefined, lame: false, delay: 0, padding: 0 };
  }
  return undefined;
}
