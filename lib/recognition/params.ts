/**
 * The parameters of `POST /v1/recognize` (recognition spec §1.2, §3, §5.1, §5.3, §6.1, §6.3, §14 item 7): read, typed,
 * range-checked, defaulted and forced into `RecognitionOptions`; then narrowed to what the base model's family takes.
 *
 * ## Where parameters are read
 * - Sync request (no `metadata`): every parameter from the query string.
 * - Multipart request (`metadata` = the JSON object of the first form part): `model`, `language_customization_id`,
 *   `customization_id`, `acoustic_customization_id`, `base_model_version` from the query; every other recognition
 *   option from `metadata`, plus the metadata-only `part_content_type` and `data_parts_count`.
 * - A recognition option in the **query** of a multipart request is not read: it is reported as an unknown argument
 *   (the service reads options from the metadata part only, the way its WebSocket reports `start`-message parameters
 *   found in the URL). Likewise a query-only name (`model`, the ids, `base_model_version`) inside `metadata` is unknown.
 * - Names are case-sensitive. A repeated query parameter: the first value counts (`keywords`: all values, joined).
 * - `given` holds the names that were read (sent in their proper place and not treated as absent, see below);
 *   `unknown` holds every other name, in the order sent (query first, then metadata), each once.
 *
 * ## Unknown arguments (warning, the request goes on)
 * Anything that `POST /v1/recognize` does not take: other names, the async-only `callback_url`, `events`,
 * `user_token`, `results_ttl`, `processing_metrics`, `processing_metrics_interval`, the WebSocket-only
 * `interim_results`, the LSM WebSocket field `parameter_set`. `unknownArgumentsWarning(names)` renders them as
 * `Unknown arguments: a, b.` (each name once; undefined when there are none).
 *
 * ## Types and ranges (400 `Invalid value for '{name}': {value}. {rule}`)
 * `{value}` is the raw query text in single quotes (`'abc'`), or the JSON of a metadata value (`"abc"`, `[1]`).
 * | parameter | type | range | rule text |
 * |---|---|---|---|
 * | booleans¹ | boolean | query: `true`/`false` any case, `1`/`0`; metadata: JSON `true`/`false` | `Use 'true' or 'false'.` (metadata: `It must be true or false.`) |
 * | `customization_weight`, `keywords_threshold`, `word_alternatives_threshold`, `speech_detector_sensitivity`, `background_audio_suppression` | number | 0.0–1.0 | `It must be a number between 0.0 and 1.0.` |
 * | `end_of_phrase_silence_time` | number | 0.0–120.0 | `It must be a number between 0.0 and 120.0.` |
 * | `character_insertion_bias` | number | −1.0–1.0 | `It must be a number between -1.0 and 1.0.` |
 * | `inactivity_timeout` | integer | ≥ -1 | `It must be an integer of at least -1.` |
 * | `max_alternatives`, `smart_formatting_version` | integer | ≥ 0 (no upper bound is documented) | `It must be an integer of at least 0.` |
 * | `data_parts_count` (metadata) | integer | ≥ 1 | `It must be an integer of at least 1.` |
 * | `sad_module` | integer | 1 or 2 | `It must be 1 or 2.` |
 * | `enrichments` | string | `punctuation` | `Allowed values: punctuation.` |
 * | strings² in metadata | string | | `It must be a string.` |
 * | `keywords` in metadata | string[] | | `It must be an array of strings.` |
 * ¹ `word_confidence`, `timestamps`, `profanity_filter`, `smart_formatting`, `speaker_labels`, `redaction`, `audio_metrics`,
 *   `split_transcript_at_phrase_end`, `low_latency`, `speech_begin_event`.
 * ² `grammar_name`, `enrichments`, `part_content_type`.
 * - Query numbers are decimal literals (`0.5`, `.5`, `1e-1`, surrounding blanks ignored); an empty value is invalid.
 *   An integer may be written with a zero fraction (`2.0`, as the docs write `smart_formatting_version=2.0`).
 * - `keywords`: query value split on `,`; each keyword trimmed, empty ones dropped. At most 1000 keywords
 *   (`Invalid value for 'keywords': {n} keywords were given. The maximum is 1000.`), each at most 1024 characters
 *   (`Invalid value for 'keywords': the keyword '{first 32 characters}...' has {n} characters. The maximum is 1024.`).
 * - String parameters (`model`, the ids, `base_model_version`, `grammar_name`, `part_content_type`): an empty value
 *   counts as absent. A metadata value of `null` counts as absent for every parameter.
 * - The first invalid parameter (in the order sent) answers the request.
 *
 * ## Defaults (spec §3.2)
 * `model` `en-US_BroadbandModel`; `inactivity_timeout` 30; `max_alternatives` 1 (`0` means 1); `profanity_filter` **true**;
 * `end_of_phrase_silence_time` 0.8, or 0.6 when the model name starts with `zh-CN` (`0` means the default);
 * `speech_detector_sensitivity` 0.5; `sad_module` 1; `background_audio_suppression` 0.0; `character_insertion_bias` 0.0;
 * `smart_formatting_version` 0; `keywords` []; every other boolean false; `customization_weight`, `keywords_threshold`,
 * `word_alternatives_threshold`, `grammar_name`, the ids, `base_model_version`, `enrichments` absent.
 *
 * ## Forcing and precedence
 * - `speaker_labels=true` forces `timestamps=true`.
 * - `redaction=true` forces `smart_formatting=true`, `max_alternatives=1`, and drops `keywords` and `keywords_threshold`.
 * - `language_customization_id` wins over the deprecated `customization_id` when both are given.
 * - `keywords` without `keywords_threshold` (or the reverse) is accepted as given; no spotting happens (the spotter
 *   needs both). Nothing is reported.
 *
 * ## Model families (`familyRules`, spec §3.2 last paragraph, §5.1 rule 9, §14 item 7)
 * Applies to parameters the client sent (`given`). An ignored option is reset to its default and its name reported
 * as unknown, in the order sent.
 * - `low_latency`: previous-generation → unknown `low_latency`; next-generation without low-latency support and
 *   `low_latency=true` → 400 `low_latency is not a supported feature for model {model}`; large speech model without
 *   low-latency support (they are natively low latency) → unknown `low_latency`.
 * - `character_insertion_bias`: previous-generation → unknown, reported as `lambdaBias`; large speech model → unknown
 *   `character_insertion_bias`.
 * - `keywords`, `keywords_threshold`, `word_alternatives_threshold`: next-generation and large speech models → unknown.
 * - `processing_metrics`, `processing_metrics_interval` (only reach `given` on interfaces that take them):
 *   next-generation → unknown.
 * - `grammar_name` and `acoustic_customization_id` pass unchanged: a grammar on a model without grammars (large speech
 *   models) and an acoustic model on a model without acoustic customization (next-generation, large speech models)
 *   are refused with 400 by the custom-model checks of spec §5.1 (rules 9 and 10), in that order, after the language
 *   model checks — not here, so that `Malformed GUID` and the language-model errors keep their precedence.
 * The `low_latency` 400 text is the service's documented one (`[D:interim]`); the same `{param} is not a supported feature for model
 * {model}` form appears for `speaker_labels` in IBM's speech-to-text demo application.
 */
