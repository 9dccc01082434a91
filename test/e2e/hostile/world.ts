// The hostile-input test's tenants and models (the world it fuzzes), the grammar and corpus they hold, and reading them back.
import { createModel, http } from '../support';

export const SEED = Number(process.env.FUZZ_SEED ?? 20_260_611);

export const ABNF = '#ABNF 1.0 ISO-8859-1;\nlanguage en-US;\nmode voice;\nroot $yesno;\n$yesno = yes | no | zorbliq ;\n';
export const XML = '<?xml version="1.0" encoding="UTF-8"?>\n<grammar version="1.0" xml:lang="en-US" root="n" '
  + 'xmlns="http://www.w3.org/2001/06/grammar"><rule id="n"><one-of><item>Quaxley</item><item>Smith</item></one-of></rule></grammar>\n';
export const CORPUS = 'The quaxley meeting discussed glorptastic zorbliq results.\nZorbliq again.';

/** A is the tenant whose models are fuzzed; C is another tenant; D fuzzes the control API (it acts on D only); B owns F. */
export interface World {
  keyA: string;
  keyB: string;
  keyC: string;
  keyD: string;
  ownerA: string;
  ownerB: string;
  tokenA: string;
  tamperedToken: string;
  /** A's models: M previous-generation (corpus, grammar, words), N next-generation, K previous-generation Korean. */
  own: string[];
  /** B's model. */
  foreign: string;
  foreignSnapshot: unknown;
  disposables: number;
}

export async function settle(apikey: string, id: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const model = (await http('GET', `/v1/customizations/${id}`, { apikey })).body as { status: string };
    const corpora = (await http('GET', `/v1/customizations/${id}/corpora`, { apikey })).body as { corpora: { status: string }[] };
    const grammars = (await http('GET', `/v1/customizations/${id}/grammars`, { apikey })).body as { grammars: { status: string }[] };
    const processing = [...corpora.corpora, ...grammars.grammars].some((resource) => resource.status === 'being_processed');
    if (!processing && model.status !== 'training' && model.status !== 'upgrading') return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`model ${id} did not settle`);
}

export async function ok(result: Promise<{ status: number; text: string }>, status: number) {
  const answer = await result;
  if (answer.status !== status) throw new Error(`setup: expected ${status}, got ${answer.status} ${answer.text}`);
}

export const json = { 'content-type': 'application/json' };

/** A model's JSON and its corpora, grammars and words, as the API lists them. */
export async function snapshot(apikey: string, id: string) {
  const read = async (suffix: string) => (await http('GET', `/v1/customizations/${id}${suffix}`, { apikey })).body;
  return { model: await read(''), corpora: await read('/corpora'), grammars: await read('/grammars'), words: await read('/words') };
}

export async function buildWorld(): Promise<World> {
  const [keyA, keyB, keyC, keyD] = ['a', 'b', 'c', 'd'].map((tenant) => `fuzz-${tenant}-${SEED}-${Math.random().toString(36).slice(2)}`);
  const m = await createModel(keyA, { name: 'fuzz M' });
  const n = await createModel(keyA, { name: 'fuzz N', base_model_name: 'en-US_Telephony' });
  const k = await createModel(keyA, { name: 'fuzz K', base_model_name: 'ko-KR_BroadbandModel' });
  const f = await createModel(keyB, { name: 'fuzz F' });
  await ok(http('POST', `/v1/customizations/${m}/corpora/c1`, { apikey: keyA, body: CORPUS }), 201);
  await ok(http('POST', `/v1/customizations/${f}/corpora/c1`, { apikey: keyB, body: CORPUS }), 201);
  await ok(http('PUT', `/v1/customizations/${n}/words/fuzzword`, { apikey: keyA, headers: json, body: '{}' }), 201);
  await settle(keyA, m);
  await settle(keyB, f);
  await ok(http('PUT', `/v1/customizations/${m}/words/glorptastic`, { apikey: keyA, headers: json, body: '{"sounds_like":["glorp tastic"]}' }), 201);
  await ok(http('PUT', `/v1/customizations/${f}/words/foreignword`, { apikey: keyB, headers: json, body: '{}' }), 201);
  await ok(http('POST', `/v1/customizations/${m}/grammars/g1`, { apikey: keyA, headers: { 'content-type': 'application/srgs' }, body: ABNF }), 201);
  await settle(keyA, m);
  // A's jobs complete at once (control API), so that fuzzed changes do not make its models busy for each other.
  await ok(http('PUT', '/_emulator/timing', { apikey: keyA, headers: json, body: '{"*":{"mode":"immediate"}}' }), 200);

  const token = await http('POST', '/identity/token', {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `grant_type=urn%3Aibm%3Aparams%3Aoauth%3Agrant-type%3Aapikey&apikey=${encodeURIComponent(keyA)}`,
  });
  const tokenA = (token.body as { access_token: string }).access_token;
  const [header, payload, signature] = tokenA.split('.');
  const ownerA = ((await http('GET', `/v1/customizations/${m}`, { apikey: keyA })).body as { owner: string }).owner;
  const ownerB = ((await http('GET', `/v1/customizations/${f}`, { apikey: keyB })).body as { owner: string }).owner;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  const tamperedToken = `${header}.${Buffer.from(JSON.stringify({ ...claims, instance_id: ownerB })).toString('base64url')}.${signature}`;
  return {
    keyA, keyB, keyC, keyD, ownerA, ownerB, tokenA, tamperedToken, own: [m, n, k], foreign: f,
    foreignSnapshot: await snapshot(keyB, f), disposables: 0,
  };
}
