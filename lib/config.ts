/**
 * All configuration comes from the environment, read here and nowhere else. Values are read on each call so
 * that tests can change them; reading process.env is cheap.
 */

export type AuthMode = 'open' | 'strict';

function env(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

function intEnv(name: string, fallback: number, min = 0): number {
  const raw = env(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer of at least ${min}, got '${raw}'`);
  return value;
}

function numberEnv(name: string, fallback: number): number {
  const raw = env(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number of at least 0, got '${raw}'`);
  return value;
}

export const config = {
  /**
   * `open` (default): any credential is accepted and is its own instance. `strict`: only those of STT_CREDENTIALS
   * and of the table's credential items (`npm run credentials`).
   */
  authMode(): AuthMode {
    const mode = (env('STT_AUTH') ?? 'open').toLowerCase();
    if (mode !== 'open' && mode !== 'strict') throw new Error(`STT_AUTH must be 'open' or 'strict', got '${mode}'`);
    return mode;
  },
  /** Strict mode's credentials: JSON object, instance name or GUID → list of `apikey:<key>` / `<user>:<password>`. */
  credentials(): string | undefined {
    return env('STT_CREDENTIALS');
  },
  /** HMAC key that signs the tokens of the IAM token endpoint; unset in strict mode: a key kept in the table. */
  tokenSecret(): string | undefined {
    return env('STT_TOKEN_SECRET');
  },
  /** Seconds a function remembers a credential, or the signing key, found in the table (a removed one works that long). */
  credentialCacheSeconds(): number {
    return intEnv('STT_CREDENTIAL_CACHE_SECONDS', 60);
  },
  /** Seconds a function remembers that a credential is not in the table (an added one waits that long at most). */
  credentialMissCacheSeconds(): number {
    return intEnv('STT_CREDENTIAL_MISS_CACHE_SECONDS', 5);
  },
  tokenTtlSeconds(): number {
    return intEnv('STT_TOKEN_TTL_SECONDS', 3600, 1);
  },
  tableName(): string {
    return env('STT_TABLE') ?? 'watson-stt-emulator';
  },
  /** DynamoDB endpoint override (local dynalite); unset on AWS. */
  dynamodbEndpoint(): string | undefined {
    return env('STT_DYNAMODB_ENDPOINT');
  },
  region(): string {
    return env('AWS_REGION') ?? env('AWS_DEFAULT_REGION') ?? 'us-east-1';
  },
  /** Seconds a corpus stays `being_processed` (0: analyzed at once). */
  corpusSeconds(): number {
    return intEnv('STT_CORPUS_SECONDS', 10);
  },
  /** Seconds a `POST …/words` batch keeps the model busy (0: done at once). */
  wordsSeconds(): number {
    return intEnv('STT_WORDS_SECONDS', 5);
  },
  /** Seconds a grammar stays `being_processed` (0: analyzed at once). */
  grammarSeconds(): number {
    return intEnv('STT_GRAMMAR_SECONDS', 10);
  },
  /** Seconds a model stays `training` (0: available at once). */
  trainingSeconds(): number {
    return intEnv('STT_TRAINING_SECONDS', 30);
  },
  /** Seconds a model stays `upgrading` (0: done at once). */
  upgradeSeconds(): number {
    return intEnv('STT_UPGRADE_SECONDS', 30);
  },
  /** How long a request may hold a model's lock; one that dies leaves the model busy that long, then it is repaired. */
  lockLeaseSeconds(): number {
    return intEnv('STT_LOCK_LEASE_SECONDS', 60, 1);
  },
  /** Seconds an asynchronous recognition job takes from creation to completion (half waiting, half processing). */
  recognitionSeconds(): number {
    return intEnv('STT_RECOGNITION_SECONDS', 4);
  },
  /** The hash of callback signatures (`X-Callback-Signature`, spec §7.2): `sha1` (the SDKs' documentation) or `sha256`. */
  callbackSignatureHash(): 'sha1' | 'sha256' {
    const value = env('STT_CALLBACK_SIGNATURE_HASH') ?? 'sha1';
    if (value !== 'sha1' && value !== 'sha256') throw new Error(`STT_CALLBACK_SIGNATURE_HASH must be sha1 or sha256, got '${value}'`);
    return value;
  },
  /** Seconds an acoustic model's audio resource stays `being_processed` (0: analysed at once). */
  audioSeconds(): number {
    return intEnv('STT_AUDIO_SECONDS', 10);
  },
  /** Minutes of valid audio an acoustic model needs before it can be trained (the service: 10; tests may lower it). */
  acousticMinimumMinutes(): number {
    return numberEnv('STT_ACOUSTIC_MIN_MINUTES', 10);
  },
  /** The largest request body a function takes (corpora, words): larger ones answer 413. */
  maxBodyBytes(): number {
    return intEnv('STT_MAX_BODY_BYTES', 6 * 1024 * 1024, 1);
  },
  /**
   * The control API under `/_emulator` (timing, faults, advance, reset): `on` or `off`. Default: on in open mode,
   * off in strict mode. Health answers either way.
   */
  controlsEnabled(): boolean {
    const raw = (env('STT_CONTROLS') ?? (config.authMode() === 'strict' ? 'off' : 'on')).toLowerCase();
    if (raw !== 'on' && raw !== 'off') throw new Error(`STT_CONTROLS must be 'on' or 'off', got '${raw}'`);
    return raw === 'on';
  },
  /**
   * The request journal (`/_emulator/requests`): `off` (the default deployed: no write per request), `on` (each
   * request's entry is written before its answer), or `background` (`npm start`'s default: written beside the answer,
   * in batches; only for a process that outlives its requests, as serverless-offline's does).
   */
  requestJournal(): 'off' | 'on' | 'background' {
    const raw = (env('STT_REQUEST_JOURNAL') ?? 'off').toLowerCase();
    if (raw !== 'off' && raw !== 'on' && raw !== 'background') {
      throw new Error(`STT_REQUEST_JOURNAL must be 'off', 'on' or 'background', got '${raw}'`);
    }
    return raw;
  },
  /** The newest entries the journal keeps per instance. */
  requestJournalSize(): number {
    return intEnv('STT_REQUEST_JOURNAL_SIZE', 1000, 1);
  },
  /** Minutes a journal entry is kept. */
  requestJournalMinutes(): number {
    return intEnv('STT_REQUEST_JOURNAL_MINUTES', 60, 1);
  },
  /**
   * Milliseconds a function skips the fault-rule query of an instance it found without rules (the one per-call cost
   * of the control API); adding a rule waits as long before it answers. 0: query on every call.
   */
  faultCacheMs(): number {
    return intEnv('STT_FAULT_CACHE_MS', 250);
  },
  /** The service's limit of custom language models per instance (spec 5.1). */
  maxModelsPerInstance(): number {
    return intEnv('STT_MAX_MODELS_PER_INSTANCE', 1024, 1);
  },
};