import type { BaseModelSpec } from '../catalog/baseModels';
import { badRequest } from '../errors';
import type { RecognitionOptions } from './types';

export const DEFAULT_MODEL = 'en-US_BroadbandModel';
export const MAX_KEYWORDS = 1000;
export const MAX_KEYWORD_LENGTH = 1024;
const DEFAULT_SILENCE_TIME = 0.8;
const CHINESE_SILENCE_TIME = 0.6;

type Kind =
  | { type: 'string' }
  | { type: 'boolean' }
  | { type: 'number'; min: number; max: number }
  | { type: 'integer'; min: number }
  | { type: 'sad' }
  | { type: 'enrichments' }
  | { type: 'keywords' };

/** `url`: always from the query; `option`: query (sync) or metadata (multipart); `metadata`: multipart metadata only. */
type Place = 'url' | 'option' | 'metadata';

const STRING: Kind = { type: 'string' };
const BOOLEAN: Kind = { type: 'boolean' };
const UNIT: Kind = { type: 'number', min: 0, max: 1 };

const PARAMETERS: ReadonlyMap<string, { kind: Kind; place: Place }> = new Map<string, { kind: Kind; place: Place }>([
  ['model', { kind: STRING, place: 'url' }],
  ['language_customization_id', { kind: STRING, place: 'url' }],
  ['customization_id', { kind: STRING, place: 'url' }],
  ['acoustic_customization_id', { kind: STRING, place: 'url' }],
  ['base_model_version', { kind: STRING, place: 'url' }],
  ['customization_weight', { kind: UNIT, place: 'option' }],
  ['grammar_name', { kind: STRING, place: 'option' }],
  ['inactivity_timeout', { kind: { type: 'integer', min: -1 }, place: 'option' }],
  ['keywords', { kind: { type: 'keywords' }, place: 'option' }],
  ['keywords_threshold', { kind: UNIT, place: 'option' }],
  ['max_alternatives', { kind: { type: 'integer', min: 0 }, place: 'option' }],
  ['word_alternatives_threshold', { kind: UNIT, place: 'option' }],
  ['word_confidence', { kind: BOOLEAN, place: 'option' }],
  ['timestamps', { kind: BOOLEAN, place: 'option' }],
  ['profanity_filter', { kind: BOOLEAN, place: 'option' }],
  ['smart_formatting', { kind: BOOLEAN, place: 'option' }],
  ['smart_formatting_version', { kind: { type: 'integer', min: 0 }, place: 'option' }],
  ['speaker_labels', { kind: BOOLEAN, place: 'option' }],
  ['redaction', { kind: BOOLEAN, place: 'option' }],
  ['audio_metrics', { kind: BOOLEAN, place: 'option' }],
  ['end_of_phrase_silence_time', { kind: { type: 'number', min: 0, max: 120 }, place: 'option' }],
  ['split_transcript_at_phrase_end', { kind: BOOLEAN, place: 'option' }],
  ['speech_detector_sensitivity', { kind: UNIT, place: 'option' }],
  ['sad_module', { kind: { type: 'sad' }, place: 'option' }],
  ['background_audio_suppression', { kind: UNIT, place: 'option' }],
  ['low_latency', { kind: BOOLEAN, place: 'option' }],
  ['character_insertion_bias', { kind: { type: 'number', min: -1, max: 1 }, place: 'option' }],
  ['speech_begin_event', { kind: BOOLEAN, place: 'option' }],
  ['enrichments', { kind: { type: 'enrichments' }, place: 'option' }],
  ['part_content_type', { kind: STRING, place: 'metadata' }],
  ['data_parts_count', { kind: { type: 'integer', min: 1 }, place: 'metadata' }],
]);

