import { config } from '../config';
import { credentialHash, getStoredCredential } from '../store/credentials';

/**
 * Strict mode's credentials from the table, remembered per function container: a found credential for
 * STT_CREDENTIAL_CACHE_SECONDS, a missing one for STT_CREDENTIAL_MISS_CACHE_SECONDS, so that a warm function reads
 * the table about once a minute per credential, not once per request. Entries are keyed by the credential's hash.
 */
interface Entry {
  instanceId: string | undefined;
  /** Date.now() after which the entry is stale. Real time, not the emulator's clock (which tests may move). */
  until: number;
}

/** Enough for every real credential; bounded so that a stream of made-up credentials cannot fill the memory. */
const MAX_ENTRIES = 1000;
const cache = new Map<string, Entry>();

/** The instance the table gives this credential, or undefined when it has none. */
export async function storedCredentialInstance(credential: string): Promise<string | undefined> {
  const hash = credentialHash(credential);
  const now = Date.now();
  const cached = cache.get(hash);
  if (cached && cached.until > now) return cached.instanceId;
  const stored = await getStoredCredential(hash);
  const seconds = stored ? config.credentialCacheSeconds() : config.credentialMissCacheSeconds();
  cache.delete(hash);
  if (seconds > 0) {
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(hash, { instanceId: stored?.instanceId, until: now + seconds * 1000 });
  }
  return stored?.instanceId;
}

/** For tests: forget every remembered answer. */
export function forgetStoredCredentials(): void {
  cache.clear();
}
