import { describe, expect, it } from 'vitest';
import { findBaseModel, type BaseModelSpec } from '../../lib/catalog';
import { ApiError } from '../../lib/errors';
import { familyRules, parseRecognitionParams, unknownArgumentsWarning } from '../../lib/recognition/params';
import type { RecognitionOptions } from '../../lib/recognition/types';

const parse = (query: string, metadata?: Record<string, unknown>) => parseRecognitionParams(new URLSearchParams(query), metadata);
const options = (query: string, metadata?: Record<string, unknown>) => parse(query, metadata).options;

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    const body = (error as ApiError).toBody();
    expect(body).toMatchObject({ code: 400, code_description: 'Bad Request' });
    return body.error as string;
  }
  throw new Error('no error was thrown');
}
const queryError = (query: string) => errorOf(() => parse(query));
const metadataError = (metadata: Record<string, unknown>) => errorOf(() => parse('', metadata));

const DEFAULTS: RecognitionOptions = {
  model: 'en-US_BroadbandModel',
  inactivityTimeout: 30,
  keywords: [],
  maxAlternatives: 1,
  wordConfidence: false,
  timestamps: false,
  profanityFilter: true,
  smartFormatting: false,
  smartFormattingVersion: 0,
  speakerLabels: false,
  redaction: false,
  audioMetrics: false,
  endOfPhraseSilenceTime: 0.8,
  splitTranscriptAtPhraseEnd: false,
  speechDetectorSensitivity: 0.5,
  sadModule: 1,
  backgroundAudioSuppression: 0,
  lowLatency: false,
  characterInsertionBias: 0,
  speechBeginEvent: false,
};

describe('parseRecognitionParams: defaults and plain values', () => {
  it('gives the spec 3.2 defaults for an empty query', () => {
    const parsed = parse('');
    expect(parsed.options).toStrictEqual(DEFAULTS);
    expect([...parsed.given]).toEqual([]);
    expect(parsed.unknown).toEqual([]);
  });

  it('reads every parameter of the sync interface from the query', () => {
    const parsed = parse(
      'model=en-US_Telephony&language_customization_id=L1&acoustic_customization_id=A1&base_model_version=v1'
      + '&customization_weight=0.4&grammar_name=g&inactivity_timeout=-1&keywords=a,b&keywords_threshold=0.3'
      + '&max_alternatives=3&word_alternatives_threshold=0.2&word_confidence=true&timestamps=true'
      + '&profanity_filter=false&smart_formatting=true&smart_formatting_version=2&speaker_labels=false&redaction=false'
      + '&audio_metrics=true&end_of_phrase_silence_time=1.5&split_transcript_at_phrase_end=true'
      + '&speech_detector_sensitivity=0.7&sad_module=2&background_audio_suppression=0.25&low_latency=true'
      + '&character_insertion_bias=-0.5&speech_begin_event=true&enrichments=punctuation',
    );
    expect(parsed.options).toStrictEqual({
      model: 'en-US_Telephony', languageCustomizationId: 'L1', acousticCustomizationId: 'A1', baseModelVersion: 'v1',
      customizationWeight: 0.4, grammarName: 'g', inactivityTimeout: -1, keywords: ['a', 'b'], keywordsThreshold: 0.3,
      maxAlternatives: 3, wordAlternativesThreshold: 0.2, wordConfidence: true, timestamps: true, profanityFilter: false,
      smartFormatting: true, smartFormattingVersion: 2, speakerLabels: false, redaction: false, audioMetrics: true,
      endOfPhraseSilenceTime: 1.5, splitTranscriptAtPhraseEnd: true, speechDetectorSensitivity: 0.7, sadModule: 2,
      backgroundAudioSuppression: 0.25, lowLatency: true, characterInsertionBias: -0.5, speechBeginEvent: true,
      enrichments: 'punctuation',
    });
    expect(parsed.given.size).toBe(28);
    expect(parsed.unknown).toEqual([]);
  });

  it('end_of_phrase_silence_time: 0 or absent is 0.8, 0.6 for zh-CN models', () => {
    expect(options('end_of_phrase_silence_time=0').endOfPhraseSilenceTime).toBe(0.8);
    expect(options('model=zh-CN_BroadbandModel').endOfPhraseSilenceTime).toBe(0.6);
    expect(options('model=zh-CN_Telephony&end_of_phrase_silence_time=0').endOfPhraseSilenceTime).toBe(0.6);
    expect(options('model=zh-CN_Telephony&end_of_phrase_silence_time=2').endOfPhraseSilenceTime).toBe(2);
    expect(options('end_of_phrase_silence_time=120').endOfPhraseSilenceTime).toBe(120);
  });

  it('max_alternatives 0 means 1', () => {
    expect(options('max_alternatives=0').maxAlternatives).toBe(1);
    expect(options('max_alternatives=250').maxAlternatives).toBe(250);
  });

  it('an empty string parameter counts as absent; the first of repeated values counts', () => {
    const parsed = parse('model=&grammar_name=&language_customization_id=');
    expect(parsed.options).toStrictEqual(DEFAULTS);
    expect([...parsed.given]).toEqual([]);
    expect(options('model=en-GB_Telephony&model=fr-FR_Telephony').model).toBe('en-GB_Telephony');
  });
});

