import { badRequest, notFound } from '../errors';
import { BASE_MODELS, type BaseModelSpec } from './baseModels';

export type { BaseModelSpec } from './baseModels';

const byName = new Map(BASE_MODELS.map((model) => [model.name, model]));

/** A base model by its exact name, listed or not (deprecated names still answer, spec 2.9). */
export const findBaseModel = (name: string): BaseModelSpec | undefined => byName.get(name);

/** The `versions` entry of a custom model created on this base model today. */
export const currentVersion = (model: BaseModelSpec): string => `${model.name}.v${model.version}`;

/** The SDK's `language` values (spec 4.2) and every language of the catalog. */
const LANGUAGES: ReadonlyMap<string, string> = new Map(
  [
    'ar-MS', 'cs-CZ', 'de-DE', 'en-AU', 'en-GB', 'en-IN', 'en-US', 'en-WW', 'es-AR', 'es-CL', 'es-CO', 'es-ES', 'es-LA',
    'es-MX', 'es-PE', 'fr-CA', 'fr-FR', 'hi-IN', 'it-IT', 'ja-JP', 'ko-KR', 'nl-BE', 'nl-NL', 'pt-BR', 'sv-SE', 'zh-CN',
    ...BASE_MODELS.map((model) => model.language),
  ].map((language) => [language.toLowerCase(), language]),
);

/** The canonical spelling of a language id (`en-us` → `en-US`), or undefined if the service has no such language. */
export const canonicalLanguage = (language: string): string | undefined => LANGUAGES.get(language.toLowerCase());

/** Spanish previous-generation models take one of three dialects (spec 5.5). */
const SPANISH_DIALECTS = ['es-ES', 'es-LA', 'es-US'];

/**
 * The dialect a new custom model gets: the base model's language when none is given; otherwise the given one if the
 * service allows it for this base model (spec 5.5), matched case-insensitively and returned in canonical case.
 */
export function resolveDialect(model: BaseModelSpec, dialect: string | undefined): string {
  if (dialect === undefined) return model.language;
  const allowed = model.generation === 'previous' && model.language.startsWith('es-')
    ? [model.language, ...SPANISH_DIALECTS]
    : [model.language];
  const match = allowed.find((candidate) => candidate.toLowerCase() === dialect.toLowerCase());
  if (!match) {
    throw badRequest(`Invalid value for 'dialect': '${dialect}' is not a supported dialect for base model '${model.name}'. `
      + `Supported: ${[...new Set(allowed)].map((value) => `'${value}'`).join(', ')}.`);
  }
  return match;
}

/** The service's JSON form of a base model (spec 2.9). */
export function speechModelJson(model: BaseModelSpec, serviceUrl: string) {
  return {
    name: model.name,
    language: model.language,
    rate: model.rate,
    url: `${serviceUrl}/v1/models/${model.name}`,
    supported_features: {
      custom_language_model: model.customLanguageModel,
      custom_acoustic_model: model.customAcousticModel,
      speaker_labels: true,
      ...(model.lowLatency === undefined ? {} : { low_latency: model.lowLatency }),
    },
    description: model.description,
  };
}

export function listSpeechModels(serviceUrl: string) {
  return { models: BASE_MODELS.filter((model) => model.listed).map((model) => speechModelJson(model, serviceUrl)) };
}

export function getSpeechModel(modelId: string, serviceUrl: string) {
  const model = findBaseModel(modelId);
  if (!model) throw notFound(`Model ${modelId} not found`);
  return speechModelJson(model, serviceUrl);
}
