import { checkAudioForModel, readAudio } from '../audio';
import { audioSha256 } from '../audio/hash';
import type { Caller } from '../auth/identity';
import { findBaseModel, type BaseModelSpec } from '../catalog';
import { clock } from '../clock';
import { config } from '../config';
import { scriptsFor } from '../controls/transcripts';
import { badRequest, payloadTooLarge } from '../errors';
import { formParts } from '../multipart';
import { mediaType } from '../mediaType';
import { ownedModel } from '../customization/access';
import { loadSnapshot } from '../language-models/snapshot';
import { modelState } from '../customization/state';
import { requireGuid } from '../ids';
import { readTogether } from '../store/reads';
import { customization } from './customization';
import { familyRules, parseRecognitionParams, unknownArgumentsWarning } from './params';
import { transcribe } from './transcribe';
import type { LanguageCustomization, RecognitionOptions, RecognitionRequest, SpeechRecognitionResults, SpokenPart } from './types';

/**
 * `POST /v1/recognize` (recognition spec §6): the request checked in the order of spec §5.1, the audio read, and
 * the results made from the instance's transcripts (control API) as the custom model's last training shapes them.
 * Nothing is stored. The texts the sources do not give are the emulator's own, all in this table (spec §14.5).
 */
export const RECOGNITION_ERRORS = {
  unknownModel: (model: string) => `Model ${model} not found`,
  modelMismatch: (id: string, base: string, model: string) =>
    `The custom model '${id}' is based on '${base}' and cannot be used with model '${model}'. Name its base model with the 'model' parameter.`,
  notTrained: 'Requested custom language model is not available. Please make sure the custom model is trained.',
  weightWithoutModel: 'Cannot specify customization weight when not using customization.',
  grammarWithoutModel: "The 'grammar_name' parameter requires a custom language model: name it with 'language_customization_id'.",
  grammarNotSupported: (model: string) => `Grammars are not supported with model '${model}'.`,
  grammarNotTrained: (name: string, id: string) =>
    `Grammar '${name}' is not part of the trained custom model '${id}': add it, wait until it is analyzed and train the model.`,
  acousticNotSupported: (model: string) => `Custom acoustic models are not supported with model '${model}'.`,
  acousticNotTrained: 'Requested custom acoustic model is not available. Please make sure the custom model is trained.',
  unknownVersion: (version: string, valid: readonly string[]) =>
    `Invalid value for 'base_model_version': '${version}'. Valid values: ${valid.map((value) => `'${value}'`).join(', ')}.`,
  noAudio: 'The multipart request has no audio part: send the audio in one or more parts after the \'metadata\' part.',
  metadataFirst: "The first part of a multipart request must be the JSON 'metadata' part.",
  metadataJson: "The 'metadata' part is not a JSON object.",
  tooManyParts: (declared: number, sent: number) => `The 'data_parts_count' is ${declared}, but the request has ${sent} audio parts.`,
};

/** Spec §5.5: the warnings of a request served by an older base model version. */
const PREVIOUS_VERSION_WARNING = 'Using previous version of base model, because your custom model has been built with it. Please note '
  + 'that this version will be supported only for a limited time. Consider updating your custom model to the new base model. If you '
  + 'do not do that you will be automatically switched to base model when you used the non-updated custom model.';

/** The audio of a request: the body, or the parts of a multipart form after its metadata. */
export interface AudioInput {
  metadata?: Record<string, unknown>;
  parts: { data: Buffer; contentType?: string }[];
}

export async function recognize(caller: Caller, req: RecognitionRequest): Promise<SpeechRecognitionResults> {
  return transcribeRequest(await prepareRecognition(caller, req));
}

/** A recognition request checked up to its audio (spec §5.1 rules 1–11): what transcribing it needs. */
export interface PreparedRecognition {
  options: RecognitionOptions;
  baseModel: BaseModelSpec;
  input: AudioInput;
  /** What the instance's transcripts say each audio part holds (control API), read with the custom models. */
  scripts: Promise<(string | undefined)[]>;
  customization?: LanguageCustomization;
  /** The request's warnings so far: unknown arguments, then the version warning. */
  warnings: string[];
}