describe('parseRecognitionParams: booleans (spec 1.2)', () => {
  it.each([['true', true], ['True', true], ['TRUE', true], ['1', true], ['false', false], ['False', false], ['0', false]])(
    '%s is %s',
    (raw, value) => {
      expect(options(`timestamps=${raw}`).timestamps).toBe(value);
      expect(options(`profanity_filter=${raw}`).profanityFilter).toBe(value);
    },
  );

  it.each([
    ['timestamps=yes', "Invalid value for 'timestamps': 'yes'. Use 'true' or 'false'."],
    ['word_confidence=', "Invalid value for 'word_confidence': ''. Use 'true' or 'false'."],
    ['low_latency=2', "Invalid value for 'low_latency': '2'. Use 'true' or 'false'."],
    ['speech_begin_event=on', "Invalid value for 'speech_begin_event': 'on'. Use 'true' or 'false'."],
    ['redaction=t', "Invalid value for 'redaction': 't'. Use 'true' or 'false'."],
  ])('%s → 400', (query, message) => {
    expect(queryError(query)).toBe(message);
  });
});

describe('parseRecognitionParams: numbers and ranges', () => {
  it('accepts the bounds and decimal forms', () => {
    expect(options('customization_weight=0').customizationWeight).toBe(0);
    expect(options('customization_weight=1').customizationWeight).toBe(1);
    expect(options('keywords_threshold=.5').keywordsThreshold).toBe(0.5);
    expect(options('word_alternatives_threshold=1e-1').wordAlternativesThreshold).toBe(0.1);
    expect(options('speech_detector_sensitivity=%200.55%20').speechDetectorSensitivity).toBe(0.55);
    expect(options('background_audio_suppression=1.0').backgroundAudioSuppression).toBe(1);
    expect(options('character_insertion_bias=-1').characterInsertionBias).toBe(-1);
    expect(options('character_insertion_bias=1').characterInsertionBias).toBe(1);
    expect(options('inactivity_timeout=-1').inactivityTimeout).toBe(-1);
    expect(options('inactivity_timeout=600').inactivityTimeout).toBe(600);
    expect(options('smart_formatting_version=2.0').smartFormattingVersion).toBe(2);
    expect(options('sad_module=2').sadModule).toBe(2);
  });

  it.each([
    ['customization_weight=1.5', "Invalid value for 'customization_weight': '1.5'. It must be a number between 0.0 and 1.0."],
    ['customization_weight=abc', "Invalid value for 'customization_weight': 'abc'. It must be a number between 0.0 and 1.0."],
    ['customization_weight=', "Invalid value for 'customization_weight': ''. It must be a number between 0.0 and 1.0."],
    ['keywords_threshold=-0.1', "Invalid value for 'keywords_threshold': '-0.1'. It must be a number between 0.0 and 1.0."],
    ['keywords_threshold=0x1', "Invalid value for 'keywords_threshold': '0x1'. It must be a number between 0.0 and 1.0."],
    ['word_alternatives_threshold=NaN', "Invalid value for 'word_alternatives_threshold': 'NaN'. It must be a number between 0.0 and 1.0."],
    ['speech_detector_sensitivity=Infinity', "Invalid value for 'speech_detector_sensitivity': 'Infinity'. It must be a number between 0.0 and 1.0."],
    ['background_audio_suppression=2', "Invalid value for 'background_audio_suppression': '2'. It must be a number between 0.0 and 1.0."],
    ['end_of_phrase_silence_time=120.5', "Invalid value for 'end_of_phrase_silence_time': '120.5'. It must be a number between 0.0 and 120.0."],
    ['end_of_phrase_silence_time=-1', "Invalid value for 'end_of_phrase_silence_time': '-1'. It must be a number between 0.0 and 120.0."],
    ['character_insertion_bias=-1.5', "Invalid value for 'character_insertion_bias': '-1.5'. It must be a number between -1.0 and 1.0."],
    ['inactivity_timeout=-2', "Invalid value for 'inactivity_timeout': '-2'. It must be an integer of at least -1."],
    ['inactivity_timeout=1.5', "Invalid value for 'inactivity_timeout': '1.5'. It must be an integer of at least -1."],
    ['max_alternatives=-1', "Invalid value for 'max_alternatives': '-1'. It must be an integer of at least 0."],
    ['max_alternatives=two', "Invalid value for 'max_alternatives': 'two'. It must be an integer of at least 0."],
    ['max_alternatives=1e30', "Invalid value for 'max_alternatives': '1e30'. It must be an integer of at least 0."],
    ['smart_formatting_version=-1', "Invalid value for 'smart_formatting_version': '-1'. It must be an integer of at least 0."],
    ['sad_module=3', "Invalid value for 'sad_module': '3'. It must be 1 or 2."],
    ['sad_module=0', "Invalid value for 'sad_module': '0'. It must be 1 or 2."],
    ['sad_module=1.5', "Invalid value for 'sad_module': '1.5'. It must be 1 or 2."],
    ['enrichments=Punctuation', "Invalid value for 'enrichments': 'Punctuation'. Allowed values: punctuation."],
    ['enrichments=', "Invalid value for 'enrichments': ''. Allowed values: punctuation."],
  ])('%s → 400', (query, message) => {
    expect(queryError(query)).toBe(message);
  });

  it('the first invalid parameter in the order sent answers', () => {
    expect(queryError('sad_module=9&timestamps=x')).toBe("Invalid value for 'sad_module': '9'. It must be 1 or 2.");
  });
});

