import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRecognitionParams } from '../../lib/recognition/params';
import { transcribe, type TranscribeContext } from '../../lib/recognition/transcribe';
import type {
  LanguageCustomization, RecognitionOptions, SpeechRecognitionResult, SpeechRecognitionResults, SpokenPart, TrainedWord,
} from '../../lib/recognition/types';

// Word confidences used below (FNV-1a of the lower-cased word → 0.80–0.99, checked in transcribe-format.test.ts):
// hello .83 world .87 how .89 are .89 you .88 call .81 now .83 new .85 york .82 city .94 or .88 good .96 bye .99
// i .92 have .95 a .80 card .99 the .80 number .88 is .93 one .99 two .93 three .83 four .97 five .85 six .83

/** The options of a request that gives none, with the end-of-phrase silence left to transcribe's default (0). */
const DEFAULTS: RecognitionOptions = { ...parseRecognitionParams(new URLSearchParams()).options, endOfPhraseSilenceTime: 0 };
const options = (overrides: Partial<RecognitionOptions> = {}): RecognitionOptions => ({ ...DEFAULTS, ...overrides });
const part = (script: string | undefined, durationSeconds: number): SpokenPart => ({
  script,
  audio: { contentType: 'audio/wav', sampleRate: 16000, channels: 1, durationSeconds, bytes: Math.round(durationSeconds * 32000) + 44 },
});
const EN: TranscribeContext = { language: 'en-US', generation: 'previous' };
const custom = (words: TrainedWord[], weight = 0.3, grammar?: LanguageCustomization['grammar']): TranscribeContext => ({
  ...EN,
  customization: { words, weight, ...(grammar ? { grammar } : {}) },
});
const run = (parts: SpokenPart[], overrides: Partial<RecognitionOptions> = {}, context: TranscribeContext = EN): SpeechRecognitionResults =>
  transcribe(parts, options(overrides), context);
/** The transcripts of the first alternatives. */
const transcripts = (answer: SpeechRecognitionResults): string[] =>
  answer.results.map((result) => (result as SpeechRecognitionResult).alternatives[0].transcript);

/** IBM's audio-metrics histograms with all segments in the bins the emulator fills. */
function metrics(endTime: number, segments: number, speech: number, ratio: number) {
  const bins = (edges: number[], fill: number, count: number) =>
    edges.slice(0, -1).map((begin, i) => ({ begin, end: edges[i + 1], count: begin === fill ? count : 0 }));
  const levels = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
  return {
    sampling_interval: 0.1,
    accumulated: {
      final: true, end_time: endTime, speech_ratio: ratio, high_frequency_loss: 0.5,
      direct_current_offset: bins([-1, -0.9, -0.7, -0.5, -0.3, -0.1, 0.1, 0.3, 0.5, 0.7, 0.9, 1], -0.1, segments),
      clipping_rate: bins([0, 0.00001, 0.0001, 0.001, 0.01, 0.1, 1], 0, segments),
      speech_level: bins(levels, 0.6, speech),
      non_speech_level: bins(levels, 0, segments - speech),
    },
  };
}

const ECMO: TrainedWord = { word: 'ECMO', displayAs: 'ECMO', soundsLike: ['E. C. M. O.', 'eck mo'] };
const NYC_LONG: TrainedWord = { word: 'New_York_City', displayAs: 'New York City', soundsLike: ['new york city'] };
const NYC: TrainedWord = { word: 'NYC', displayAs: '', soundsLike: ['new york'] };

describe('no speech', () => {
  it('answers no results for a part without a script, a blank one or one of punctuation only', () => {
    for (const script of [undefined, '', '  \n\t ', '... ?! -']) {
      expect(run([part(script, 3)])).toEqual({ results: [], result_index: 0 });
    }
    expect(run([part(undefined, 1), part(' ', 2)])).toEqual({ results: [], result_index: 0 });
  });

  it('still answers speaker_labels and audio_metrics when asked, and no speech_begin_event', () => {
    expect(run([part(undefined, 3)], { speakerLabels: true, timestamps: true, audioMetrics: true, speechBeginEvent: true, keywords: ['x'], keywordsThreshold: 0.1 }))
      .toEqual({ results: [], result_index: 0, speaker_labels: [], audio_metrics: metrics(3, 30, 0, 0) });
  });
});

