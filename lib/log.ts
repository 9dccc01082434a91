/**
 * Structured logging: one JSON line per event on stderr. Never pass credentials, tokens or request bodies here; as a
 * second line of defence every logged text is redacted (see `redact`), so that an error whose message quotes an
 * Authorization header, an API key, a password or a token does not put it in the log.
 */
export function logError(message: string, error: unknown, context: Record<string, unknown> = {}, secrets: readonly string[] = []): void {
  const detail = error instanceof Error ? { name: error.name, error: error.message, stack: error.stack } : { error: String(error) };
  console.error(redact(JSON.stringify({ level: 'error', message, ...context, ...detail }), secrets));
}

/** Secrets known to the whole process (the token signing key): redacted from every line. */
const processSecrets = new Set<string>();

/** Registers a secret of the process (the signing key) so that no log line shows it. */
export function addSecret(secret: string): void {
  if (processSecrets.size < 100) processSecrets.add(secret);
}

/** Shorter secrets are not searched for: they would blank out ordinary words, and protect little. */
const MIN_SECRET_LENGTH = 4;
const REDACTED = '[redacted]';

const PATTERNS: [RegExp, string][] = [
  // An Authorization value: `Basic <base64>`, `Bearer <token>`.
  [/\b(basic|bearer)(\s+)[\w+/=.~-]+/gi, `$1$2${REDACTED}`],
  // A JWT anywhere (header and payload are base64url JSON, so they start with `eyJ`).
  [/\beyJ[\w-]*\.[\w-]*\.[\w-]*/g, REDACTED],
  // `apikey=…`, `"password":"…"`, `access_token: …`, `apikey:KEY` (a Basic credential as written in configuration), …
  [/\b((?:api[_-]?key|password|passwd|secret|(?:access_|refresh_)?token|authorization|credentials?)\\?["']?\s*[:=]\s*\\?["']?)[^\s"'\\&,;}\]]+/gi,
    `$1${REDACTED}`],
];

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The text with every known secret, and everything shaped like a credential or token, replaced by `[redacted]`. */
export function redact(text: string, secrets: readonly string[] = []): string {
  const known = [...new Set([...secrets, ...processSecrets])]
    .filter((secret) => secret.length >= MIN_SECRET_LENGTH)
    .flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)]) // as it appears inside a JSON string
    .sort((a, b) => b.length - a.length);
  let out = text;
  if (known.length > 0) out = out.replace(new RegExp([...new Set(known)].map(escapeRegExp).join('|'), 'g'), REDACTED);
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