const ENRICHMENTS = ['punctuation'];

type Value = string | number | boolean | string[];

/** A decimal literal as clients write numbers in a query (no hex, no `Infinity`, no empty string). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

const range = (value: number) => value.toFixed(1);

function rule(kind: Kind, fromJson: boolean): string {
  switch (kind.type) {
    case 'boolean': return fromJson ? 'It must be true or false.' : "Use 'true' or 'false'.";
    case 'number': return `It must be a number between ${range(kind.min)} and ${range(kind.max)}.`;
    case 'integer': return `It must be an integer of at least ${kind.min}.`;
    case 'sad': return 'It must be 1 or 2.';
    case 'enrichments': return `Allowed values: ${ENRICHMENTS.join(', ')}.`;
    case 'keywords': return 'It must be an array of strings.';
    case 'string': return 'It must be a string.';
  }
}

function invalid(name: string, kind: Kind, raw: unknown, fromJson: boolean) {
  const shown = fromJson ? JSON.stringify(raw) : `'${String(raw)}'`;
  return badRequest(`Invalid value for '${name}': ${shown}. ${rule(kind, fromJson)}`);
}

function checkKeywords(list: string[]): string[] {
  const keywords = list.map((keyword) => keyword.trim()).filter((keyword) => keyword !== '');
  if (keywords.length > MAX_KEYWORDS) {
    throw badRequest(`Invalid value for 'keywords': ${keywords.length} keywords were given. The maximum is ${MAX_KEYWORDS}.`);
  }
  for (const keyword of keywords) {
    const length = [...keyword].length;
    if (length > MAX_KEYWORD_LENGTH) {
      const start = [...keyword].slice(0, 32).join('');
      throw badRequest(
        `Invalid value for 'keywords': the keyword '${start}...' has ${length} characters. The maximum is ${MAX_KEYWORD_LENGTH}.`,
      );
    }
  }
  return keywords;
}

/** A query value (`raw` is the first occurrence; `all` every occurrence) as its typed value, or undefined = absent. */
function fromQuery(name: string, kind: Kind, raw: string, all: string[]): Value | undefined {
  switch (kind.type) {
    case 'string':
      return raw === '' ? undefined : raw;
    case 'boolean': {
      const text = raw.trim().toLowerCase();
      if (text === 'true' || text === '1') return true;
      if (text === 'false' || text === '0') return false;
      throw invalid(name, kind, raw, false);
    }
    case 'keywords':
      return checkKeywords(all.flatMap((value) => value.split(',')));
    case 'enrichments':
      if (!ENRICHMENTS.includes(raw)) throw invalid(name, kind, raw, false);
      return raw;
    default: {
      const text = raw.trim();
      const value = DECIMAL.test(text) ? Number(text) : Number.NaN;
      if (!numberFits(kind, value)) throw invalid(name, kind, raw, false);
      return value;
    }
  }
}