describe('plain scripts', () => {
  it('spreads the words over the audio, lower-cased, with a trailing space and the mean confidence', () => {
    expect(run([part('Hello World', 3)])).toEqual({
      results: [{ final: true, alternatives: [{ transcript: 'hello world ', confidence: 0.85 }] }],
      result_index: 0,
    });
  });

  it('adds timestamps and word confidence to the only alternative when asked', () => {
    expect(run([part('Hello, world!', 3)], { timestamps: true, wordConfidence: true })).toEqual({
      results: [{
        final: true,
        alternatives: [{
          transcript: 'hello world ',
          confidence: 0.85,
          timestamps: [['hello', 0, 1.5], ['world', 1.5, 3]],
          word_confidence: [['hello', 0.83], ['world', 0.87]],
        }],
      }],
      result_index: 0,
    });
  });

  it('rounds times to 2 decimals and never goes past the end of the audio', () => {
    const [result] = run([part('a b c', 1)], { timestamps: true }).results as SpeechRecognitionResult[];
    expect(result.alternatives[0].timestamps).toEqual([['a', 0, 0.33], ['b', 0.33, 0.67], ['c', 0.67, 1]]);
    const [last] = run([part('a b', 2.999)], { timestamps: true }).results as SpeechRecognitionResult[];
    expect(last.alternatives[0].timestamps).toEqual([['a', 0, 1.5], ['b', 1.5, 2.99]]);
  });

  it('speaks numbers written with digits as words', () => {
    expect(transcripts(run([part('Call 911 now', 3)]))).toEqual(['call nine hundred eleven now ']);
  });
});

