/**
 * WebM (Matroska) reader: the audio track from `Tracks`, the duration from the blocks themselves. Browsers'
 * MediaRecorder writes live WebM: unknown-size Segment and Clusters and no `Duration`, so the end of the last block
 * is the only measure that always exists (less the Opus `CodecDelay`, and any `DiscardPadding` of the last block).
 */
import type { Decoded } from './parsers';
import { MAX_SAMPLE_RATE } from './parsers';

const ID = {
  EBML: 0x1a45dfa3,
  DocType: 0x4282,
  Segment: 0x18538067,
  Info: 0x1549a966,
  TimecodeScale: 0x2ad7b1,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackType: 0x83,
  CodecID: 0x86,
  CodecDelay: 0x56aa,
  Audio: 0xe1,
  SamplingFrequency: 0xb5,
  OutputSamplingFrequency: 0x78b5,
  Channels: 0x9f,
  Cluster: 0x1f43b675,
  Timecode: 0xe7,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
  BlockDuration: 0x9b,
  DiscardPadding: 0x75a2,
} as const;

/** The one-byte IDs the walk must look at. */
const BLOCK_IDS = new Set<number>([ID.TrackEntry, ID.Timecode, ID.SimpleBlock, ID.BlockGroup, ID.Block, ID.BlockDuration]);

interface Element {
  id: number;
  /** Where the element's data starts. */
  data: number;
  /** Its data size; undefined when the writer left it unknown (live streams). */
  size: number | undefined;
}

/** One EBML element header at `pos`, or undefined if the bytes are not one. */
function element(b: Buffer, pos: number): Element | undefined {
  const first = b[pos];
  if (first === undefined || first === 0) return undefined;
  const idLength = Math.clz32(first) - 23;
  if (idLength > 4 || pos + idLength > b.length) return undefined;
  const id = b.readUIntBE(pos, idLength);
  const sizeAt = pos + idLength;
  const sizeFirst = b[sizeAt];
  if (sizeFirst === undefined || sizeFirst === 0) return undefined;
  const sizeLength = Math.clz32(sizeFirst) - 23;
  if (sizeAt + sizeLength > b.length) return undefined;
  let size = sizeFirst & (0xff >> sizeLength);
  let allOnes = size === 0xff >> sizeLength;
  for (let i = 1; i < sizeLength; i++) {
    const c = b[sizeAt + i];
    size = size * 256 + c;
    allOnes &&= c === 0xff;
  }
  return { id, data: sizeAt + sizeLength, size: allOnes ? undefined : size };
}

function uint(b: Buffer, e: Element): number {
  const size = e.size ?? 0;
  if (size < 1 || size > 8 || e.data + size > b.length) return 0;
  let value = 0;
  for (let i = 0; i < size; i++) value = value * 256 + b[e.data + i];
  return value;
}

function int(b: Buffer, e: Element): number {
  const size = e.size ?? 0;
  if (size < 1 || size > 6 || e.data + size > b.length) return 0;
  return b.readIntBE(e.data, size);
}

function float(b: Buffer, e: Element): number {
  if (e.data + (e.size ?? 0) > b.length) return 0;
  if (e.size === 4) return b.readFloatBE(e.data);
  if (e.size === 8) return b.readDoubleBE(e.data);
  return 0;
}

/** The children of a known-size element with complete bytes. */
function* children(b: Buffer, parent: Element): Generator<Element> {
  if (parent.size === undefined) return;
  const end = Math.min(parent.data + parent.size, b.length);
  for (let pos = parent.data; pos < end; ) {
    const e = element(b, pos);
    if (!e || e.size === undefined || e.data + e.size > end) return;
    yield e;
    pos = e.data + e.size;
  }
}

interface Track {
  number: number;
  codec: string;
  rate: number;
  channels: number;
  codecDelayNs: number;
}

function audioTrack(b: Buffer, tracks: Element): Track | undefined {
  for (const entry of children(b, tracks)) {
    if (entry.id !== ID.TrackEntry) continue;
    const track: Track = { number: 0, codec: '', rate: 8000, channels: 1, codecDelayNs: 0 };
    let type = 0;
    for (const e of children(b, entry)) {
      if (e.id === ID.TrackNumber) track.number = uint(b, e);
      else if (e.id === ID.TrackType) type = uint(b, e);
      else if (e.id === ID.CodecID) track.codec = b.toString('latin1', e.data, e.data + (e.size ?? 0)).replace(/\0+$/, '');
      else if (e.id === ID.CodecDelay) track.codecDelayNs = uint(b, e);
      else if (e.id === ID.Audio) {
        for (const a of children(b, e)) {
          if (a.id === ID.SamplingFrequency) track.rate = float(b, a);
          else if (a.id === ID.OutputSamplingFrequency) track.rate = float(b, a) || track.rate;
          else if (a.id === ID.Channels) track.channels = uint(b, a);
        }
      }
    }
    if (type === 2 || track.codec.startsWith('A_')) return track;
  }
  return undefined;
}

/** Duration of one Opus packet from its TOC byte (RFC 6716 §3.1), in ns. */
function opusPacketNs(b: Buffer, at: number, end: number): number {
  if (at >= end) return 0;
  const toc = b[at];
  const config = toc >> 3;
  const frameMs =
    config < 12 ? [10, 20, 40, 60][config & 3] : config < 16 ? [10, 20][config & 1] : [2.5, 5, 10, 20][config & 3];
  const code = toc & 3;
  const frames = code === 0 ? 1 : code < 3 ? 2 : at + 1 < end ? b[at + 1] & 0x3f : 0;
  return frames * frameMs * 1e6;
}

