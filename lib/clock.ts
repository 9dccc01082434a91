/** The emulator's notion of now; one place so that time control can hook in. */
export const clock = {
  now(): number {
    return Date.now();
  },
};

/** ISO 8601 UTC with milliseconds and `Z`, as the service writes `created` and `updated` (spec 1.3). */
export const isoTime = (epochMs: number): string => new Date(epochMs).toISOString();
