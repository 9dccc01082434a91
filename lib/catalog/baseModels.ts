/**
 * Static catalog of the base models that `GET /v1/models` and `GET /v1/models/{model_id}` return.
 *
 * Where the data comes from (IBM's public docs, repo ibm-cloud-docs/speech-to-text, 2026-06 snapshot;
 * paraphrased, nothing copied beyond model names and short description strings):
 * - model names, rates and generations: models.md (previous generation), models-ng.md (next generation),
 *   models-large-speech-language.md (large speech models, LSM: the name is the bare locale);
 * - supported_features: custom-support.md (language customization / grammars), models-list.md
 *   (`custom_acoustic_model` is true only for previous-generation models; `low_latency` is returned for
 *   next-generation models, all of which support it per models-ng.md, and for LSMs as in the `en-US` example);
 * - descriptions: exact strings where the docs' examples or recorded service responses show them
 *   ("US English broadband model.", "US English telephony model for narrowband audio (8kHz)",
 *   "Large US English model", ...); the rest follow the same patterns;
 * - versions: `en-US_BroadbandModel` 2018-07-31 -> 2020-01-16 is the docs' own upgrade example; every other
 *   date is synthetic, set a few weeks before the release-notes.md entry that last changed that model
 *   (real version dates precede their release notes the same way).
 * - "improved" next-generation customization: custom-support.md (English, Japanese) plus release notes
 *   2023-05-18 (French, German) and 2023-11-30 (pt-BR, fr-CA, es-ES, es-LA).
 * Deprecated aliases (`en-UK_*`, `ar-AR_BroadbandModel`) are not listed but still answer by name
 * (release notes 2017-07-14, 2020-12-02).
 */

export type Generation = 'previous' | 'next' | 'large';

export interface BaseModelSpec {
  name: string;
  language: string;
  rate: 8000 | 16000;
  description: string;
  generation: Generation;
  customLanguageModel: boolean;
  customAcousticModel: boolean;
  lowLatency?: boolean;
  grammars: boolean;
  improved?: true;
  version: string;
  newerVersion?: string;
  listed: boolean;
}

