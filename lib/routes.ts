/**
 * Every route the emulator serves, by function: the one declaration of them. serverless.yml's httpApi events (hence
 * API Gateway and serverless-offline) and README.md's endpoint tables name the same routes, and
 * test/unit/route-declarations.test.ts fails on any difference (a route added here must be added there too);
 * test/integration/template-*.test.ts check the packaged template against this table as well.
 * The catch-all function uses this table to tell an unknown path (404) from a wrong method (405).
 * Service routes also answer under `/instances/{instance_id}`, as real service URLs carry that segment.
 */
export interface Route {
  fn: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** False for routes that live outside the service URL (the IAM token endpoint, the control API). */
  instancePrefix: boolean;
  /** The emulator's own control API (`/_emulator/…`), not part of the service. */
  control?: boolean;
}

const service = (fn: string, method: Route['method'], path: string): Route => ({ fn, method, path, instancePrefix: true });

const control = (fn: string, method: Route['method'], path: string): Route => ({ fn, method, path, instancePrefix: false, control: true });

export const ROUTES: readonly Route[] = [
  service('listModels', 'GET', '/v1/models'),
  service('getModel', 'GET', '/v1/models/{model_id}'),
  service('createLanguageModel', 'POST', '/v1/customizations'),
  service('listLanguageModels', 'GET', '/v1/customizations'),
  service('getLanguageModel', 'GET', '/v1/customizations/{customization_id}'),
  service('deleteLanguageModel', 'DELETE', '/v1/customizations/{customization_id}'),
  service('resetLanguageModel', 'POST', '/v1/customizations/{customization_id}/reset'),
  service('trainLanguageModel', 'POST', '/v1/customizations/{customization_id}/train'),
  service('upgradeLanguageModel', 'POST', '/v1/customizations/{customization_id}/upgrade_model'),
  service('listCorpora', 'GET', '/v1/customizations/{customization_id}/corpora'),
  service('addCorpus', 'POST', '/v1/customizations/{customization_id}/corpora/{corpus_name}'),
  service('getCorpus', 'GET', '/v1/customizations/{customization_id}/corpora/{corpus_name}'),
  service('deleteCorpus', 'DELETE', '/v1/customizations/{customization_id}/corpora/{corpus_name}'),
  service('listGrammars', 'GET', '/v1/customizations/{customization_id}/grammars'),
  service('addGrammar', 'POST', '/v1/customizations/{customization_id}/grammars/{grammar_name}'),
  service('getGrammar', 'GET', '/v1/customizations/{customization_id}/grammars/{grammar_name}'),
  service('deleteGrammar', 'DELETE', '/v1/customizations/{customization_id}/grammars/{grammar_name}'),
  service('listWords', 'GET', '/v1/customizations/{customization_id}/words'),
  service('addWords', 'POST', '/v1/customizations/{customization_id}/words'),
  service('addWord', 'PUT', '/v1/customizations/{customization_id}/words/{word_name}'),
  service('getWord', 'GET', '/v1/customizations/{customization_id}/words/{word_name}'),
  service('deleteWord', 'DELETE', '/v1/customizations/{customization_id}/words/{word_name}'),
  service('createAcousticModel', 'POST', '/v1/acoustic_customizations'),
  service('listAcousticModels', 'GET', '/v1/acoustic_customizations'),
  service('getAcousticModel', 'GET', '/v1/acoustic_customizations/{customization_id}'),
  service('deleteAcousticModel', 'DELETE', '/v1/acoustic_customizations/{customization_id}'),
  service('trainAcousticModel', 'POST', '/v1/acoustic_customizations/{customization_id}/train'),
  service('resetAcousticModel', 'POST', '/v1/acoustic_customizations/{customization_id}/reset'),
  service('upgradeAcousticModel', 'POST', '/v1/acoustic_customizations/{customization_id}/upgrade_model'),
  service('listAudio', 'GET', '/v1/acoustic_customizations/{customization_id}/audio'),
  service('addAudio', 'POST', '/v1/acoustic_customizations/{customization_id}/audio/{audio_name}'),
  service('getAudio', 'GET', '/v1/acoustic_customizations/{customization_id}/audio/{audio_name}'),
  service('deleteAudio', 'DELETE', '/v1/acoustic_customizations/{customization_id}/audio/{audio_name}'),
  service('recognize', 'POST', '/v1/recognize'),
  service('deleteUserData', 'DELETE', '/v1/user_data'),
  service('registerCallback', 'POST', '/v1/register_callback'),
  service('unregisterCallback', 'POST', '/v1/unregister_callback'),
  service('createJob', 'POST', '/v1/recognitions'),
  service('checkJobs', 'GET', '/v1/recognitions'),
  service('checkJob', 'GET', '/v1/recognitions/{id}'),
  service('deleteJob', 'DELETE', '/v1/recognitions/{id}'),
  { fn: 'issueToken', method: 'POST', path: '/identity/token', instancePrefix: false },
  control('getEmulatorHealth', 'GET', '/_emulator/health'),
  control('resetEmulator', 'POST', '/_emulator/reset'),
  control('getEmulatorTiming', 'GET', '/_emulator/timing'),
  control('setEmulatorTiming', 'PUT', '/_emulator/timing'),
  control('advanceEmulatorJobs', 'POST', '/_emulator/advance'),
  control('listEmulatorFaults', 'GET', '/_emulator/faults'),
  control('addEmulatorFault', 'POST', '/_emulator/faults'),
  control('deleteEmulatorFaults', 'DELETE', '/_emulator/faults'),
  control('deleteEmulatorFault', 'DELETE', '/_emulator/faults/{fault_id}'),
  control('listEmulatorTranscripts', 'GET', '/_emulator/transcripts'),
  control('deleteEmulatorTranscripts', 'DELETE', '/_emulator/transcripts'),
  control('putEmulatorTranscript', 'PUT', '/_emulator/transcripts/{transcript_key}'),
  control('deleteEmulatorTranscript', 'DELETE', '/_emulator/transcripts/{transcript_key}'),
  control('listEmulatorRequests', 'GET', '/_emulator/requests'),
  control('deleteEmulatorRequests', 'DELETE', '/_emulator/requests'),
  control('getEmulatorConsole', 'GET', '/_emulator/console'),
];

export const INSTANCE_PREFIX = '/instances/{instance_id}';

/** Every (method, path) pair a route answers on. */
export function routePaths(route: Route): string[] {
  return route.instancePrefix ? [route.path, INSTANCE_PREFIX + route.path] : [route.path];
}

function matches(template: string, path: string): boolean {
  const want = template.split('/');
  const got = path.split('/');
  return want.length === got.length && want.every((part, i) => (part.startsWith('{') ? got[i] !== '' : part === got[i]));
}

/** The methods that some route allows on this path (empty: no route has this path). */
export function allowedMethods(path: string): string[] {
  return ROUTES.filter((route) => routePaths(route).some((template) => matches(template, path))).map((route) => route.method);
}