describe('phrases and results', () => {
  const HOW = 'Hello world. How are you?';

  it('pauses 1 s after a phrase end and splits results at pauses of at least 0.8 s by default', () => {
    expect(run([part(HOW, 5)], { timestamps: true })).toEqual({
      results: [
        { final: true, alternatives: [{ transcript: 'hello world ', confidence: 0.85, timestamps: [['hello', 0, 0.8], ['world', 0.8, 1.6]] }] },
        { final: true, alternatives: [{ transcript: 'how are you ', confidence: 0.89, timestamps: [['how', 2.6, 3.4], ['are', 3.4, 4.2], ['you', 4.2, 5]] }] },
      ],
      result_index: 0,
    });
  });

  it('keeps one result when end_of_phrase_silence_time is longer than the pause', () => {
    expect(run([part(HOW, 5)], { endOfPhraseSilenceTime: 1.5 })).toEqual({
      results: [{ final: true, alternatives: [{ transcript: 'hello world how are you ', confidence: 0.87 }] }],
      result_index: 0,
    });
  });

  it('scales pauses down to half the audio: a 1 s audio pauses 0.5 s, too short to split by default', () => {
    const [result] = run([part(HOW, 1)], { timestamps: true }).results as SpeechRecognitionResult[];
    expect(result.alternatives[0].timestamps).toEqual([['hello', 0, 0.1], ['world', 0.1, 0.2], ['how', 0.7, 0.8], ['are', 0.8, 0.9], ['you', 0.9, 1]]);
    expect(transcripts(run([part(HOW, 1)], { endOfPhraseSilenceTime: 0.5 }))).toEqual(['hello world ', 'how are you ']);
    // 0 is the default 0.8: a pause of exactly 0.8 s splits, 0.79 s does not.
    expect(transcripts(run([part(HOW, 1.6)]))).toHaveLength(2);
    expect(transcripts(run([part(HOW, 1.58)]))).toHaveLength(1);
  });

  it('uses 0.6 s as the default for Chinese', () => {
    const zh: TranscribeContext = { language: 'zh-CN', generation: 'previous' };
    expect(transcripts(run([part('ni hao. zai jian', 1.2)], {}, zh))).toEqual(['ni hao ', 'zai jian ']);
    expect(transcripts(run([part('ni hao. zai jian', 1.2)], {}, EN))).toEqual(['ni hao zai jian ']);
  });

  const CARD = 'I have a card. The number is one two three... four five six';

  it('with split_transcript_at_phrase_end, marks each result full_stop, silence or end_of_data', () => {
    expect(run([part(CARD, 8.5)], { splitTranscriptAtPhraseEnd: true, timestamps: true })).toEqual({
      results: [
        {
          final: true,
          alternatives: [{ transcript: 'i have a card ', confidence: 0.92, timestamps: [['i', 0, 0.5], ['have', 0.5, 1], ['a', 1, 1.5], ['card', 1.5, 2]] }],
          end_of_utterance: 'full_stop',
        },
        {
          final: true,
          alternatives: [{
            transcript: 'the number is one two three ',
            confidence: 0.89,
            timestamps: [['the', 3, 3.5], ['number', 3.5, 4], ['is', 4, 4.5], ['one', 4.5, 5], ['two', 5, 5.5], ['three', 5.5, 6]],
          }],
          end_of_utterance: 'silence',
        },
        {
          final: true,
          alternatives: [{ transcript: 'four five six ', confidence: 0.88, timestamps: [['four', 7, 7.5], ['five', 7.5, 8], ['six', 8, 8.5]] }],
          end_of_utterance: 'end_of_data',
        },
      ],
      result_index: 0,
    });
  });

  it('splits at every full stop with split_transcript_at_phrase_end, at a trailing-off pause only when it is long enough', () => {
    const split = run([part(CARD, 8.5)], { splitTranscriptAtPhraseEnd: true, endOfPhraseSilenceTime: 1.5 });
    expect(split.results.map((result) => [(result as SpeechRecognitionResult).alternatives[0].transcript, (result as SpeechRecognitionResult).end_of_utterance]))
      .toEqual([['i have a card ', 'full_stop'], ['the number is one two three four five six ', 'end_of_data']]);
    expect(transcripts(run([part(CARD, 8.5)], { endOfPhraseSilenceTime: 1.5 }))).toEqual(['i have a card the number is one two three four five six ']);
    expect(run([part(CARD, 8.5)]).results.every((result) => !('end_of_utterance' in result))).toBe(true);
  });
});

describe('multipart', () => {
  it('answers the parts in order, each offset by the durations before it, each ending its results', () => {
    expect(run([part('Hello world', 3), part(undefined, 2), part('Good bye.', 4)], { timestamps: true, splitTranscriptAtPhraseEnd: true })).toEqual({
      results: [
        { final: true, alternatives: [{ transcript: 'hello world ', confidence: 0.85, timestamps: [['hello', 0, 1.5], ['world', 1.5, 3]] }], end_of_utterance: 'end_of_data' },
        { final: true, alternatives: [{ transcript: 'good bye ', confidence: 0.98, timestamps: [['good', 5, 7], ['bye', 7, 9]] }], end_of_utterance: 'end_of_data' },
      ],
      result_index: 0,
    });
  });

  it('keeps every part within its own span when durations are not whole hundredths', () => {
    const answer = run([part('hello', 1.234), part('world', 1)], { timestamps: true });
    expect(answer.results.map((result) => (result as SpeechRecognitionResult).alternatives[0].timestamps))
      .toEqual([[['hello', 0, 1.23]], [['world', 1.23, 2.23]]]);
  });
});

