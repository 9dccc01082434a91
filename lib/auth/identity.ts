import { config } from '../config';
import { clock } from '../clock';
import { unauthorized } from '../errors';
import { instanceGuid, nameGuid } from '../ids';
import { storedCredentialInstance } from './storedCredentials';
import { verifyToken } from './tokens';

/** Who is calling: the service instance the credential belongs to. Its GUID is the models' `owner`. */
export interface Caller {
  instanceId: string;
}

/**
 * A credential as the Basic scheme carries it: `apikey:<key>` for IAM API keys, `<user>:<password>` for legacy
 * service credentials. The same string form is used in strict mode's configuration.
 */
export type CredentialString = string;

/**
 * The instance an API key or user/password pair belongs to, or undefined when it is not accepted. Strict mode looks
 * in STT_CREDENTIALS first, then among the table's credential items (`npm run credentials`).
 */
export async function instanceForCredential(credential: CredentialString): Promise<string | undefined> {
  if (config.authMode() === 'open') return openInstance(credential);
  return strictCredentials().get(credential) ?? storedCredentialInstance(credential);
}

const OPEN_INSTANCES_KEPT = 1000;
const openInstances = new Map<string, string>();

/** Open mode's instance of a credential: a name GUID (a SHA-1 per request otherwise), kept for the latest 1000. */
function openInstance(credential: CredentialString): string {
  let instance = openInstances.get(credential);
  if (instance === undefined) {
    instance = nameGuid(`credential:${credential}`);
    if (openInstances.size >= OPEN_INSTANCES_KEPT) openInstances.delete(openInstances.keys().next().value!);
    openInstances.set(credential, instance);
  }
  return instance;
}

let parsedCredentials: { source: string; map: Map<string, string> } | undefined;

/**
 * Strict mode's credential table, from STT_CREDENTIALS: a JSON object whose keys name instances (a GUID is used as
 * it is; any other name is turned into a stable GUID) and whose values list that instance's credentials.
 */
export function strictCredentials(): Map<string, string> {
  const source = config.credentials() ?? '{}';
  if (parsedCredentials?.source === source) return parsedCredentials.map;
  let table: unknown;
  try {
    table = JSON.parse(source);
  } catch {
    throw new Error('STT_CREDENTIALS is not valid JSON');
  }
  if (table === null || typeof table !== 'object' || Array.isArray(table)) {
    throw new Error('STT_CREDENTIALS must be a JSON object of instance → credential list');
  }
  const map = new Map<string, string>();
  for (const [instance, credentials] of Object.entries(table)) {
    const instanceId = instanceGuid(instance);
    if (!Array.isArray(credentials)) throw new Error(`STT_CREDENTIALS: the value for '${instance}' must be an array`);
    for (const credential of credentials) {
      if (typeof credential !== 'string' || !credential.includes(':')) {
        throw new Error(`STT_CREDENTIALS: credentials of '${instance}' must be 'apikey:<key>' or '<user>:<password>'`);
      }
      map.set(credential, instanceId);
    }
  }
  parsedCredentials = { source, map };
  return map;
}

/** Reads the Authorization header (Basic or Bearer) and returns the caller, or throws the gateway's 401. */
export async function authenticate(req: { headers: Readonly<Record<string, string>> }): Promise<Caller> {
  const header = req.headers['authorization'] ?? '';
  const match = /^(\w+)\s+(\S+)\s*$/.exec(header);
  if (!match) throw unauthorized();
  const scheme = match[1].toLowerCase();
  let instanceId: string | undefined;
  if (scheme === 'basic') {
    const decoded = Buffer.from(match[2], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0 && colon < decoded.length - 1) instanceId = await instanceForCredential(decoded);
  } else if (scheme === 'bearer') {
    instanceId = await verifyToken(match[2], clock.now());
  }
  if (!instanceId) throw unauthorized();
  return { instanceId };
}