function numberFits(kind: Kind, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  switch (kind.type) {
    case 'number': return value >= kind.min && value <= kind.max;
    case 'integer': return Number.isSafeInteger(value) && value >= kind.min;
    case 'sad': return value === 1 || value === 2;
    default: return false;
  }
}

/** A metadata (JSON) value as its typed value, or undefined = absent (`null`, or an empty string parameter). */
function fromJson(name: string, kind: Kind, raw: unknown): Value | undefined {
  if (raw === null) return undefined;
  switch (kind.type) {
    case 'string':
      if (typeof raw !== 'string') throw invalid(name, kind, raw, true);
      return raw === '' ? undefined : raw;
    case 'boolean':
      if (typeof raw !== 'boolean') throw invalid(name, kind, raw, true);
      return raw;
    case 'keywords':
      if (!Array.isArray(raw) || !raw.every((keyword) => typeof keyword === 'string')) throw invalid(name, kind, raw, true);
      return checkKeywords(raw as string[]);
    case 'enrichments':
      if (typeof raw !== 'string' || !ENRICHMENTS.includes(raw)) throw invalid(name, kind, raw, true);
      return raw;
    default:
      if (typeof raw !== 'number' || !numberFits(kind, raw)) throw invalid(name, kind, raw, true);
      return raw;
  }
}

/**
 * The options of a `POST /v1/recognize` request. `metadata`: the parsed JSON of a multipart request's first part
 * (undefined for a plain request). Throws 400 (ApiError) for a value out of type or range. See the rules above.
 */
