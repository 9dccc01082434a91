/**
 * The archives of acoustic audio resources (recognition spec §10.3 A9): a `.zip` file (`application/zip`) or a
 * `.tar.gz` file (`application/gzip`), read member by member so that only one member's bytes are held at a time.
 * This module knows archives, not audio: resource.ts analyses each member and words every message.
 *
 * ## Rules
 *
 * - Members are the regular files, in archive order, named by their path inside the archive as stored (`dir/a.wav`,
 *   `./a.wav`). Directories, links and other special entries are skipped, and so is the metadata macOS adds
 *   (anything under `__MACOSX/`, and AppleDouble `._name` files), which is not audio the user meant to add.
 * - Work is bounded before it is done (zip bombs):
 *   - more than `maxMembers` entries (all kinds counted) → `ArchiveError('too-many-members')`;
 *   - `.zip`: the sizes the central directory declares add up to more than `maxUnpackedBytes` → `'too-large'`,
 *     before anything is inflated; each member is inflated by node's zlib with `maxOutputLength` = its declared size,
 *     so a member that lies about its size stops at that size (member problem `'corrupt'`), it never runs on;
 *   - `.tar.gz`: the sizes the tar headers declare add up to more than `maxUnpackedBytes` → `'too-large'`, before
 *     the member is read; the gunzipped stream itself is cut off past `maxUnpackedBytes` plus room for the headers
 *     (a gzip of endless zeros) → `'too-large'`.
 * - `.zip` (own reader of the central directory, zip64 included, and `node:zlib`; fflate's `unzipSync` cannot stop
 *   a member that inflates past its declared size): no end-of-central-directory record → `'not-archive'`; a central
 *   directory that does not parse → `'corrupt'`. Per member: encrypted → `'encrypted'`; a method other than stored (0)
 *   or deflated (8) → `'unsupported-method'`; a bad local header, inflate error, size or CRC-32 mismatch → `'corrupt'`.
 *   Names are UTF-8 when the entry's flag says so, else Latin-1 (CP437 in the spec; the same for ASCII names).
 * - `.tar.gz` (`node:zlib` gunzip streamed into `tar-stream`; ustar, GNU and pax headers): no gzip magic, or
 *   a gzip or tar failure before the first entry → `'not-archive'`; a failure after it (a cut file, a bad header) →
 *   `'corrupt'`.
 */
import { crc32, createGunzip, inflateRawSync } from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';

export type ArchiveCompression = 'zip' | 'gzip';

export interface ArchiveLimits {
  /** Entries (files, directories, links) an archive may have. */
  maxMembers: number;
  /** Bytes its files may unpack to, all together. */
  maxUnpackedBytes: number;
}

/** 10 000 entries; 4 × the 100 MB a resource may have (spec §9.2, §10.4). */
export const DEFAULT_ARCHIVE_LIMITS: Readonly<ArchiveLimits> = {
  maxMembers: 10_000,
  maxUnpackedBytes: 4 * 100 * 1024 * 1024,
};

/** What makes a whole archive unreadable. */
export type ArchiveProblem = 'not-archive' | 'corrupt' | 'too-many-members' | 'too-large';

export class ArchiveError extends Error {
  constructor(
    readonly problem: ArchiveProblem,
    detail: string,
  ) {
    super(detail);
    this.name = 'ArchiveError';
  }
}

/** What makes one member unreadable (the others still are). */
export type MemberProblem = 'encrypted' | 'unsupported-method' | 'corrupt';

/** One file of an archive: its bytes, or why they could not be had. */
export type ArchiveMember =
  | { name: string; data: Buffer; problem?: undefined }
  | { name: string; data?: undefined; problem: MemberProblem; detail: string };

/**
 * The files of an archive, one at a time. Throws (rejects) ArchiveError for the archive as a whole — possibly after
 * some members were given (`.tar.gz` is read as a stream). Never throws anything else for any body.
 */
export async function* readArchive(
  body: Buffer,
  compression: ArchiveCompression,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): AsyncGenerator<ArchiveMember> {
  if (compression === 'zip') yield* zipMembers(body, limits);
  else yield* tarGzMembers(body, limits);
}

