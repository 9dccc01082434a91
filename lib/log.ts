/**
 * Structured logging: one JSON line per event, written whole with one `process.stdout.write` (which Lambda sends to
 * CloudWatch Logs as is, without the prefix its patched `console` adds, so that Logs Insights reads the fields).
 * Never pass credentials, tokens or request bodies here; as a second line of defence every logged text is redacted
 * (see `redact`), so that an error whose message quotes an Authorization header, an API key, a password or a token
 * does not put it in the log.
 */

/** What one HTTP request's log line says (`httpHandler` writes exactly one per request). */
export interface RequestLogLine {
  requestId: string;
  /** The function: the ibm-watson SDK method it serves (`getLanguageModel`), or the control/token/catch-all name. */
  operation: string;
  method: string;
  path: string;
  /** The caller's instance (the models' `owner`), once authenticated: absent on a 401 and for unauthenticated calls. */
  instance?: string;
  customization_id?: string;
  status: number;
  duration_ms: number;
  /** True when a fault rule of the control API fired on the request (its error is the answer, or its delay is added). */
  fault: boolean;
}

/**
 * Writes a request's line: `info` below 500; `error` from 500 on, with the error's name, message and (for a 5xx) the
 * stack when one was thrown. An ApiError of a 4xx gives its message, which says what was wrong with the request.
 */
export function logRequest(line: RequestLogLine, error?: unknown, secrets: readonly string[] = []): void {
  const level = line.status >= 500 ? 'error' : 'info';
  const detail = error === undefined ? {} : { error: errorFields(error, level === 'error') };
  write(`${redact(JSON.stringify({ level, time: new Date().toISOString(), ...line, ...detail }), secrets)}\n`);
}

/** One line of another kind of event (the scheduled function's run): `{"level","time","message",…fields[,"error"]}`. */
export function logEvent(level: 'info' | 'error', message: string, fields: Record<string, unknown> = {}, error?: unknown): void {
  const detail = error === undefined ? {} : { error: errorFields(error, true) };
  write(`${redact(JSON.stringify({ level, time: new Date().toISOString(), message, ...fields, ...detail }))}\n`);
}

/** An error line outside a request (the scheduled function's repairs). A request's own error is in its line. */
export function logError(message: string, error: unknown, context: Record<string, unknown> = {}, secrets: readonly string[] = []): void {
  const line = { level: 'error', time: new Date().toISOString(), message, ...context, error: errorFields(error, true) };
  write(`${redact(JSON.stringify(line), secrets)}\n`);
}

function errorFields(error: unknown, withStack: boolean): { name: string; message: string; stack?: string } {
  if (!(error instanceof Error)) return { name: typeof error, message: String(error) };
  const { name, message } = error;
  // `stack` is read only when logged: reading it formats the trace (and, with source maps on, maps it), which a 4xx
  // answer has no use for.
  const stack = withStack ? error.stack : undefined;
  return stack ? { name, message, stack } : { name, message };
}

/** Logging never fails a request: a write that throws (a closed stdout) loses its line, not the answer. */
function write(line: string): void {
  try {
    process.stdout.write(line);
  } catch {
    // nowhere left to say so
  }
}

/** Secrets known to the whole process (the token signing key): redacted from every line. */
const processSecrets = new Set<string>();
/** The search for the process's secrets alone, made once per change of the set (most lines have no other secret). */
let processSecretsPattern: RegExp | null | undefined;

/** Registers a secret of the process (the signing key) so that no log line shows it. */
export function addSecret(secret: string): void {
  if (processSecrets.size < 100 && !processSecrets.has(secret)) {
    processSecrets.add(secret);
    processSecretsPattern = undefined;
  }
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

/** One search for every given secret, longest first, as is and as it appears inside a JSON string; null for none. */
function secretsPattern(secrets: Iterable<string>): RegExp | null {
  const known = [...new Set([...secrets]
    .filter((secret) => secret.length >= MIN_SECRET_LENGTH)
    .flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)]))]
    .sort((a, b) => b.length - a.length);
  return known.length > 0 ? new RegExp(known.map(escapeRegExp).join('|'), 'g') : null;
}

/** The text with every known secret, and everything shaped like a credential or token, replaced by `[redacted]`. */
export function redact(text: string, secrets: readonly string[] = []): string {
  const pattern = secrets.length > 0
    ? secretsPattern([...secrets, ...processSecrets])
    : processSecretsPattern === undefined ? (processSecretsPattern = secretsPattern(processSecrets)) : processSecretsPattern;
  let out = text;
  if (pattern) out = out.replace(pattern, REDACTED);
  for (const [regex, replacement] of PATTERNS) out = out.replace(regex, replacement);
  return out;
}
