import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

// patches/serverless-offline+14.8.2.patch writes the event's requestTime without luxon; luxon (still installed, a
// dependency of serverless-offline) is what it wrote before.
const modules = join(__dirname, '../../node_modules');
const { default: formatToClfTime } = (await import(pathToFileURL(join(modules, 'serverless-offline/src/utils/formatToClfTime.js')).href)) as {
  default: (millis: number) => string;
};
const { DateTime } = (await import(pathToFileURL(join(modules, 'luxon/build/node/luxon.js')).href)) as {
  DateTime: { fromMillis(millis: number, options: { zone: string }): { setLocale(locale: string): { toFormat(format: string): string } } };
};

const savedZone = process.env.TZ;
afterEach(() => {
  if (savedZone === undefined) delete process.env.TZ;
  else process.env.TZ = savedZone;
});

describe("serverless-offline's requestTime (patched)", () => {
  it.each(['UTC', 'Asia/Kolkata', 'America/St_Johns', 'Europe/Berlin', 'Pacific/Chatham'])('is the text luxon wrote, in %s', (zone) => {
    process.env.TZ = zone;
    const times = [Date.UTC(2026, 11, 2, 12, 6, 42), Date.UTC(2026, 2, 29, 1, 30), Date.UTC(1999, 11, 31, 23, 59, 59)];
    for (let i = 0; i < 500; i += 1) times.push(Date.UTC(1990, 0, 1) + Math.floor((((i * 7919) % 500) / 500) * 1.5e12));
    for (const millis of times) {
      expect(formatToClfTime(millis)).toBe(DateTime.fromMillis(millis, { zone }).setLocale('en-US').toFormat('dd/MMM/yyyy:HH:mm:ss ZZZ'));
    }
    expect(formatToClfTime(Date.UTC(2026, 11, 2, 12, 6, 42))).toMatch(/^\d\d\/Dec\/2026:\d\d:\d\d:42 [+-]\d{4}$/);
  });
});
