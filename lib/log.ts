/**
 * Structured logging: one JSON line per event on stderr. Never pass credentials, tokens or request bodies here.
 */
export function logError(message: string, error: unknown, context: Record<string, unknown> = {}): void {
  const detail = error instanceof Error ? { name: error.name, error: error.message, stack: error.stack } : { error: String(error) };
  console.error(JSON.stringify({ level: 'error', message, ...context, ...detail }));
}
