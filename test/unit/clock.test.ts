import { describe, expect, it } from 'vitest';
import { clock, isoTime } from '../../lib/clock';

describe('isoTime', () => {
  it('writes UTC ISO 8601 with milliseconds and Z', () => {
    expect(isoTime(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(isoTime(Date.UTC(2024, 2, 5, 17, 2, 11, 408))).toBe('2024-03-05T17:02:11.408Z');
    expect(isoTime(Date.UTC(2024, 11, 31, 23, 59, 59, 5))).toBe('2024-12-31T23:59:59.005Z');
  });
});

describe('clock', () => {
  it('reads Date.now()', () => {
    const before = Date.now();
    const now = clock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