describe('parseRecognitionParams: keywords', () => {
  it('splits on commas, trims, drops empty keywords and joins repeated parameters', () => {
    expect(options('keywords=colorado,%20tornado%20,,tornadoes').keywords).toEqual(['colorado', 'tornado', 'tornadoes']);
    expect(options('keywords=a&keywords=b,c').keywords).toEqual(['a', 'b', 'c']);
    expect(options('keywords=').keywords).toEqual([]);
  });

  it('takes 1000 keywords of 1024 characters, no more', () => {
    const many = Array.from({ length: 1000 }, (_, index) => `k${index}`);
    expect(options(`keywords=${many.join(',')}`).keywords).toHaveLength(1000);
    expect(queryError(`keywords=${[...many, 'extra'].join(',')}`))
      .toBe("Invalid value for 'keywords': 1001 keywords were given. The maximum is 1000.");
    expect(options(`keywords=${'é'.repeat(1024)}`).keywords).toEqual(['é'.repeat(1024)]);
    expect(queryError(`keywords=ok,${'x'.repeat(1025)}`))
      .toBe(`Invalid value for 'keywords': the keyword '${'x'.repeat(32)}...' has 1025 characters. The maximum is 1024.`);
  });

  it('keywords without keywords_threshold (or the reverse) are accepted as given', () => {
    const onlyKeywords = parse('keywords=a');
    expect(onlyKeywords.options.keywords).toEqual(['a']);
    expect(onlyKeywords.options.keywordsThreshold).toBeUndefined();
    expect(onlyKeywords.unknown).toEqual([]);
    const onlyThreshold = parse('keywords_threshold=0.5');
    expect(onlyThreshold.options.keywords).toEqual([]);
    expect(onlyThreshold.options.keywordsThreshold).toBe(0.5);
    expect(onlyThreshold.unknown).toEqual([]);
  });
});

