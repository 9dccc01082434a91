import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// patches/serverless-offline+14.8.2.patch: once a function has answered, the binary body it was handed (under
// Symbol.for('watson-stt-emulator.rawBody')) is detached, its memory transferred to a young, unreferenced
// ArrayBuffer; only a large Buffer that is its ArrayBuffer's only view, and nothing that cannot be transferred.
const { default: releaseRawBody } = (await import(
  pathToFileURL(join(__dirname, '../../node_modules/serverless-offline/src/utils/releaseRawBody.js')).href
)) as { default: (event: unknown) => boolean };

const RAW_BODY = Symbol.for('watson-stt-emulator.rawBody');
const eventWith = (raw: unknown) => ({ body: 'ignored', isBase64Encoded: true, [RAW_BODY]: raw });

describe("serverless-offline's release of a binary body (patched)", () => {
  it('detaches a large Buffer that owns its ArrayBuffer', () => {
    const raw = Buffer.alloc(1024 * 1024, 7);
    const { buffer } = raw;
    expect(releaseRawBody(eventWith(raw))).toBe(true);
    expect(raw.byteLength).toBe(0);
    expect(buffer.byteLength).toBe(0);
    expect(() => new Uint8Array(buffer)).toThrow(TypeError);
  });

  it('leaves small bodies, views into larger memory, shared memory and missing bodies as they are', () => {
    const small = Buffer.alloc(64 * 1024 - 1, 1);
    const pool = Buffer.alloc(2 * 1024 * 1024, 2);
    const view = pool.subarray(0, 1024 * 1024);
    const tail = pool.subarray(1024 * 1024);
    const shared = Buffer.from(new SharedArrayBuffer(1024 * 1024));
    for (const raw of [small, view, tail, shared]) {
      const before = Buffer.from(raw);
      expect(releaseRawBody(eventWith(raw))).toBe(false);
      expect(raw.equals(before)).toBe(true);
    }
    expect(pool.byteLength).toBe(2 * 1024 * 1024);
    expect(releaseRawBody({ body: 'text' })).toBe(false);
    expect(releaseRawBody(undefined)).toBe(false);
    expect(releaseRawBody(null)).toBe(false);
  });

  it('answers false for memory that cannot be transferred, and for a body already released', () => {
    const { WebAssembly: Wasm } = globalThis as unknown as { WebAssembly: { Memory: new (pages: { initial: number }) => { buffer: ArrayBuffer } } };
    const memory = new Wasm.Memory({ initial: 2 });
    const wasm = Buffer.from(memory.buffer);
    wasm.fill(9);
    expect(releaseRawBody(eventWith(wasm))).toBe(false);
    expect(wasm.byteLength).toBe(2 * 65536);
    expect(wasm.every((byte) => byte === 9)).toBe(true);

    const raw = Buffer.alloc(256 * 1024, 3);
    expect(releaseRawBody(eventWith(raw))).toBe(true);
    expect(releaseRawBody(eventWith(raw))).toBe(false);
  });
});