export function parseRecognitionParams(
  query: URLSearchParams,
  metadata?: Record<string, unknown>,
): { options: RecognitionOptions; given: ReadonlySet<string>; unknown: string[] } {
  const multipart = metadata !== undefined;
  const values = new Map<string, Value>();
  const unknownNames = new Set<string>();

  for (const name of new Set(query.keys())) {
    const spec = PARAMETERS.get(name);
    const readHere = spec !== undefined && (spec.place === 'url' || (spec.place === 'option' && !multipart));
    if (!readHere) {
      unknownNames.add(name);
      continue;
    }
    const value = fromQuery(name, spec.kind, query.get(name) ?? '', query.getAll(name));
    if (value !== undefined) values.set(name, value);
  }
  if (metadata) {
    for (const [name, raw] of Object.entries(metadata)) {
      const spec = PARAMETERS.get(name);
      if (spec === undefined || spec.place === 'url') {
        unknownNames.add(name);
        continue;
      }
      const value = fromJson(name, spec.kind, raw);
      if (value !== undefined) values.set(name, value);
    }
  }

  const get = <T extends Value>(name: string): T | undefined => values.get(name) as T | undefined;
  const model = get<string>('model') ?? DEFAULT_MODEL;
  const silence = get<number>('end_of_phrase_silence_time') ?? 0;
  const options: RecognitionOptions = {
    model,
    inactivityTimeout: get<number>('inactivity_timeout') ?? 30,
    keywords: get<string[]>('keywords') ?? [],
    maxAlternatives: get<number>('max_alternatives') || 1,
    wordConfidence: get<boolean>('word_confidence') ?? false,
    timestamps: get<boolean>('timestamps') ?? false,
    profanityFilter: get<boolean>('profanity_filter') ?? true,
    smartFormatting: get<boolean>('smart_formatting') ?? false,
    smartFormattingVersion: get<number>('smart_formatting_version') ?? 0,
    speakerLabels: get<boolean>('speaker_labels') ?? false,
    redaction: get<boolean>('redaction') ?? false,
    audioMetrics: get<boolean>('audio_metrics') ?? false,
    endOfPhraseSilenceTime: silence || (model.startsWith('zh-CN') ? CHINESE_SILENCE_TIME : DEFAULT_SILENCE_TIME),
    splitTranscriptAtPhraseEnd: get<boolean>('split_transcript_at_phrase_end') ?? false,
    speechDetectorSensitivity: get<number>('speech_detector_sensitivity') ?? 0.5,
    sadModule: get<number>('sad_module') ?? 1,
    backgroundAudioSuppression: get<number>('background_audio_suppression') ?? 0,
    lowLatency: get<boolean>('low_latency') ?? false,
    characterInsertionBias: get<number>('character_insertion_bias') ?? 0,
    speechBeginEvent: get<boolean>('speech_begin_event') ?? false,
  };
  const optional: [keyof RecognitionOptions, string][] = [
    ['languageCustomizationId', 'language_customization_id'],
    ['acousticCustomizationId', 'acoustic_customization_id'],
    ['baseModelVersion', 'base_model_version'],
    ['customizationWeight', 'customization_weight'],
    ['grammarName', 'grammar_name'],
    ['keywordsThreshold', 'keywords_threshold'],
    ['wordAlternativesThreshold', 'word_alternatives_threshold'],
    ['enrichments', 'enrichments'],
    ['partContentType', 'part_content_type'],
    ['dataPartsCount', 'data_parts_count'],
  ];
  for (const [field, name] of optional) {
    const value = values.get(name);
    if (value !== undefined) Object.assign(options, { [field]: value });
  }
  const deprecatedId = get<string>('customization_id');
  if (options.languageCustomizationId === undefined && deprecatedId !== undefined) options.languageCustomizationId = deprecatedId;

  if (options.speakerLabels) options.timestamps = true;
  if (options.redaction) {
    options.smartFormatting = true;
    options.maxAlternatives = 1;
    options.keywords = [];
    delete options.keywordsThreshold;
  }
  return { options, given: new Set(values.keys()), unknown: [...unknownNames] };
}

/**
 * The options as the base model's family takes them: ignored options reset to their defaults and named in `unknown`
 * (in the order given), or 400 where the service refuses (see the rules above).
 */
export function familyRules(
  options: RecognitionOptions,
  given: ReadonlySet<string>,
  baseModel: BaseModelSpec,
): { options: RecognitionOptions; unknown: string[] } {
  const result: RecognitionOptions = { ...options, keywords: [...options.keywords] };
  const unknown: string[] = [];
  const generation = baseModel.generation;
  const newer = generation === 'next' || generation === 'large';
  for (const name of given) {
    switch (name) {
      case 'low_latency':
        if (generation === 'next' && !baseModel.lowLatency && options.lowLatency) {
          throw badRequest(`low_latency is not a supported feature for model ${options.model}`);
        }
        if (generation === 'previous' || (generation === 'large' && !baseModel.lowLatency)) {
          unknown.push(name);
          result.lowLatency = false;
        }
        break;
      case 'character_insertion_bias':
        if (generation !== 'next') {
          unknown.push(generation === 'previous' ? 'lambdaBias' : name);
          result.characterInsertionBias = 0;
        }
        break;
      case 'keywords':
        if (newer) {
          unknown.push(name);
          result.keywords = [];
        }
        break;
      case 'keywords_threshold':
        if (newer) {
          unknown.push(name);
          delete result.keywordsThreshold;
        }
        break;
      case 'word_alternatives_threshold':
        if (newer) {
          unknown.push(name);
          delete result.wordAlternativesThreshold;
        }
        break;
      case 'processing_metrics':
      case 'processing_metrics_interval':
        if (generation === 'next') unknown.push(name);
        break;
    }
  }
  return { options: result, unknown };
}

/** The `warnings` entry for arguments the request does not take: `Unknown arguments: a, b.`; undefined if none. */
export function unknownArgumentsWarning(names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  return `Unknown arguments: ${[...new Set(names)].join(', ')}.`;
}