export const BASE_MODELS: readonly BaseModelSpec[] = [
  // ---------------------------------------------------------------- previous generation
  { name: 'ar-MS_BroadbandModel', language: 'ar-MS', rate: 16000, description: 'Modern Standard Arabic broadband model.', generation: 'previous', customLanguageModel: false, customAcousticModel: true, grammars: false, version: '2020-11-16', listed: true },
  { name: 'zh-CN_NarrowbandModel', language: 'zh-CN', rate: 8000, description: 'Mandarin narrowband model.', generation: 'previous', customLanguageModel: false, customAcousticModel: true, grammars: false, version: '2016-06-20', listed: true },
  { name: 'zh-CN_BroadbandModel', language: 'zh-CN', rate: 16000, description: 'Mandarin broadband model.', generation: 'previous', customLanguageModel: false, customAcousticModel: true, grammars: false, version: '2016-06-20', listed: true },
  { name: 'nl-NL_NarrowbandModel', language: 'nl-NL', rate: 8000, description: 'Dutch narrowband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2020-01-16', listed: true },
  { name: 'nl-NL_BroadbandModel', language: 'nl-NL', rate: 16000, description: 'Dutch broadband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2020-01-16', listed: true },
  { name: 'en-AU_NarrowbandModel', language: 'en-AU', rate: 8000, description: 'Australian English narrowband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2020-09-28', listed: true },
  { name: 'en-AU_BroadbandModel', language: 'en-AU', rate: 16000, description: 'Australian English broadband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2020-09-28', listed: true },
  { name: 'en-GB_NarrowbandModel', language: 'en-GB', rate: 8000, description: 'UK English narrowband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2020-07-14', listed: true },
  { name: 'en-GB_BroadbandModel', language: 'en-GB', rate: 16000, description: 'UK English broadband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2020-07-14', listed: true },
  { name: 'en-US_NarrowbandModel', language: 'en-US', rate: 8000, description: 'US English narrowband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2018-07-31', newerVersion: '2019-05-28', listed: true },
  { name: 'en-US_BroadbandModel', language: 'en-US', rate: 16000, description: 'US English broadband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2018-07-31', newerVersion: '2020-01-16', listed: true },
  { name: 'en-US_ShortForm_NarrowbandModel', language: 'en-US', rate: 8000, description: 'US English short-form narrowband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2020-07-14', listed: true },
  { name: 'fr-CA_NarrowbandModel', language: 'fr-CA', rate: 8000, description: 'Canadian French narrowband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2020-10-12', listed: true },
  { name: 'fr-CA_BroadbandModel', language: 'fr-CA', rate: 16000, description: 'Canadian French broadband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2020-10-12', listed: true },
  { name: 'fr-FR_NarrowbandModel', language: 'fr-FR', rate: 8000, description: 'French narrowband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2019-02-12', listed: true },
  { name: 'fr-FR_BroadbandModel', language: 'fr-FR', rate: 16000, description: 'French broadband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2020-07-14', listed: true },
  { name: 'de-DE_NarrowbandModel', language: 'de-DE', rate: 8000, description: 'German narrowband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2018-11-28', newerVersion: '2020-07-14', listed: true },
  { name: 'de-DE_BroadbandModel', language: 'de-DE', rate: 16000, description: 'German broadband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2020-07-14', listed: true },
  { name: 'it-IT_NarrowbandModel', language: 'it-IT', rate: 8000, description: 'Italian narrowband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2020-04-07', listed: true },
  { name: 'it-IT_BroadbandModel', language: 'it-IT', rate: 16000, description: 'Italian broadband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2020-04-07', listed: true },
  { name: 'ja-JP_NarrowbandModel', language: 'ja-JP', rate: 8000, description: 'Japanese narrowband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2020-01-16', listed: true },
  { name: 'ja-JP_BroadbandModel', language: 'ja-JP', rate: 16000, description: 'Japanese broadband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2019-04-24', newerVersion: '2020-09-15', listed: true },
  { name: 'ko-KR_NarrowbandModel', language: 'ko-KR', rate: 8000, description: 'Korean narrowband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2018-03-05', listed: true },
  { name: 'ko-KR_BroadbandModel', language: 'ko-KR', rate: 16000, description: 'Korean broadband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2018-03-05', listed: true },
  { name: 'pt-BR_NarrowbandModel', language: 'pt-BR', rate: 8000, description: 'Brazilian Portuguese narrowband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2020-09-28', listed: true },
  { name: 'pt-BR_BroadbandModel', language: 'pt-BR', rate: 16000, description: 'Brazilian Portuguese broadband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2018-09-18', newerVersion: '2020-09-28', listed: true },
  { name: 'es-ES_NarrowbandModel', language: 'es-ES', rate: 8000, description: 'Castilian Spanish narrowband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2019-04-17', listed: true },
  { name: 'es-ES_BroadbandModel', language: 'es-ES', rate: 16000, description: 'Castilian Spanish broadband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2018-03-05', newerVersion: '2019-04-17', listed: true },
  // Spanish dialect models (beta)
  { name: 'es-AR_NarrowbandModel', language: 'es-AR', rate: 8000, description: 'Argentinian Spanish narrowband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2019-07-10', listed: true },
  { name: 'es-AR_BroadbandModel', language: 'es-AR', rate: 16000, description: 'Argentinian Spanish broadband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2019-07-10', listed: true },
  { name: 'es-CL_NarrowbandModel', language: 'es-CL', rate: 8000, description: 'Chilean Spanish narrowband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2019-07-10', listed: true },
  { name: 'es-CL_BroadbandModel', language: 'es-CL', rate: 16000, description: 'Chilean Spanish broadband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2019-07-10', listed: true },
  { name: 'es-CO_NarrowbandModel', language: 'es-CO', rate: 8000, description: 'Colombian Spanish narrowband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2019-07-10', listed: true },
  { name: 'es-CO_BroadbandModel', language: 'es-CO', rate: 16000, description: 'Colombian Spanish broadband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2019-07-10', listed: true },
  { name: 'es-MX_NarrowbandModel', language: 'es-MX', rate: 8000, description: 'Mexican Spanish narrowband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2019-07-10', listed: true },
  { name: 'es-MX_BroadbandModel', language: 'es-MX', rate: 16000, description: 'Mexican Spanish broadband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2019-07-10', listed: true },
  { name: 'es-PE_NarrowbandModel', language: 'es-PE', rate: 8000, description: 'Peruvian Spanish narrowband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2019-07-10', listed: true },
  { name: 'es-PE_BroadbandModel', language: 'es-PE', rate: 16000, description: 'Peruvian Spanish broadband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2019-07-10', listed: true },
  // deprecated aliases: answer GET /v1/models/{id}, absent from GET /v1/models; behave like their replacements
  { name: 'en-UK_NarrowbandModel', language: 'en-GB', rate: 8000, description: 'UK English narrowband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2020-07-14', listed: false },
  { name: 'en-UK_BroadbandModel', language: 'en-GB', rate: 16000, description: 'UK English broadband model.', generation: 'previous', customLanguageModel: true, customAcousticModel: true, grammars: true, version: '2020-07-14', listed: false },
  { name: 'ar-AR_BroadbandModel', language: 'ar-MS', rate: 16000, description: 'Modern Standard Arabic broadband model.', generation: 'previous', customLanguageModel: false, customAcousticModel: true, grammars: false, version: '2020-11-16', listed: false },

  // ---------------------------------------------------------------- next generation
  { name: 'ar-MS_Telephony', language: 'ar-MS', rate: 8000, description: 'Modern Standard Arabic telephony model for narrowband audio (8kHz)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, version: '2021-05-27', listed: true },
  { name: 'zh-CN_Telephony', language: 'zh-CN', rate: 8000, description: 'Mandarin Chinese telephony model for narrowband audio (8kHz)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, version: '2022-01-11', listed: true },
  { name: 'cs-CZ_Telephony', language: 'cs-CZ', rate: 8000, description: 'Czech telephony model for narrowband audio (8kHz)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, version: '2021-09-15', listed: true },
  { name: 'nl-BE_Telephony', language: 'nl-BE', rate: 8000, description: 'Belgian Dutch telephony model for narrowband audio (8kHz)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, version: '2021-09-15', listed: true },
  { name: 'nl-NL_Telephony', language: 'nl-NL', rate: 8000, description: 'Netherlands Dutch telephony model for narrowband audio (8kHz)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, version: '2026-02-10', listed: true },
  { name: 'nl-NL_Multimedia', language: 'nl-NL', rate: 16000, description: 'Netherlands Dutch multimedia model for broadband audio (16kHz or more)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, version: '2022-11-14', listed: true },
  { name: 'en-AU_Telephony', language: 'en-AU', rate: 8000, description: 'Australian English telephony model for narrowband audio (8kHz)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, improved: true, version: '2023-02-06', listed: true },
  { name: 'en-AU_Multimedia', language: 'en-AU', rate: 16000, description: 'Australian English multimedia model for broadband audio (16kHz or more)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, improved: true, version: '2023-02-06', listed: true },
  { name: 'en-IN_Telephony', language: 'en-IN', rate: 8000, description: 'Indian English telephony model for narrowband audio (8kHz)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, improved: true, version: '2023-02-06', listed: true },
  { name: 'en-GB_Telephony', language: 'en-GB', rate: 8000, description: 'UK English telephony model for narrowband audio (8kHz)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, improved: true, version: '2023-02-06', listed: true },
  { name: 'en-GB_Multimedia', language: 'en-GB', rate: 16000, description: 'UK English multimedia model for broadband audio (16kHz or more)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, improved: true, version: '2023-02-06', listed: true },
  { name: 'en-US_Telephony', language: 'en-US', rate: 8000, description: 'US English telephony model for narrowband audio (8kHz)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, improved: true, version: '2023-02-06', listed: true },
  { name: 'en-US_Multimedia', language: 'en-US', rate: 16000, description: 'US English multimedia model for broadband audio (16kHz or more)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, improved: true, version: '2023-02-06', listed: true },
  { name: 'en-WW_Medical_Telephony', language: 'en-WW', rate: 8000, description: 'English medical telephony model for narrowband audio (8kHz)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, version: '2023-04-27', listed: true },
  { name: 'fr-CA_Telephony', language: 'fr-CA', rate: 8000, description: 'Canadian French telephony model for narrowband audio (8kHz)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, improved: true, version: '2023-11-08', listed: true },
  { name: 'fr-CA_Multimedia', language: 'fr-CA', rate: 16000, description: 'Canadian French multimedia model for broadband audio (16kHz or more)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, improved: true, version: '2023-11-08', listed: true },
  { name: 'fr-FR_Telephony', language: 'fr-FR', rate: 8000, description: 'French telephony model for narrowband audio (8kHz)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, improved: true, version: '2023-04-27', listed: true },
  { name: 'fr-FR_Multimedia', language: 'fr-FR', rate: 16000, description: 'French multimedia model for broadband audio (16kHz or more)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, improved: true, version: '2023-04-27', listed: true },
  { name: 'de-DE_Telephony', language: 'de-DE', rate: 8000, description: 'German telephony model for narrowband audio (8kHz)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, improved: true, version: '2023-04-27', listed: true },
  { name: 'de-DE_Multimedia', language: 'de-DE', rate: 16000, description: 'German multimedia model for broadband audio (16kHz or more)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, improved: true, version: '2023-04-27', listed: true },
  { name: 'hi-IN_Telephony', language: 'hi-IN', rate: 8000, description: 'Hindi telephony model for narrowband audio (8kHz)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, version: '2021-07-26', listed: true },
  { name: 'it-IT_Telephony', language: 'it-IT', rate: 8000, description: 'Italian telephony model for narrowband audio (8kHz)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, version: '2021-05-24', listed: true },
  { name: 'it-IT_Multimedia', language: 'it-IT', rate: 16000, description: 'Italian multimedia model for broadband audio (16kHz or more)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, version: '2022-07-25', listed: true },
  { name: 'ja-JP_Telephony', language: 'ja-JP', rate: 8000, description: 'Japanese telephony model for narrowband audio (8kHz)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, improved: true, version: '2023-02-06', listed: true },
  { name: 'ja-JP_Multimedia', language: 'ja-JP', rate: 16000, description: 'Japanese multimedia model for broadband audio (16kHz or more)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, improved: true, version: '2023-02-06', listed: true },
  { name: 'ko-KR_Telephony', language: 'ko-KR', rate: 8000, description: 'Korean telephony model for narrowband audio (8kHz)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, version: '2022-04-28', listed: true },
  { name: 'ko-KR_Multimedia', language: 'ko-KR', rate: 16000, description: 'Korean multimedia model for broadband audio (16kHz or more)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, version: '2022-04-28', listed: true },
  { name: 'pt-BR_Telephony', language: 'pt-BR', rate: 8000, description: 'Brazilian Portuguese telephony model for narrowband audio (8kHz)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, improved: true, version: '2023-11-08', listed: true },
  { name: 'pt-BR_Multimedia', language: 'pt-BR', rate: 16000, description: 'Brazilian Portuguese multimedia model for broadband audio (16kHz or more)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, improved: true, version: '2023-11-08', listed: true },
  { name: 'es-ES_Telephony', language: 'es-ES', rate: 8000, description: 'Castilian Spanish telephony model for narrowband audio (8kHz)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, improved: true, version: '2023-11-08', listed: true },
  { name: 'es-ES_Multimedia', language: 'es-ES', rate: 16000, description: 'Castilian Spanish multimedia model for broadband audio (16kHz)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, improved: true, version: '2023-11-08', listed: true },
  { name: 'es-LA_Telephony', language: 'es-LA', rate: 8000, description: 'Latin American Spanish telephony model for narrowband audio (8kHz)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, improved: true, version: '2023-11-08', listed: true },
  { name: 'sv-SE_Telephony', language: 'sv-SE', rate: 8000, description: 'Swedish telephony model for narrowband audio (8kHz)', generation: 'next', customLanguageModel: true, customAcousticModel: false, lowLatency: true, grammars: true, version: '2022-09-15', listed: true },

  // ---------------------------------------------------------------- large speech models
  { name: 'en-AU', language: 'en-AU', rate: 8000, description: 'Large Australian English Model', generation: 'large', customLanguageModel: true, customAcousticModel: false, lowLatency: false, grammars: false, version: '2025-06-16', listed: true },
  { name: 'en-IN', language: 'en-IN', rate: 8000, description: 'Large Indian English Model', generation: 'large', customLanguageModel: true, customAcousticModel: false, lowLatency: false, grammars: false, version: '2025-06-16', listed: true },
  { name: 'en-GB', language: 'en-GB', rate: 8000, description: 'Large UK English Model', generation: 'large', customLanguageModel: true, customAcousticModel: false, lowLatency: false, grammars: false, version: '2025-06-16', listed: true },
  { name: 'en-US', language: 'en-US', rate: 8000, description: 'Large US English model', generation: 'large', customLanguageModel: true, customAcousticModel: false, lowLatency: false, grammars: false, version: '2025-06-16', listed: true },
  { name: 'fr-CA', language: 'fr-CA', rate: 8000, description: 'Large Canadian French Model', generation: 'large', customLanguageModel: true, customAcousticModel: false, lowLatency: false, grammars: false, version: '2026-02-24', listed: true },
  { name: 'fr-FR', language: 'fr-FR', rate: 8000, description: 'Large French Model', generation: 'large', customLanguageModel: true, customAcousticModel: false, lowLatency: false, grammars: false, version: '2026-02-24', listed: true },
  { name: 'de-DE', language: 'de-DE', rate: 8000, description: 'Large German Model', generation: 'large', customLanguageModel: true, customAcousticModel: false, lowLatency: false, grammars: false, version: '2026-02-10', listed: true },
  { name: 'ja-JP', language: 'ja-JP', rate: 8000, description: 'Large Japanese Model', generation: 'large', customLanguageModel: true, customAcousticModel: false, lowLatency: false, grammars: false, version: '2025-05-06', listed: true },
  { name: 'pt-BR', language: 'pt-BR', rate: 8000, description: 'Large Brazilian Portuguese Model', generation: 'large', customLanguageModel: true, customAcousticModel: false, lowLatency: false, grammars: false, version: '2024-08-01', listed: true },
  { name: 'pt-PT', language: 'pt-PT', rate: 8000, description: 'Large European Portuguese Model', generation: 'large', customLanguageModel: true, customAcousticModel: false, lowLatency: false, grammars: false, version: '2024-08-01', listed: true },
  { name: 'es-ES', language: 'es-ES', rate: 8000, description: 'Large Castilian Spanish Model', generation: 'large', customLanguageModel: true, customAcousticModel: false, lowLatency: false, grammars: false, version: '2024-08-01', listed: true },
  { name: 'es-AR', language: 'es-AR', rate: 8000, description: 'Large Argentinian Spanish Model', generation: 'large', customLanguageModel: true, customAcousticModel: false, lowLatency: false, grammars: false, version: '2024-08-01', listed: true },
  { name: 'es-CL', language: 'es-CL', rate: 8000, description: 'Large Chilean Spanish Model', generation: 'large', customLanguageModel: true, customAcousticModel: false, lowLatency: false, grammars: false, version: '2024-08-01', listed: true },
  { name: 'es-CO', language: 'es-CO', rate: 8000, description: 'Large Colombian Spanish Model', generation: 'large', customLanguageModel: true, customAcousticModel: false, lowLatency: false, grammars: false, version: '2024-08-01', listed: true },
  { name: 'es-MX', language: 'es-MX', rate: 8000, description: 'Large Mexican Spanish Model', generation: 'large', customLanguageModel: true, customAcousticModel: false, lowLatency: false, grammars: false, version: '2024-08-01', listed: true },
  { name: 'es-PE', language: 'es-PE', rate: 8000, description: 'Large Peruvian Spanish Model', generation: 'large', customLanguageModel: true, customAcousticModel: false, lowLatency: false, grammars: false, version: '2024-08-01', listed: true },
  // in the LSM model list (2026) but absent from the customization-support table
  { name: 'nl-NL', language: 'nl-NL', rate: 8000, description: 'Large Netherlands Dutch Model', generation: 'large', customLanguageModel: false, customAcousticModel: false, lowLatency: false, grammars: false, version: '2026-03-18', listed: true },
  { name: 'it-IT', language: 'it-IT', rate: 8000, description: 'Large Italian Model', generation: 'large', customLanguageModel: false, customAcousticModel: false, lowLatency: false, grammars: false, version: '2026-04-22', listed: true },
];
