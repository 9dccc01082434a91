// What a correct answer to a hostile request is: a 4xx in the Watson (or IAM) envelope, or the route's 2xx with its documented body.
import { decode, reachedRoute, type Answer, type FuzzRequest } from './http';
import type { World } from './world';

/** Routes that answer without credentials. */
export const NO_AUTH = new Set(['issueToken', 'getEmulatorHealth', 'getEmulatorConsole']);
/** Routes whose success answer is 201. */
export const CREATED = new Set([
  'createLanguageModel', 'addCorpus', 'addGrammar', 'addWords', 'addWord', 'addEmulatorFault', 'createAcousticModel', 'addAudio', 'createJob',
  'registerCallback',
]);
/** Routes whose success answer is 204, without a body. */
export const NO_CONTENT = new Set(['deleteJob']);
export const GATEWAY_401 = { code: 401, error: 'Unauthorized' };
export const MALFORMED_REQUEST = 'The request is malformed: its path, query or headers could not be parsed.';
export const STATUSES = ['pending', 'ready', 'training', 'available', 'upgrading', 'failed'];
export const MODEL_KEYS = ['customization_id', 'created', 'updated', 'language', 'dialect', 'versions', 'owner', 'name', 'description',
  'base_model_name', 'status', 'progress', 'error', 'warnings'];
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function modelJsonProblem(body: unknown): string | undefined {
  if (!isObject(body)) return 'not a model object';
  const unknown = Object.keys(body).filter((key) => !MODEL_KEYS.includes(key));
  if (unknown.length > 0) return `unknown model fields ${unknown.join(', ')}`;
  if (typeof body.customization_id !== 'string' || !GUID.test(body.customization_id)) return 'bad customization_id';
  if (typeof body.owner !== 'string' || !GUID.test(body.owner)) return 'bad owner';
  if (!STATUSES.includes(String(body.status))) return `bad status ${String(body.status)}`;
  if (body.progress !== (body.status === 'available' ? 100 : 0)) return `progress ${String(body.progress)} with status ${String(body.status)}`;
  if (!Array.isArray(body.versions) || body.versions.length === 0) return 'no versions';
  for (const key of ['created', 'updated', 'language', 'dialect', 'name', 'description', 'base_model_name']) {
    if (typeof body[key] !== 'string') return `${key} is not a string`;
  }
  return undefined;
}

export const listOf = (key: string, each: (item: unknown) => string | undefined = () => undefined) => (body: unknown) => {
  if (!isObject(body) || !Array.isArray(body[key])) return `no '${key}' list`;
  for (const item of body[key] as unknown[]) {
    const problem = each(item);
    if (problem) return problem;
  }
  return undefined;
};
export const empty = (body: unknown) => (isObject(body) && Object.keys(body).length === 0 ? undefined : 'body is not {}');
export const resourceProblem = (item: unknown) => (isObject(item) && typeof item.name === 'string'
  && ['analyzed', 'being_processed', 'undetermined'].includes(String(item.status)) && typeof item.out_of_vocabulary_words === 'number'
  ? undefined : `bad corpus or grammar ${JSON.stringify(item)?.slice(0, 200)}`);
export const wordProblem = (item: unknown) => (isObject(item) && typeof item.word === 'string' && Array.isArray(item.sounds_like)
  && typeof item.display_as === 'string' && typeof item.count === 'number' && Array.isArray(item.source)
  ? undefined : `bad word ${JSON.stringify(item)?.slice(0, 200)}`);

/** The 2xx body of each route, by function; routes added later need only answer a JSON object. */
export const SUCCESS_BODIES: Record<string, (body: unknown) => string | undefined> = {
  listModels: listOf('models'),
  getModel: (body) => (isObject(body) && typeof body.name === 'string' && typeof body.url === 'string' ? undefined : 'not a base model'),
  createLanguageModel: (body) => (isObject(body) && typeof body.customization_id === 'string' && GUID.test(body.customization_id)
    && Object.keys(body).length === 1 ? undefined : 'not {customization_id}'),
  listLanguageModels: listOf('customizations', modelJsonProblem),
  getLanguageModel: modelJsonProblem,
  deleteLanguageModel: empty,
  resetLanguageModel: empty,
  trainLanguageModel: (body) => (empty(body) === undefined || (isObject(body) && Array.isArray(body.warnings)) ? undefined : 'not {} or {warnings}'),
  upgradeLanguageModel: empty,
  listCorpora: listOf('corpora', resourceProblem),
  addCorpus: empty,
  getCorpus: (body) => resourceProblem(body) ?? (isObject(body) && typeof body.total_words === 'number' ? undefined : 'no total_words'),
  deleteCorpus: empty,
  listGrammars: listOf('grammars', resourceProblem),
  addGrammar: empty,
  getGrammar: resourceProblem,
  deleteGrammar: empty,
  listWords: listOf('words', wordProblem),
  addWords: empty,
  addWord: empty,
  getWord: wordProblem,
  deleteWord: empty,
  issueToken: (body) => (isObject(body) && typeof body.access_token === 'string' && body.token_type === 'Bearer'
    && typeof body.expiration === 'number' ? undefined : 'not a token'),
};

