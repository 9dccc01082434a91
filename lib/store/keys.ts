/**
 * The layout of the one table (design.md "Data"):
 *   model          PK = MODEL#<customization_id>   SK = MODEL
 *   child          PK = MODEL#<customization_id>   SK = G<generation>#<CORPUS|GRAMMAR|WORD|SOURCEWORDS>#<name>
 *   instance       PK = INSTANCE#<owner>           SK = INSTANCE          (the instance's model count)
 *   credential     PK = CREDENTIAL#<sha256 hex>    SK = CREDENTIAL        (strict mode: a credential, by its hash only)
 *   setting        PK = SETTING#<name>             SK = SETTING           (the generated token signing key)
 *   job            PK = JOB#<id>                   SK = JOB               (an asynchronous recognition job)
 *   callback       PK = INSTANCE#<owner>           SK = CALLBACK#<url>    (an allowlisted callback URL)
 *   request        PK = REQUESTS#<owner>           SK = <time ISO>#<id>   (the request journal: lib/store/requests.ts)
 * Index byOwner: models under OwnerPK = OWNER#<owner>, OwnerSK = <language>#<created ISO>#<customization_id>; the
 *   credential items under OwnerPK = CREDENTIALS, OwnerSK = <instance>#<hash> (for `npm run credentials -- list`).
 *   jobs under OwnerPK = OWNER#<owner>#JOBS, OwnerSK = <created ISO>#<id> (newest first for checkJobs).
 * Index byDue (sparse: only models and jobs with work due): DuePK = DUE#<shard>, DueSK = <due epoch ms, 15 digits>#<id>.
 */
export const MODEL_SK = 'MODEL';
export const INSTANCE_SK = 'INSTANCE';
export const CREDENTIAL_SK = 'CREDENTIAL';
export const CREDENTIALS_OWNER_PK = 'CREDENTIALS';
export const SETTING_SK = 'SETTING';
export const OWNER_INDEX = 'byOwner';
export const DUE_INDEX = 'byDue';
export const DUE_SHARDS = 8;

export const modelPk = (customizationId: string) => `MODEL#${customizationId}`;
export const modelIdOfPk = (pk: string) => pk.slice('MODEL#'.length);
export const JOB_SK = 'JOB';
export const jobPk = (id: string) => `JOB#${id}`;
export const ownerJobsPk = (owner: string) => `OWNER#${owner}#JOBS`;
export const callbackSk = (url: string) => `CALLBACK#${url}`;
export const duePk = (shard: number) => `DUE#${shard}`;
export const instancePk = (owner: string) => `INSTANCE#${owner}`;
export const requestsPk = (owner: string) => `REQUESTS#${owner}`;
/** The owner index lists each kind of model apart: language models under `OWNER#<owner>`, acoustic under `…#ACOUSTIC`. */
export const ownerPk = (owner: string, kind: 'language' | 'acoustic' = 'language') => (kind === 'language' ? `OWNER#${owner}` : `OWNER#${owner}#ACOUSTIC`);
export const credentialPk = (hash: string) => `CREDENTIAL#${hash}`;
export const settingPk = (name: string) => `SETTING#${name}`;
export const ownerSk = (language: string, createdIso: string, customizationId: string) =>
  `${language}#${createdIso}#${customizationId}`;

/** CORPUS, GRAMMAR and WORD items are the API's resources; SOURCEWORDS items list which words a corpus or grammar
 * contributed (name `<source>\u001f<chunk>`), so that deleting or overwriting it touches only those words; SNAPSHOT
 * items hold what the last training left for recognition (name `<slot>#<chunk>`); JOURNAL items record a change of
 * several children while it is applied (name `head`, and `part#<chunk>` for its content); AUDIO items are an acoustic
 * model's audio resources. */
export type ChildKind = 'CORPUS' | 'GRAMMAR' | 'WORD' | 'SOURCEWORDS' | 'SNAPSHOT' | 'JOURNAL' | 'AUDIO';

const generationPrefix = (generation: number) => `G${String(generation).padStart(6, '0')}#`;
export const childSk = (generation: number, kind: ChildKind, name: string) => `${generationPrefix(generation)}${kind}#${name}`;
export const childPrefix = (generation: number, kind?: ChildKind) => generationPrefix(generation) + (kind ? `${kind}#` : '');
/** Every child SK of every generation starts with this; the model's own SK does not. */
export const ANY_CHILD_PREFIX = 'G';

/** Spreads due work over a few partitions so that no single one is hot; the shard is fixed per model. */
export function dueShard(customizationId: string): string {
  let hash = 0;
  for (let i = 0; i < customizationId.length; i++) hash = (hash * 31 + customizationId.charCodeAt(i)) >>> 0;
  return duePk(hash % DUE_SHARDS);
}
export const dueSk = (dueAtMs: number, customizationId: string) =>
  `${String(Math.max(0, Math.floor(dueAtMs))).padStart(15, '0')}#${customizationId}`;