describe('parseRecognitionParams: forcing and precedence', () => {
  it('speaker_labels forces timestamps', () => {
    expect(options('speaker_labels=true&timestamps=false')).toMatchObject({ speakerLabels: true, timestamps: true });
    expect(options('speaker_labels=false').timestamps).toBe(false);
  });

  it('redaction forces smart_formatting, max_alternatives=1 and drops keywords and their threshold', () => {
    const parsed = options('redaction=true&smart_formatting=false&max_alternatives=5&keywords=a,b&keywords_threshold=0.4');
    expect(parsed).toMatchObject({ redaction: true, smartFormatting: true, maxAlternatives: 1, keywords: [] });
    expect('keywordsThreshold' in parsed).toBe(false);
  });

  it('language_customization_id wins over the deprecated customization_id', () => {
    expect(options('customization_id=OLD').languageCustomizationId).toBe('OLD');
    expect(options('customization_id=OLD&language_customization_id=NEW').languageCustomizationId).toBe('NEW');
    expect(options('language_customization_id=NEW&customization_id=OLD').languageCustomizationId).toBe('NEW');
    expect([...parse('customization_id=OLD').given]).toEqual(['customization_id']);
  });
});

describe('parseRecognitionParams: unknown arguments', () => {
  it('reports what POST /v1/recognize does not take, in order, once each, without failing', () => {
    const parsed = parse(
      'callback_url=https://x&timestamps=true&events=recognitions.started&user_token=t&results_ttl=5'
      + '&processing_metrics=true&processing_metrics_interval=0.5&interim_results=true&continuous=true'
      + '&Model=x&events=again&parameter_set=enhanced&part_content_type=audio/l16&data_parts_count=2&x-watson-metadata=a',
    );
    expect(parsed.unknown).toEqual([
      'callback_url', 'events', 'user_token', 'results_ttl', 'processing_metrics', 'processing_metrics_interval',
      'interim_results', 'continuous', 'Model', 'parameter_set', 'part_content_type', 'data_parts_count', 'x-watson-metadata',
    ]);
    expect([...parsed.given]).toEqual(['timestamps']);
    expect(parsed.options).toStrictEqual({ ...DEFAULTS, timestamps: true });
  });

  it('does not validate unknown arguments and is not fooled by Object.prototype names', () => {
    expect(parse('results_ttl=abc&toString=1&constructor=2&__proto__=3').unknown)
      .toEqual(['results_ttl', 'toString', 'constructor', '__proto__']);
  });
});