export function readWebm(b: Buffer): Decoded | undefined {
  const header = element(b, 0);
  if (!header || header.id !== ID.EBML) return undefined;
  let docType = '';
  for (const e of children(b, header)) {
    if (e.id === ID.DocType) docType = b.toString('latin1', e.data, e.data + (e.size ?? 0)).replace(/\0+$/, '');
  }
  if (docType !== 'webm' && docType !== 'matroska') return undefined;
  if (header.size === undefined) return undefined;

  // The Segment (after any top-level Void elements).
  let pos = header.data + header.size;
  let segment: Element | undefined;
  while (pos < b.length) {
    const e = element(b, pos);
    if (!e) return undefined;
    if (e.id === ID.Segment) {
      segment = e;
      break;
    }
    if (e.size === undefined) return undefined;
    pos = e.data + e.size;
  }
  if (!segment) return undefined;

  // One flat walk over the Segment: Info and Tracks are read whole; Clusters and BlockGroups are entered (their
  // children's IDs are distinct from the Segment's, which lets unknown-size Clusters end where the next begins).
  const end = segment.size === undefined ? b.length : Math.min(b.length, segment.data + segment.size);
  let timecodeScale = 1_000_000;
  let track: Track | undefined;
  let clusterTime = 0;
  let lastEndNs = -1;
  let previousBlockNs: number | undefined;
  let lastGapNs = 0;
  let groupBlock: { startNs: number; durationNs: number } | undefined;

  const block = (e: Element, inGroup: boolean) => {
    if (!track || e.size === undefined) return;
    const blockEnd = e.data + e.size;
    const trackNumber = trackVint(b, e.data);
    if (trackNumber === undefined || trackNumber.value !== track.number) return;
    const at = e.data + trackNumber.length;
    if (at + 3 > blockEnd) return;
    const startNs = (clusterTime + b.readInt16BE(at)) * timecodeScale;
    const flags = b[at + 2];
    const laced = (flags & 0x06) !== 0;
    let durationNs: number;
    if (track.codec === 'A_OPUS') {
      durationNs = laced ? ((b[at + 3] ?? 0) + 1) * 20e6 : opusPacketNs(b, at + 3, blockEnd);
    } else {
      durationNs = lastGapNs; // Vorbis: the spacing of the blocks before it
    }
    if (previousBlockNs !== undefined && startNs > previousBlockNs) lastGapNs = startNs - previousBlockNs;
    previousBlockNs = startNs;
    lastEndNs = Math.max(lastEndNs, startNs + durationNs);
    if (inGroup) groupBlock = { startNs, durationNs };
  };

  for (pos = segment.data; pos < end; ) {
    // Fast path: a one-byte-ID, one-byte-size element that is none of the block elements (Void, CRC-32, …).
    const id1 = b[pos];
    const size1 = b[pos + 1];
    if (id1 >= 0x80 && size1 >= 0x80 && size1 < 0xff && !BLOCK_IDS.has(id1)) {
      pos += 2 + (size1 & 0x7f);
      continue;
    }
    const e = element(b, pos);
    if (!e) break;
    if (e.id === ID.Cluster || e.id === ID.BlockGroup) {
      if (e.id === ID.BlockGroup) groupBlock = undefined;
      pos = e.data; // enter
      continue;
    }
    if (e.size === undefined || e.data + e.size > end) break; // a cut element: what came before is the audio
    if (e.id === ID.Info) {
      for (const c of children(b, e)) if (c.id === ID.TimecodeScale) timecodeScale = uint(b, c) || timecodeScale;
    } else if (e.id === ID.Tracks) {
      track ??= audioTrack(b, e);
    } else if (e.id === ID.Timecode) {
      clusterTime = uint(b, e);
    } else if (e.id === ID.SimpleBlock) {
      block(e, false);
    } else if (e.id === ID.Block) {
      block(e, true);
    } else if (e.id === ID.BlockDuration && groupBlock) {
      groupBlock.durationNs = uint(b, e) * timecodeScale;
      lastEndNs = Math.max(lastEndNs, groupBlock.startNs + groupBlock.durationNs);
    } else if (e.id === ID.DiscardPadding && groupBlock) {
      const trimmed = groupBlock.startNs + groupBlock.durationNs - Math.max(0, int(b, e));
      if (groupBlock.startNs + groupBlock.durationNs >= lastEndNs) lastEndNs = Math.max(groupBlock.startNs, trimmed);
    }
    pos = e.data + e.size;
  }

  if (!track || lastEndNs < 0) return undefined;
  const codec = track.codec === 'A_OPUS' ? 'opus' : track.codec === 'A_VORBIS' ? 'vorbis' : undefined;
  if (!codec) return undefined;
  const rate = Math.round(track.rate);
  if (rate < 1 || rate > MAX_SAMPLE_RATE || track.channels < 1) return undefined;
  const durationNs = Math.max(0, lastEndNs - (codec === 'opus' ? track.codecDelayNs : 0));
  return { sampleRate: rate, channels: track.channels, durationSeconds: durationNs / 1e9, codec };
}

/** A block's track number (an EBML size-style vint). */
function trackVint(b: Buffer, pos: number): { value: number; length: number } | undefined {
  const first = b[pos];
  if (first === undefined || first === 0) return undefined;
  const length = Math.clz32(first) - 23;
  if (pos + length > b.length) return undefined;
  let value = first & (0xff >> length);
  for (let i = 1; i < length; i++) value = value * 256 + b[pos + i];
  return { value, length };
}