export function envelopeProblem(answer: Answer, iam: boolean): string | undefined {
  if (!String(answer.headers['content-type']).startsWith('application/json')) return `content-type ${answer.headers['content-type']}`;
  const body = answer.body;
  if (!isObject(body)) return 'error body is not a JSON object';
  if (iam && 'errorCode' in body) {
    return typeof body.errorCode === 'string' && typeof body.errorMessage === 'string' && isObject(body.context) ? undefined : 'bad IAM error';
  }
  const extra = Object.keys(body).filter((key) => !['code', 'code_description', 'error'].includes(key));
  if (extra.length > 0) return `envelope has ${extra.join(', ')}`;
  if (body.code !== answer.status) return `envelope code ${String(body.code)} for status ${answer.status}`;
  if (typeof body.error !== 'string' || body.error === '') return 'envelope without error text';
  if (body.code_description !== undefined && typeof body.code_description !== 'string') return 'code_description is not a string';
  return undefined;
}

/** What is wrong with an answer, or undefined when it is one the service may give. */
export function problemWith(world: World, request: FuzzRequest, tenant: string, answer: Answer): string | undefined {
  if (answer.status >= 500 || answer.status < 200 || (answer.status >= 300 && answer.status < 400)) return `status ${answer.status}`;
  const reached = reachedRoute(request.method, request.target);
  const fn = reached?.route.fn;
  const referenced = Object.entries(reached?.params ?? {})
    .filter(([name]) => name === 'customization_id')
    .map(([, raw]) => decode(raw)?.toLowerCase());
  // A model of another tenant, for a credential the service accepts (without one, the gateway's 401 comes first).
  const accepted = ['A', 'C', 'D', 'other'].includes(tenant);
  const foreignModel = accepted && referenced.some((id) => id === world.foreign || (tenant !== 'A' && id !== undefined && world.own.includes(id)));
  if (answer.status >= 400) {
    const problem = envelopeProblem(answer, fn === 'issueToken');
    if (problem) return problem;
    if (tenant === 'none' && !NO_AUTH.has(fn ?? '')) {
      const malformed = answer.status === 400 && (answer.body as { error?: string }).error === MALFORMED_REQUEST;
      if (!malformed && JSON.stringify(answer.body) !== JSON.stringify(GATEWAY_401)) return 'bad credentials not answered with the gateway 401';
    }
    // Another tenant's model must look exactly like a model that does not exist: never 404 or 409.
    if (foreignModel && (answer.status === 404 || answer.status === 409)) return `another tenant's model answered ${answer.status}`;
    if (foreignModel && answer.status === 401 && !/^Invalid customization_id \(.*\) for user$/s.test(String((answer.body as { error?: string }).error))) {
      return 'another tenant\'s model answered a 401 that differs from an unknown model\'s';
    }
    return undefined;
  }
  if (!reached) return `${answer.status} for a target that reaches no route`;
  if (tenant === 'none' && !NO_AUTH.has(fn!)) return `${answer.status} without valid credentials`;
  if (foreignModel) return `${answer.status} on another tenant's model`;
  if (answer.text.includes(world.foreign) || answer.text.includes(world.ownerB)) return 'the answer shows another tenant\'s model';
  if (fn === 'getEmulatorConsole') {
    // The web console's page, whatever the request carries (it reads no body and no credential).
    return answer.status === 200 && String(answer.headers['content-type']).startsWith('text/html') && answer.text.startsWith('<!doctype html>')
      ? undefined : `getEmulatorConsole answered ${answer.status} ${String(answer.headers['content-type'])}, not its page`;
  }
  const expected = CREATED.has(fn!) ? 201 : NO_CONTENT.has(fn!) ? 204 : 200;
  if (answer.status !== expected) return `${fn} answered ${answer.status}, not ${expected}`;
  if (expected === 204) return answer.text === '' ? undefined : `${fn} answered 204 with a body`;
  const check = SUCCESS_BODIES[fn!] ?? ((body: unknown) => (isObject(body) ? undefined : 'not a JSON object'));
  const problem = check(answer.body);
  if (problem) return `${fn}: ${problem}`;
  if (fn === 'getLanguageModel' && tenant === 'A') {
    const model = answer.body as { customization_id: string; owner: string };
    if (!referenced.includes(model.customization_id)) return `asked for ${referenced.join()}, got ${model.customization_id}`;
    if (model.owner !== world.ownerA) return 'a model of another owner';
  }
  if (fn === 'listLanguageModels' && tenant === 'A'
    && (answer.body as { customizations: { owner: string }[] }).customizations.some((model) => model.owner !== world.ownerA)) {
    return 'lists a model of another owner';
  }
  return undefined;
}

/** A short, printable account of a request and its answer for failure messages. */
export function describeExchange(request: FuzzRequest, tenant: string, answer: Answer): string {
  const body = request.body ? `${request.body.length} bytes: ${JSON.stringify(request.body.subarray(0, 160).toString('utf8'))}` : 'no body';
  return `${request.method} ${request.target.slice(0, 300)} [tenant ${tenant}; content-type ${request.headers['content-type'] ?? '-'}; ${body}]`
    + ` → ${answer.status} ${answer.text.slice(0, 300)}`;
}