/** Spec §5.1 rules 1–11, in order: the body's size, the parameters, the base model, the custom models, the versions. */
export async function prepareRecognition(caller: Caller, req: RecognitionRequest): Promise<PreparedRecognition> {
  const limit = config.maxBodyBytes();
  if (req.body.length > limit) {
    throw payloadTooLarge(`The request body is ${req.body.length} bytes; the emulator accepts at most ${limit} bytes in one request.`);
  }
  const input = mediaType(req) === 'multipart/form-data' ? await multipartInput(req) : bodyInput(req);
  const parsed = parseRecognitionParams(req.query, input.metadata);
  // 2. the base model
  const baseModel = findBaseModel(parsed.options.model);
  if (!baseModel) throw badRequest(RECOGNITION_ERRORS.unknownModel(parsed.options.model));
  const { options, unknown } = familyRules(parsed.options, parsed.given, baseModel);
  // 3.–10. the custom language model as its last training left it, and the acoustic model, trained. The transcripts
  // the instance has for the audio (rule 12 uses them) are asked for with them, in one store request; the answers
  // are taken in the rules' order, and a refusal leaves the later ones unread.
  const hashes = input.parts.map((part) => audioSha256(part.data));
  const [languageRead, acousticRead, scripts] = readTogether(() => [
    languageModel(caller, options, baseModel),
    acousticModel(caller, options, baseModel),
    scriptsFor(caller, hashes),
  ] as const);
  acousticRead.catch(ignore);
  scripts.catch(ignore);
  const language = await languageRead;
  const acoustic = await acousticRead;
  // 11. versions. With both models, the versions both can use (only one upgraded: the older, common one; spec §5.5).
  const customVersions = language && acoustic
    ? language.versions.filter((version) => acoustic.versions.includes(version))
    : language?.versions ?? acoustic?.versions;
  const versionWarnings = versionWarningsFor(baseModel, customVersions, options.baseModelVersion);
  const warnings = [unknownArgumentsWarning([...parsed.unknown, ...unknown]), ...versionWarnings]
    .filter((warning): warning is string => warning !== undefined);
  return { options, baseModel, input, scripts, warnings, ...(language ? { customization: language.customization } : {}) };
}

const ignore = () => undefined;

/** Spec §5.1 rule 12 and the transcript: the audio read and checked, then what the instance's scripts say it holds. */
export async function transcribeRequest(prepared: PreparedRecognition): Promise<SpeechRecognitionResults> {
  const { options, baseModel, input } = prepared;
  if (options.dataPartsCount !== undefined && options.dataPartsCount !== input.parts.length) {
    throw badRequest(RECOGNITION_ERRORS.tooManyParts(options.dataPartsCount, input.parts.length));
  }
  const audio = await Promise.all(input.parts.map(async (part) => {
    const info = await readAudio(part.data, options.partContentType ?? part.contentType);
    checkAudioForModel(info, baseModel);
    return info;
  }));
  const scripts = await prepared.scripts;
  const spoken: SpokenPart[] = audio.map((info, index) => ({ audio: info, ...(scripts[index] === undefined ? {} : { script: scripts[index] }) }));
  const results = transcribe(spoken, options, {
    language: baseModel.language,
    generation: baseModel.generation,
    ...(prepared.customization ? { customization: prepared.customization } : {}),
  });
  return prepared.warnings.length > 0 ? { ...results, warnings: prepared.warnings } : results;
}

function bodyInput(req: RecognitionRequest): AudioInput {
  return { parts: [{ data: req.body, contentType: req.headers['content-type'] }] };
}