describe('custom words', () => {
  const SCRIPT = 'Call E. C. M. O. now. New york city or new york.';

  it('replaces sounds_like runs by display_as (the word when empty), longest first, one timestamp per custom word', () => {
    expect(run([part(SCRIPT, 7)], { timestamps: true, wordConfidence: true }, custom([ECMO, NYC, NYC_LONG]))).toEqual({
      results: [
        {
          final: true,
          alternatives: [{
            transcript: 'call ECMO now ',
            confidence: 0.86,
            timestamps: [['call', 0, 0.5], ['ECMO', 0.5, 2.5], ['now', 2.5, 3]],
            word_confidence: [['call', 0.81], ['ECMO', 0.95], ['now', 0.83]],
          }],
        },
        {
          final: true,
          alternatives: [{
            transcript: 'New York City or NYC ',
            confidence: 0.93,
            timestamps: [['New York City', 4, 5.5], ['or', 5.5, 6], ['NYC', 6, 7]],
            word_confidence: [['New York City', 0.95], ['or', 0.88], ['NYC', 0.95]],
          }],
        },
      ],
      result_index: 0,
    });
  });

  it('matches any sounds_like entry and the word itself, case-insensitively', () => {
    const context = custom([ECMO]);
    expect(transcripts(run([part('eck mo', 1)], {}, context))).toEqual(['ECMO ']);
    expect(transcripts(run([part('Ecmo', 1)], {}, context))).toEqual(['ECMO ']);
    expect(transcripts(run([part('E C M O', 1)], {}, context))).toEqual(['ECMO ']);
  });

  it('goes left to right without overlaps; the earlier trained word wins the same run', () => {
    const words: TrainedWord[] = [
      { word: 'AB', displayAs: 'AB', soundsLike: ['a b'] },
      { word: 'BCD', displayAs: 'BCD', soundsLike: ['b c d'] },
      { word: 'first', displayAs: 'First', soundsLike: ['x y'] },
      { word: 'second', displayAs: 'Second', soundsLike: ['x y'] },
    ];
    expect(transcripts(run([part('a b c d x y', 3)], {}, custom(words)))).toEqual(['AB c d First ']);
  });

  it('matches within a result only', () => {
    expect(transcripts(run([part('Visit new. York', 3)], {}, custom([NYC])))).toEqual(['visit new ', 'york ']);
  });

  it('leaves the words as spoken with weight 0 or without a custom model', () => {
    expect(run([part(SCRIPT, 7)], {}, custom([ECMO, NYC, NYC_LONG], 0))).toEqual(run([part(SCRIPT, 7)]));
    expect(transcripts(run([part(SCRIPT, 7)]))).toEqual(['call e c m o now ', 'new york city or new york ']);
  });
});

describe('max_alternatives', () => {
  it('adds the uncustomized reading as a second alternative, without confidence or timestamps', () => {
    expect(run([part('call eck mo', 3)], { maxAlternatives: 3, timestamps: true }, custom([ECMO]))).toEqual({
      results: [{
        final: true,
        alternatives: [
          { transcript: 'call ECMO ', confidence: 0.88, timestamps: [['call', 0, 1], ['ECMO', 1, 3]] },
          { transcript: 'call eck mo ' },
        ],
      }],
      result_index: 0,
    });
  });

  it('gives one alternative when max_alternatives is 1, when nothing changed, and without a custom model', () => {
    expect(run([part('call eck mo', 3)], {}, custom([ECMO])).results[0]).toEqual({ final: true, alternatives: [{ transcript: 'call ECMO ', confidence: 0.88 }] });
    const same: TrainedWord = { word: 'hello', displayAs: '', soundsLike: [] };
    expect(run([part('hello world', 2)], { maxAlternatives: 2 }, custom([same])).results[0])
      .toEqual({ final: true, alternatives: [{ transcript: 'hello world ', confidence: 0.91 }] });
    expect(run([part('hello world', 2)], { maxAlternatives: 5 }).results[0])
      .toEqual({ final: true, alternatives: [{ transcript: 'hello world ', confidence: 0.85 }] });
  });
});