/** Entries that are not the user's files: macOS resource forks and Finder metadata. */
function isMetadata(name: string): boolean {
  return name.startsWith('__MACOSX/') || (name.split('/').pop() ?? '').startsWith('._');
}

// ---------------------------------------------------------------------------------------------------------------
// .zip

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const U32_MAX = 0xffffffff;

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function* zipMembers(body: Buffer, limits: ArchiveLimits): Generator<ArchiveMember> {
  const entries = zipDirectory(body, limits);
  for (const entry of entries) {
    if (entry.name.endsWith('/') || isMetadata(entry.name)) continue;
    yield zipMember(body, entry);
  }
}

/** The central directory: every entry, checked against the limits before anything is inflated. */
function zipDirectory(body: Buffer, limits: ArchiveLimits): ZipEntry[] {
  const eocd = findEocd(body);
  if (eocd < 0) throw new ArchiveError('not-archive', 'no end of central directory record');
  let count = body.readUInt16LE(eocd + 10);
  let offset = body.readUInt32LE(eocd + 16);
  if (eocd >= 20 && body.readUInt32LE(eocd - 20) === SIG_ZIP64_LOCATOR) {
    const at = safeNumber(body.readBigUInt64LE(eocd - 12));
    if (at === undefined || at + 56 > body.length || body.readUInt32LE(at) !== SIG_ZIP64_EOCD) {
      throw new ArchiveError('corrupt', 'bad zip64 end of central directory record');
    }
    const count64 = safeNumber(body.readBigUInt64LE(at + 32));
    const offset64 = safeNumber(body.readBigUInt64LE(at + 48));
    if (count64 === undefined || offset64 === undefined) throw new ArchiveError('corrupt', 'bad zip64 sizes');
    [count, offset] = [count64, offset64];
  }
  if (count > limits.maxMembers) throw new ArchiveError('too-many-members', `${count} entries`);

  const entries: ZipEntry[] = [];
  let declared = 0;
  for (let i = 0, p = offset; i < count; i++) {
    if (p + 46 > body.length || body.readUInt32LE(p) !== SIG_CENTRAL) {
      throw new ArchiveError('corrupt', `central directory entry ${i} missing`);
    }
    const nameLength = body.readUInt16LE(p + 28);
    const extraLength = body.readUInt16LE(p + 30);
    const commentLength = body.readUInt16LE(p + 32);
    const next = p + 46 + nameLength + extraLength + commentLength;
    if (next > body.length) throw new ArchiveError('corrupt', `central directory entry ${i} cut`);
    const flags = body.readUInt16LE(p + 8);
    const entry: ZipEntry = {
      name: body.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLength),
      flags,
      method: body.readUInt16LE(p + 10),
      crc: body.readUInt32LE(p + 16),
      compressedSize: body.readUInt32LE(p + 20),
      size: body.readUInt32LE(p + 24),
      localOffset: body.readUInt32LE(p + 42),
    };
    zip64Sizes(body.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength), entry);
    if (!entry.name.endsWith('/')) {
      declared += entry.size;
      if (declared > limits.maxUnpackedBytes) {
        throw new ArchiveError('too-large', `more than ${limits.maxUnpackedBytes} bytes declared`);
      }
    }
    entries.push(entry);
    p = next;
  }
  return entries;
}

/** The end-of-central-directory record: the last signature whose comment length reaches the end of the body. */
function findEocd(body: Buffer): number {
  const lowest = Math.max(0, body.length - 22 - 0xffff);
  for (let p = body.length - 22; p >= lowest; p--) {
    if (body.readUInt32LE(p) === SIG_EOCD && p + 22 + body.readUInt16LE(p + 20) <= body.length) return p;
  }
  return -1;
}

/** The zip64 extra field (id 1) holds, in order, the sizes and offset whose 32-bit fields are all ones. */
function zip64Sizes(extra: Buffer, entry: ZipEntry): void {
  for (let p = 0; p + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(p);
    const length = extra.readUInt16LE(p + 2);
    if (id === 1) {
      let q = p + 4;
      const end = Math.min(extra.length, q + length);
      const take = (): number => {
        if (q + 8 > end) throw new ArchiveError('corrupt', 'zip64 extra field cut');
        const value = safeNumber(extra.readBigUInt64LE(q));
        q += 8;
        if (value === undefined) throw new ArchiveError('corrupt', 'zip64 size out of range');
        return value;
      };
      if (entry.size === U32_MAX) entry.size = take();
      if (entry.compressedSize === U32_MAX) entry.compressedSize = take();
      if (entry.localOffset === U32_MAX) entry.localOffset = take();
      return;
    }
    p += 4 + length;
  }
}