describe('parseRecognitionParams: multipart (spec 6.3)', () => {
  it('reads the URL parameters from the query and every option from the metadata', () => {
    const parsed = parse('model=en-GB_Telephony&language_customization_id=L&acoustic_customization_id=A&base_model_version=v', {
      part_content_type: 'audio/l16;rate=16000', data_parts_count: 2, timestamps: true, word_alternatives_threshold: 0.9,
      keywords: ['colorado', 'tornado, twister'], keywords_threshold: 0.5, max_alternatives: 0, profanity_filter: false,
      inactivity_timeout: -1, end_of_phrase_silence_time: 0.3, sad_module: 2, smart_formatting_version: 1,
      speech_begin_event: true, enrichments: 'punctuation', grammar_name: 'g', character_insertion_bias: 0.1,
    });
    expect(parsed.options).toStrictEqual({
      ...DEFAULTS, model: 'en-GB_Telephony', languageCustomizationId: 'L', acousticCustomizationId: 'A', baseModelVersion: 'v',
      partContentType: 'audio/l16;rate=16000', dataPartsCount: 2, timestamps: true, wordAlternativesThreshold: 0.9,
      keywords: ['colorado', 'tornado, twister'], keywordsThreshold: 0.5, profanityFilter: false, inactivityTimeout: -1,
      endOfPhraseSilenceTime: 0.3, sadModule: 2, smartFormattingVersion: 1, speechBeginEvent: true, enrichments: 'punctuation',
      grammarName: 'g', characterInsertionBias: 0.1,
    });
    expect(parsed.unknown).toEqual([]);
    expect([...parsed.given].slice(0, 5)).toEqual([
      'model', 'language_customization_id', 'acoustic_customization_id', 'base_model_version', 'part_content_type',
    ]);
  });

  it('a recognition option in the query is unknown and ignored; a URL parameter in the metadata too', () => {
    const parsed = parse('timestamps=true&customization_id=C&keywords=a&foo=1', { model: 'fr-FR_Telephony', speaker_labels: false, bar: 1 });
    expect(parsed.unknown).toEqual(['timestamps', 'keywords', 'foo', 'model', 'bar']);
    expect([...parsed.given]).toEqual(['customization_id', 'speaker_labels']);
    expect(parsed.options).toStrictEqual({ ...DEFAULTS, languageCustomizationId: 'C' });
  });

  it('a null metadata value counts as absent; the same forcing rules apply', () => {
    const parsed = parse('', { keywords: null, grammar_name: null, speaker_labels: true, redaction: true, keywords_threshold: 0.2 });
    expect([...parsed.given]).toEqual(['speaker_labels', 'redaction', 'keywords_threshold']);
    expect(parsed.options).toStrictEqual({ ...DEFAULTS, speakerLabels: true, timestamps: true, redaction: true, smartFormatting: true });
  });

  it.each([
    [{ timestamps: 'true' }, 'Invalid value for \'timestamps\': "true". It must be true or false.'],
    [{ redaction: 1 }, "Invalid value for 'redaction': 1. It must be true or false."],
    [{ max_alternatives: '3' }, 'Invalid value for \'max_alternatives\': "3". It must be an integer of at least 0.'],
    [{ max_alternatives: 2.5 }, "Invalid value for 'max_alternatives': 2.5. It must be an integer of at least 0."],
    [{ customization_weight: 2 }, "Invalid value for 'customization_weight': 2. It must be a number between 0.0 and 1.0."],
    [{ character_insertion_bias: true }, "Invalid value for 'character_insertion_bias': true. It must be a number between -1.0 and 1.0."],
    [{ sad_module: 3 }, "Invalid value for 'sad_module': 3. It must be 1 or 2."],
    [{ keywords: 'a,b' }, 'Invalid value for \'keywords\': "a,b". It must be an array of strings.'],
    [{ keywords: ['a', 1] }, 'Invalid value for \'keywords\': ["a",1]. It must be an array of strings.'],
    [{ grammar_name: 5 }, "Invalid value for 'grammar_name': 5. It must be a string."],
    [{ part_content_type: ['audio/wav'] }, 'Invalid value for \'part_content_type\': ["audio/wav"]. It must be a string.'],
    [{ data_parts_count: 0 }, "Invalid value for 'data_parts_count': 0. It must be an integer of at least 1."],
    [{ enrichments: 'casing' }, 'Invalid value for \'enrichments\': "casing". Allowed values: punctuation.'],
    [{ keywords: Array.from({ length: 1001 }, (_, index) => `k${index}`) }, "Invalid value for 'keywords': 1001 keywords were given. The maximum is 1000."],
  ])('%j → 400', (metadata, message) => {
    expect(metadataError(metadata)).toBe(message);
  });
});

function base(name: string): BaseModelSpec {
  const found = findBaseModel(name);
  if (!found) throw new Error(`no base model ${name}`);
  return found;
}
const PREVIOUS = base('en-US_BroadbandModel');
const NEXT = base('en-US_Telephony');
const LARGE = base('en-US');
const NEXT_WITHOUT_LOW_LATENCY: BaseModelSpec = { ...NEXT, name: 'xx-XX_Telephony', lowLatency: false };

const family = (query: string, model: BaseModelSpec) => {
  const parsed = parse(`model=${model.name}&${query}`);
  return familyRules(parsed.options, parsed.given, model);
};
const familyError = (query: string, model: BaseModelSpec) => errorOf(() => family(query, model));