describe('grammars', () => {
  const PHRASES: Record<string, string[]> = { yes: ['Yes'], no: ['No'], 'one two three': ['123'] };
  const grammar = (words: readonly string[]) => PHRASES[words.join(' ').toLowerCase()];

  it('answers the grammar phrase for a matching result and drops the others', () => {
    expect(run([part('Yes. Maybe.', 3)], { timestamps: true, maxAlternatives: 3 }, custom([], 0.3, grammar))).toEqual({
      results: [{ final: true, alternatives: [{ transcript: 'Yes ', confidence: 0.84, timestamps: [['Yes', 0, 1]] }] }],
      result_index: 0,
    });
  });

  it('answers no results when nothing matches', () => {
    expect(run([part('maybe', 3)], {}, custom([], 0.3, grammar))).toEqual({ results: [], result_index: 0 });
  });

  it('spreads a phrase of another length over the result and ignores custom words and the weight', () => {
    const words: TrainedWord[] = [{ word: 'one', displayAs: 'ONE', soundsLike: [] }];
    expect(run([part('One two three', 3)], { timestamps: true }, custom(words, 0, grammar))).toEqual({
      results: [{ final: true, alternatives: [{ transcript: '123 ', confidence: 0.91, timestamps: [['123', 0, 3]] }] }],
      result_index: 0,
    });
  });

  it('passes each result\'s spoken words, normalized', () => {
    const seen: string[][] = [];
    run([part('Um, YES! 12 now', 6)], {}, custom([], 0.3, (words) => { seen.push([...words]); return undefined; }));
    expect(seen).toEqual([['um', 'yes'], ['twelve', 'now']]);
  });
});

describe('keywords', () => {
  const SCRIPT = 'Tornadoes in Colorado on Sunday';

  it('spots keywords in each result with their times and confidence', () => {
    expect(run([part(SCRIPT, 5)], { keywords: ['colorado', 'SUNDAY', 'in colorado', 'boston'], keywordsThreshold: 0.5 })).toEqual({
      results: [{
        final: true,
        alternatives: [{ transcript: 'tornadoes in colorado on sunday ', confidence: 0.88 }],
        keywords_result: {
          colorado: [{ normalized_text: 'colorado', start_time: 2, end_time: 3, confidence: 0.86 }],
          SUNDAY: [{ normalized_text: 'sunday', start_time: 4, end_time: 5, confidence: 0.97 }],
          'in colorado': [{ normalized_text: 'in colorado', start_time: 1, end_time: 3, confidence: 0.86 }],
        },
      }],
      result_index: 0,
    });
  });

  it('answers {} when no keyword matches, leaves out matches below the threshold, and nothing without a threshold', () => {
    expect((run([part(SCRIPT, 5)], { keywords: ['boston'], keywordsThreshold: 0.5 }).results[0] as SpeechRecognitionResult).keywords_result).toEqual({});
    expect((run([part(SCRIPT, 5)], { keywords: ['colorado', 'sunday'], keywordsThreshold: 0.9 }).results[0] as SpeechRecognitionResult).keywords_result)
      .toEqual({ sunday: [{ normalized_text: 'sunday', start_time: 4, end_time: 5, confidence: 0.97 }] });
    expect(run([part(SCRIPT, 5)], { keywords: ['colorado'] }).results[0]).not.toHaveProperty('keywords_result');
  });

  it('spots every occurrence, custom words as transcribed, spelled numbers, and profanity unmasked', () => {
    const answer = run([part('New york city or new york city. Call nine one one, shit!', 7)], {
      keywords: ['new york city', '911', 'nine one one', 'shit'], keywordsThreshold: 0.5,
    }, custom([NYC_LONG]));
    expect(answer.results.map((result) => (result as SpeechRecognitionResult).keywords_result)).toEqual([
      {
        'new york city': [
          { normalized_text: 'New York City', start_time: 0, end_time: 1.5, confidence: 0.95 },
          { normalized_text: 'New York City', start_time: 2, end_time: 3.5, confidence: 0.95 },
        ],
      },
      {
        'nine one one': [{ normalized_text: 'nine one one', start_time: 5, end_time: 6.5, confidence: 0.93 }],
        shit: [{ normalized_text: 'shit', start_time: 6.5, end_time: 7, confidence: 0.95 }],
      },
    ]);
    expect(transcripts(answer)).toEqual(['New York City or New York City ', 'call nine one one **** ']);
    const spelled = run([part('call nine hundred eleven', 4)], { keywords: ['911'], keywordsThreshold: 0 });
    expect((spelled.results[0] as SpeechRecognitionResult).keywords_result)
      .toEqual({ 911: [{ normalized_text: 'nine hundred eleven', start_time: 1, end_time: 4, confidence: 0.84 }] });
  });
});