function safeNumber(value: bigint): number | undefined {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined;
}

function zipMember(body: Buffer, e: ZipEntry): ArchiveMember {
  const problem = (problem: MemberProblem, detail: string): ArchiveMember => ({ name: e.name, problem, detail });
  if (e.flags & 1) return problem('encrypted', 'encrypted entry');
  if (e.method !== 0 && e.method !== 8) return problem('unsupported-method', `method ${e.method}`);
  const p = e.localOffset;
  if (p + 30 > body.length || body.readUInt32LE(p) !== SIG_LOCAL) return problem('corrupt', 'local header missing');
  const start = p + 30 + body.readUInt16LE(p + 26) + body.readUInt16LE(p + 28);
  const end = start + e.compressedSize;
  if (end > body.length) return problem('corrupt', 'data cut');
  let data: Buffer;
  if (e.method === 0) {
    if (e.compressedSize !== e.size) return problem('corrupt', 'stored sizes differ');
    data = body.subarray(start, end);
  } else {
    try {
      // maxOutputLength stops inflating at the declared size (it must be at least 1).
      data = inflateRawSync(body.subarray(start, end), { maxOutputLength: Math.max(1, e.size) });
    } catch (error) {
      return problem('corrupt', error instanceof Error ? error.message : 'inflate failed');
    }
    if (data.length !== e.size) return problem('corrupt', `inflates to ${data.length} bytes, declares ${e.size}`);
  }
  if (crc32(data) >>> 0 !== e.crc) return problem('corrupt', 'CRC-32 mismatch');
  return { name: e.name, data };
}

// ---------------------------------------------------------------------------------------------------------------
// .tar.gz

/** Room for the tar headers and padding around the files' bytes (pax and GNU long names included). */
const tarOverhead = (limits: ArchiveLimits) => (limits.maxMembers + 2) * 4096 + 1024 * 1024;

async function* tarGzMembers(body: Buffer, limits: ArchiveLimits): AsyncGenerator<ArchiveMember> {
  if (body.length < 10 || body[0] !== 0x1f || body[1] !== 0x8b) throw new ArchiveError('not-archive', 'no gzip header');
  const extract = tarExtract();
  const gunzip = createGunzip();
  const maxTarBytes = limits.maxUnpackedBytes + tarOverhead(limits);
  let tarBytes = 0;
  gunzip.on('data', (chunk: Buffer) => {
    tarBytes += chunk.length;
    if (tarBytes > maxTarBytes) {
      gunzip.destroy();
      extract.destroy(new ArchiveError('too-large', `gunzips to more than ${maxTarBytes} bytes`));
    } else if (!extract.write(chunk)) gunzip.pause();
  });
  extract.on('drain', () => gunzip.resume());
  gunzip.on('end', () => extract.end(null));
  gunzip.on('error', (error) => extract.destroy(new Error(`gzip: ${error.message}`)));
  gunzip.end(body);

  let entries = 0;
  let declared = 0;
  try {
    for await (const entry of extract) {
      entries++;
      if (entries > limits.maxMembers) throw new ArchiveError('too-many-members', `more than ${limits.maxMembers} entries`);
      const { name, type, size } = entry.header;
      const file = (type === 'file' || type === 'contiguous-file') && !isMetadata(name);
      if (file) {
        declared += size;
        if (declared > limits.maxUnpackedBytes) {
          throw new ArchiveError('too-large', `more than ${limits.maxUnpackedBytes} bytes declared`);
        }
      }
      const chunks: Buffer[] = [];
      for await (const chunk of entry) if (file) chunks.push(chunk as Buffer);
      if (file) yield { name, data: Buffer.concat(chunks) };
    }
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new ArchiveError(entries === 0 ? 'not-archive' : 'corrupt', detail);
  } finally {
    gunzip.destroy();
    extract.destroy(null);
  }
}