/** Spec §6.3: a `metadata` part (JSON) first, then the audio parts. */
async function multipartInput(req: RecognitionRequest): Promise<AudioInput> {
  const [first, ...rest] = await formParts(req);
  if (!first || first.name !== 'metadata') throw badRequest(RECOGNITION_ERRORS.metadataFirst);
  let metadata: unknown;
  try {
    metadata = JSON.parse(first.data.toString('utf8'));
  } catch {
    throw badRequest(RECOGNITION_ERRORS.metadataJson);
  }
  if (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata)) throw badRequest(RECOGNITION_ERRORS.metadataJson);
  if (rest.length === 0) throw badRequest(RECOGNITION_ERRORS.noAudio);
  // A part without a Content-Type of its own (or a plain-text one, as form fields have) asks for detection.
  return {
    metadata: metadata as Record<string, unknown>,
    parts: rest.map((part) => ({ data: part.data, contentType: part.contentType?.startsWith('text/plain') ? undefined : part.contentType })),
  };
}

/** Spec §5.1 rules 3–9: the language model named by the request, with what its last training left; undefined without one. */
async function languageModel(caller: Caller, options: RecognitionOptions, baseModel: BaseModelSpec) {
  const rawId = options.languageCustomizationId;
  if (rawId === undefined) {
    if (options.customizationWeight !== undefined) throw badRequest(RECOGNITION_ERRORS.weightWithoutModel);
    if (options.grammarName !== undefined) throw badRequest(RECOGNITION_ERRORS.grammarWithoutModel);
    return undefined;
  }
  const record = await ownedModel(caller, rawId);
  if (record.baseModelName !== baseModel.name) {
    throw badRequest(RECOGNITION_ERRORS.modelMismatch(record.customizationId, record.baseModelName, baseModel.name));
  }
  const state = modelState(record, clock.now());
  const content = state.snapshot ? await loadSnapshot(record, state.snapshot) : undefined;
  if (!state.snapshot || !content) throw badRequest(RECOGNITION_ERRORS.notTrained);
  if (options.grammarName !== undefined) {
    if (!baseModel.grammars) throw badRequest(RECOGNITION_ERRORS.grammarNotSupported(baseModel.name));
    if (!content.grammars.some((grammar) => grammar.name === options.grammarName)) {
      throw badRequest(RECOGNITION_ERRORS.grammarNotTrained(options.grammarName, record.customizationId));
    }
  }
  return {
    versions: state.versions,
    customization: customization(content, options, state.snapshot.weight, baseModel),
  };
}

/** Spec §5.1 rule 10: the acoustic model named by the request (the caller's, on the same base model, trained). */
async function acousticModel(caller: Caller, options: RecognitionOptions, baseModel: BaseModelSpec): Promise<{ versions: string[] } | undefined> {
  const rawId = options.acousticCustomizationId;
  if (rawId === undefined) return undefined;
  requireGuid(rawId);
  if (baseModel.generation !== 'previous') throw badRequest(RECOGNITION_ERRORS.acousticNotSupported(baseModel.name));
  const record = await ownedModel(caller, rawId, 'acoustic');
  if (record.baseModelName !== baseModel.name) {
    throw badRequest(RECOGNITION_ERRORS.modelMismatch(record.customizationId, record.baseModelName, baseModel.name));
  }
  const state = modelState(record, clock.now());
  if (!state.trained) throw badRequest(RECOGNITION_ERRORS.acousticNotTrained);
  return { versions: state.versions };
}

/** The base model's versions, oldest first: the one custom models are created on, then the one they upgrade to. */
const baseVersions = (model: BaseModelSpec) =>
  [model.version, ...(model.newerVersion ? [model.newerVersion] : [])].map((version) => `${model.name}.v${version}`);

/** Spec §5.5: the version a request is served by, checked, and the warning when it is not the newest. */
function versionWarningsFor(model: BaseModelSpec, customVersions: readonly string[] | undefined, requested: string | undefined): string[] {
  const valid = customVersions ?? baseVersions(model);
  if (requested !== undefined && !valid.includes(requested)) throw badRequest(RECOGNITION_ERRORS.unknownVersion(requested, valid));
  if (!customVersions) return [];
  const newest = baseVersions(model).at(-1);
  const used = requested ?? customVersions.at(-1);
  return used === newest ? [] : [PREVIOUS_VERSION_WARNING];
}