describe('familyRules (spec 3.2, 5.1 rule 9, 14 item 7)', () => {
  it('passes options that the family takes unchanged', () => {
    const query = 'keywords=a&keywords_threshold=0.5&word_alternatives_threshold=0.3&grammar_name=g&acoustic_customization_id=A';
    const parsed = parse(`model=en-US_BroadbandModel&${query}`);
    expect(familyRules(parsed.options, parsed.given, PREVIOUS)).toStrictEqual({ options: parsed.options, unknown: [] });
    const next = parse('model=en-US_Telephony&low_latency=true&character_insertion_bias=0.2&grammar_name=g');
    expect(familyRules(next.options, next.given, NEXT)).toStrictEqual({ options: next.options, unknown: [] });
    expect(family('', LARGE).unknown).toEqual([]);
  });

  it('low_latency: previous generation → unknown; next generation without support → 400; LSM → unknown', () => {
    const previous = family('low_latency=true', PREVIOUS);
    expect(previous.unknown).toEqual(['low_latency']);
    expect(previous.options.lowLatency).toBe(false);
    expect(family('low_latency=false', PREVIOUS).unknown).toEqual(['low_latency']);
    expect(familyError('low_latency=true', NEXT_WITHOUT_LOW_LATENCY)).toBe('low_latency is not a supported feature for model xx-XX_Telephony');
    expect(family('low_latency=false', NEXT_WITHOUT_LOW_LATENCY).unknown).toEqual([]);
    const large = family('low_latency=true', LARGE);
    expect(large.unknown).toEqual(['low_latency']);
    expect(large.options.lowLatency).toBe(false);
    expect(family('low_latency=true', { ...LARGE, lowLatency: true }).options.lowLatency).toBe(true);
  });

  it('character_insertion_bias: previous generation → unknown lambdaBias; LSM → unknown; reset to 0.0', () => {
    const previous = family('character_insertion_bias=0.3', PREVIOUS);
    expect(previous.unknown).toEqual(['lambdaBias']);
    expect(previous.options.characterInsertionBias).toBe(0);
    const large = family('character_insertion_bias=-0.3', LARGE);
    expect(large.unknown).toEqual(['character_insertion_bias']);
    expect(large.options.characterInsertionBias).toBe(0);
    expect(family('character_insertion_bias=-0.3', NEXT).options.characterInsertionBias).toBe(-0.3);
  });

  it.each([['next generation', NEXT], ['large speech model', LARGE]])(
    'keywords, keywords_threshold, word_alternatives_threshold on a %s → unknown in the order sent, reset',
    (_, model) => {
      const result = family('word_alternatives_threshold=0.4&keywords=a,b&timestamps=true&keywords_threshold=0.5', model);
      expect(result.unknown).toEqual(['word_alternatives_threshold', 'keywords', 'keywords_threshold']);
      expect(result.options).toStrictEqual({ ...DEFAULTS, model: model.name, timestamps: true });
    },
  );

  it('processing metrics (interfaces that take them) are unknown on next-generation models only', () => {
    const given = new Set(['processing_metrics', 'processing_metrics_interval']);
    expect(familyRules(DEFAULTS, given, NEXT).unknown).toEqual(['processing_metrics', 'processing_metrics_interval']);
    expect(familyRules(DEFAULTS, given, PREVIOUS).unknown).toEqual([]);
  });

  it('leaves grammar_name and acoustic_customization_id to the custom-model checks (spec 5.1 rules 9, 10)', () => {
    for (const model of [LARGE, NEXT, base('zh-CN_BroadbandModel')]) {
      const parsed = parse(`model=${model.name}&grammar_name=g&acoustic_customization_id=A`);
      expect(familyRules(parsed.options, parsed.given, model)).toStrictEqual({ options: parsed.options, unknown: [] });
    }
  });

  it('collects several warnings in the order sent and leaves its input unchanged', () => {
    const parsed = parse('model=en-US&character_insertion_bias=0.1&low_latency=true&keywords=a&smart_formatting=true');
    const before = structuredClone(parsed.options);
    const result = familyRules(parsed.options, parsed.given, LARGE);
    expect(result.unknown).toEqual(['character_insertion_bias', 'low_latency', 'keywords']);
    expect(result.options).toStrictEqual({ ...DEFAULTS, model: 'en-US', smartFormatting: true });
    expect(parsed.options).toStrictEqual(before);
  });

  it('only looks at parameters that were sent', () => {
    expect(familyRules({ ...DEFAULTS, characterInsertionBias: 0.5 }, new Set(), PREVIOUS).options.characterInsertionBias).toBe(0.5);
  });
});

describe('unknownArgumentsWarning (spec 1.2)', () => {
  it('renders the service text, each name once', () => {
    expect(unknownArgumentsWarning([])).toBeUndefined();
    expect(unknownArgumentsWarning(['low_latency'])).toBe('Unknown arguments: low_latency.');
    expect(unknownArgumentsWarning(['continuous', 'lambdaBias', 'continuous'])).toBe('Unknown arguments: continuous, lambdaBias.');
  });

  it('combines parse and family warnings', () => {
    const parsed = parse('model=en-US_BroadbandModel&interim_results=true&low_latency=true');
    const narrowed = familyRules(parsed.options, parsed.given, PREVIOUS);
    expect(unknownArgumentsWarning([...parsed.unknown, ...narrowed.unknown])).toBe('Unknown arguments: interim_results, low_latency.');
  });
});