describe('word alternatives', () => {
  it('lists each word with its confidence, and the uncustomized words second, above the threshold', () => {
    const context = custom([ECMO]);
    expect(run([part('call eck mo', 3)], { wordAlternativesThreshold: 0.01 }, context).results[0]).toEqual({
      final: true,
      alternatives: [{ transcript: 'call ECMO ', confidence: 0.88 }],
      word_alternatives: [
        { start_time: 0, end_time: 1, alternatives: [{ confidence: 0.81, word: 'call' }] },
        { start_time: 1, end_time: 3, alternatives: [{ confidence: 0.95, word: 'ECMO' }, { confidence: 0.05, word: 'eck mo' }] },
      ],
    });
    expect((run([part('call eck mo', 3)], { wordAlternativesThreshold: 0.9 }, context).results[0] as SpeechRecognitionResult).word_alternatives)
      .toEqual([{ start_time: 1, end_time: 3, alternatives: [{ confidence: 0.95, word: 'ECMO' }] }]);
    expect((run([part('call', 1)], { wordAlternativesThreshold: 0.99 }).results[0] as SpeechRecognitionResult).word_alternatives).toEqual([]);
  });
});

describe('speaker labels', () => {
  it('labels every timestamp, alternating speakers per phrase', () => {
    expect(run([part('Hello world. How are you?', 5)], { speakerLabels: true, timestamps: true }).speaker_labels).toEqual([
      { from: 0, to: 0.8, speaker: 0, confidence: 0.83, final: true },
      { from: 0.8, to: 1.6, speaker: 0, confidence: 0.87, final: true },
      { from: 2.6, to: 3.4, speaker: 1, confidence: 0.89, final: true },
      { from: 3.4, to: 4.2, speaker: 1, confidence: 0.89, final: true },
      { from: 4.2, to: 5, speaker: 1, confidence: 0.88, final: true },
    ]);
  });

  it('switches speakers at the end of a part and at every phrase, even without a result split', () => {
    const answer = run([part('One. Two. Three', 30), part('four', 1)], { speakerLabels: true, timestamps: true, endOfPhraseSilenceTime: 5 });
    expect(answer.speaker_labels!.map((label) => label.speaker)).toEqual([0, 1, 0, 1]);
    expect(answer).not.toHaveProperty('audio_metrics');
  });
});

describe('speech_begin_event and audio_metrics', () => {
  it('puts the start of the first word first in results', () => {
    expect(run([part(undefined, 2), part('hello', 1)], { speechBeginEvent: true })).toEqual({
      results: [{ speech_begin_event: { begin: 2 } }, { final: true, alternatives: [{ transcript: 'hello ', confidence: 0.83 }] }],
      result_index: 0,
    });
    const grammar = () => undefined;
    expect(run([part('hello', 1)], { speechBeginEvent: true }, custom([], 0.3, grammar)))
      .toEqual({ results: [{ speech_begin_event: { begin: 0 } }], result_index: 0 });
  });

  it('answers IBM-shaped audio metrics for the whole request', () => {
    expect(run([part('Hello world. How are you?', 5)], { audioMetrics: true }).audio_metrics).toEqual({
      sampling_interval: 0.1,
      accumulated: {
        final: true,
        end_time: 5,
        speech_ratio: 0.8,
        high_frequency_loss: 0.5,
        direct_current_offset: [
          { begin: -1, end: -0.9, count: 0 }, { begin: -0.9, end: -0.7, count: 0 }, { begin: -0.7, end: -0.5, count: 0 },
          { begin: -0.5, end: -0.3, count: 0 }, { begin: -0.3, end: -0.1, count: 0 }, { begin: -0.1, end: 0.1, count: 50 },
          { begin: 0.1, end: 0.3, count: 0 }, { begin: 0.3, end: 0.5, count: 0 }, { begin: 0.5, end: 0.7, count: 0 },
          { begin: 0.7, end: 0.9, count: 0 }, { begin: 0.9, end: 1, count: 0 },
        ],
        clipping_rate: [
          { begin: 0, end: 0.00001, count: 50 }, { begin: 0.00001, end: 0.0001, count: 0 }, { begin: 0.0001, end: 0.001, count: 0 },
          { begin: 0.001, end: 0.01, count: 0 }, { begin: 0.01, end: 0.1, count: 0 }, { begin: 0.1, end: 1, count: 0 },
        ],
        speech_level: [
          { begin: 0, end: 0.1, count: 0 }, { begin: 0.1, end: 0.2, count: 0 }, { begin: 0.2, end: 0.3, count: 0 },
          { begin: 0.3, end: 0.4, count: 0 }, { begin: 0.4, end: 0.5, count: 0 }, { begin: 0.5, end: 0.6, count: 0 },
          { begin: 0.6, end: 0.7, count: 40 }, { begin: 0.7, end: 0.8, count: 0 }, { begin: 0.8, end: 0.9, count: 0 },
          { begin: 0.9, end: 1, count: 0 },
        ],
        non_speech_level: [
          { begin: 0, end: 0.1, count: 10 }, { begin: 0.1, end: 0.2, count: 0 }, { begin: 0.2, end: 0.3, count: 0 },
          { begin: 0.3, end: 0.4, count: 0 }, { begin: 0.4, end: 0.5, count: 0 }, { begin: 0.5, end: 0.6, count: 0 },
          { begin: 0.6, end: 0.7, count: 0 }, { begin: 0.7, end: 0.8, count: 0 }, { begin: 0.8, end: 0.9, count: 0 },
          { begin: 0.9, end: 1, count: 0 },
        ],
      },
    });
    expect(run([part('Hello world', 3), part(undefined, 2), part('Good bye.', 4)], { audioMetrics: true }).audio_metrics).toEqual(metrics(9, 90, 70, 0.778));
  });
});

describe('determinism and invariants', () => {
  const everything: Partial<RecognitionOptions> = {
    timestamps: true, wordConfidence: true, speakerLabels: true, audioMetrics: true, speechBeginEvent: true, maxAlternatives: 3,
    keywords: ['new york', 'um'], keywordsThreshold: 0.2, wordAlternativesThreshold: 0.01, splitTranscriptAtPhraseEnd: true, smartFormatting: true,
  };

  it('gives the same answer for the same input', () => {
    const parts = [part('Um, new york. One two three... Shit!', 7.3), part(undefined, 1), part('E. C. M. O.', 2.2)];
    const context = custom([ECMO, NYC]);
    const first = transcribe(parts, options(everything), context);
    expect(transcribe(parts, options(everything), context)).toEqual(first);
    expect(JSON.stringify(transcribe(parts, options(everything), context))).toBe(JSON.stringify(first));
  });

  it('keeps times monotonic and within the audio, transcripts with a trailing space, for any script and durations', () => {
    const word = fc.constantFrom('hello', 'world.', 'um', 'new', 'york', 'e.', 'c', 'one', 'twenty', '42', 'wait...', 'shit', '?', 'Yes!');
    const script = fc.option(fc.array(word, { maxLength: 12 }).map((words) => words.join(' ')), { nil: undefined });
    fc.assert(fc.property(fc.array(fc.tuple(script, fc.double({ min: 0, max: 30, noNaN: true })), { minLength: 1, maxLength: 3 }), (spec) => {
      const parts = spec.map(([text, duration]) => part(text, duration));
      const total = spec.reduce((sum, [, duration]) => sum + duration, 0);
      const answer = transcribe(parts, options(everything), custom([ECMO, NYC]));
      const times = answer.speaker_labels!.flatMap((label) => [label.from, label.to]);
      times.forEach((time, i) => expect(time).toBeGreaterThanOrEqual(i > 0 ? times[i - 1] : 0));
      if (times.length > 0) expect(times[times.length - 1]).toBeLessThanOrEqual(total);
      for (const result of answer.results) {
        if ('alternatives' in result) for (const alternative of result.alternatives) expect(alternative.transcript).toMatch(/^(\S+ )*$/u);
      }
    }), { numRuns: 300 });
  });
});
