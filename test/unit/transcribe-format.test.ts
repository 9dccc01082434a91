import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HESITATION, filtersProfanity, formatsSmartly, marksHesitations, maskProfanity, redact, smartFormat,
} from '../../lib/recognition/format';
import { normalizeWord, parseScript, spokenWords } from '../../lib/recognition/script';
import { endOfPhraseSilence, transcribe, wordConfidence, type TranscribeContext } from '../../lib/recognition/transcribe';
import type { RecognitionOptions, SpeechRecognitionResult, SpeechRecognitionResults, SpokenPart, TrainedWord } from '../../lib/recognition/types';
import { numberSpeller } from '../../lib/text/tokenize';

// The transcript post-processing (lib/recognition/format.ts), script reading (lib/recognition/script.ts) and the
// word-confidence hash; transcribe.test.ts covers the rest of lib/recognition/transcribe.ts.

const DEFAULTS: RecognitionOptions = {
  model: 'en-US_BroadbandModel', inactivityTimeout: 30, keywords: [], maxAlternatives: 1, wordConfidence: false, timestamps: false,
  profanityFilter: true, smartFormatting: false, smartFormattingVersion: 0, speakerLabels: false, redaction: false, audioMetrics: false,
  endOfPhraseSilenceTime: 0, splitTranscriptAtPhraseEnd: false, speechDetectorSensitivity: 0.5, sadModule: 1,
  backgroundAudioSuppression: 0, lowLatency: false, characterInsertionBias: 0, speechBeginEvent: false,
};
const part = (script: string | undefined, durationSeconds: number): SpokenPart => ({
  script,
  audio: { contentType: 'audio/wav', sampleRate: 16000, channels: 1, durationSeconds, bytes: Math.round(durationSeconds * 32000) + 44 },
});
const EN: TranscribeContext = { language: 'en-US', generation: 'previous' };
const custom = (words: TrainedWord[]): TranscribeContext => ({ ...EN, customization: { words, weight: 0.3 } });
const run = (parts: SpokenPart[], overrides: Partial<RecognitionOptions> = {}, context: TranscribeContext = EN): SpeechRecognitionResults =>
  transcribe(parts, { ...DEFAULTS, ...overrides }, context);
const transcripts = (answer: SpeechRecognitionResults): string[] =>
  answer.results.map((result) => (result as SpeechRecognitionResult).alternatives[0].transcript);

describe('hesitations, profanity, smart formatting, redaction', () => {
  const HES = 'Um so uh yes hmm uhm';

  it('reports hesitations as %HESITATION for previous-generation US English only, also in timestamps', () => {
    const [result] = run([part(HES, 6)], { timestamps: true }).results as SpeechRecognitionResult[];
    expect(result.alternatives[0]).toEqual({
      transcript: '%HESITATION so %HESITATION yes %HESITATION %HESITATION ',
      confidence: 0.92,
      timestamps: [['%HESITATION', 0, 1], ['so', 1, 2], ['%HESITATION', 2, 3], ['yes', 3, 4], ['%HESITATION', 4, 5], ['%HESITATION', 5, 6]],
    });
    expect(transcripts(run([part(HES, 6)], {}, { language: 'en-US', generation: 'next' }))).toEqual(['um so uh yes hmm uhm ']);
    expect(transcripts(run([part(HES, 6)], {}, { language: 'en-GB', generation: 'previous' }))).toEqual(['um so uh yes hmm uhm ']);
  });

  it('masks profanity in US English transcripts, timestamps and word confidence, unless turned off', () => {
    expect(run([part('Oh shit it was you', 5)], { timestamps: true, wordConfidence: true }).results[0]).toEqual({
      final: true,
      alternatives: [{
        transcript: 'oh **** it was you ',
        confidence: 0.92,
        timestamps: [['oh', 0, 1], ['****', 1, 2], ['it', 2, 3], ['was', 3, 4], ['you', 4, 5]],
        word_confidence: [['oh', 0.98], ['****', 0.95], ['it', 0.8], ['was', 0.98], ['you', 0.88]],
      }],
    });
    expect(transcripts(run([part('Oh shit it was you', 5)], { profanityFilter: false }))).toEqual(['oh shit it was you ']);
    expect(transcripts(run([part('Merde shit', 2)], {}, { language: 'fr-FR', generation: 'previous' }))).toEqual(['merde shit ']);
    expect(transcripts(run([part('くそ', 1)], {}, { language: 'ja-JP', generation: 'next' }))).toEqual(['** ']);
  });

  it('masks a profane custom word and its uncustomized alternatives too', () => {
    const words: TrainedWord[] = [{ word: 'holy_shit', displayAs: 'Holy shit', soundsLike: ['holy moly'] }];
    expect(run([part('holy moly', 2)], { maxAlternatives: 2, timestamps: true, wordAlternativesThreshold: 0.01 }, custom(words)).results[0]).toEqual({
      final: true,
      alternatives: [{ transcript: 'Holy **** ', confidence: 0.95, timestamps: [['Holy ****', 0, 2]] }, { transcript: 'holy moly ' }],
      word_alternatives: [{ start_time: 0, end_time: 2, alternatives: [{ confidence: 0.95, word: 'Holy ****' }, { confidence: 0.05, word: 'holy moly' }] }],
    });
  });

  it('smart formatting turns spelled numbers into digits and drops hesitations, in transcripts only', () => {
    const script = 'Um the total is one hundred twenty three dollars';
    expect(run([part(script, 9)], { smartFormatting: true, timestamps: true, maxAlternatives: 2 }).results[0]).toEqual({
      final: true,
      alternatives: [{
        transcript: 'the total is $123 ',
        confidence: 0.9,
        timestamps: [['%HESITATION', 0, 1], ['the', 1, 2], ['total', 2, 3], ['is', 3, 4], ['one', 4, 5], ['hundred', 5, 6], ['twenty', 6, 7], ['three', 7, 8], ['dollars', 8, 9]],
      }],
    });
    expect(transcripts(run([part(script, 9)]))).toEqual(['%HESITATION the total is one hundred twenty three dollars ']);
    expect(transcripts(run([part('ciento veintitrés por ciento', 4)], { smartFormatting: true }, { language: 'es-ES', generation: 'next' }))).toEqual(['123% ']);
    expect(transcripts(run([part('un deux trois', 3)], { smartFormatting: true }, { language: 'fr-FR', generation: 'previous' }))).toEqual(['un deux trois ']);
    expect(transcripts(run([part('one two three', 3)], { smartFormatting: true }, { language: 'en-GB', generation: 'previous' }))).toEqual(['one two three ']);
    expect(transcripts(run([part('one two three', 3)], { smartFormatting: true }, { language: 'en-GB', generation: 'large' }))).toEqual(['123 ']);
  });

  it('formats the second alternative too, and splits numbers at result boundaries', () => {
    const words: TrainedWord[] = [{ word: 'IBM', displayAs: 'IBM', soundsLike: ['i b m'] }];
    expect(run([part('i b m one two', 5)], { smartFormatting: true, maxAlternatives: 2 }, custom(words)).results[0]).toEqual({
      final: true, alternatives: [{ transcript: 'IBM 12 ', confidence: 0.96 }, { transcript: 'i b m 12 ' }],
    });
    expect(transcripts(run([part('nine one four. Five five seven', 6)], { smartFormatting: true }))).toEqual(['914 ', '557 ']);
  });

  it('redaction masks each digit of numbers of three or more digits after smart formatting', () => {
    const script = 'my card number is four one four seven two and my pin is one two';
    expect(transcripts(run([part(script, 14)], { redaction: true, smartFormatting: true }))).toEqual(['my card number is XXXXX and my pin is 12 ']);
  });
});

describe('reading scripts', () => {
  it('lower-cases words, strips edge punctuation and marks phrase ends', () => {
    expect(parseScript('Hello, World! "Don\'t stop." (yes.) wait... no … ok ? - fin', 'en-US')).toEqual([
      { text: 'hello' }, { text: 'world', end: 'full_stop' }, { text: "don't" }, { text: 'stop', end: 'full_stop' },
      { text: 'yes', end: 'full_stop' }, { text: 'wait', end: 'silence' }, { text: 'no', end: 'silence' }, { text: 'ok', end: 'full_stop' },
      { text: 'fin' },
    ]);
  });

  it('does not end a phrase at a single-letter initial, and ends one at 。？！', () => {
    expect(parseScript('E. C. M. O. now.', 'en-US').map((word) => word.end ?? '-')).toEqual(['-', '-', '-', '-', 'full_stop']);
    expect(parseScript('はい。 いいえ？', 'ja-JP')).toEqual([{ text: 'はい', end: 'full_stop' }, { text: 'いいえ', end: 'full_stop' }]);
  });

  it('speaks numbers written with digits in the language, the phrase end on the last number word', () => {
    expect(parseScript('Call 911. Pay 3.5', 'en-US')).toEqual([
      { text: 'call' }, { text: 'nine' }, { text: 'hundred' }, { text: 'eleven', end: 'full_stop' }, { text: 'pay' }, { text: 'three' }, { text: 'point' }, { text: 'five' },
    ]);
    expect(spokenWords('21', 'es-ES')).toEqual(['veintiuno']);
    expect(spokenWords('21', 'fr-FR')).toEqual(['vingt', 'et', 'un']);
  });

  it('normalizes single words and gives nothing for no script', () => {
    expect(normalizeWord('«Ça!»')).toBe('ça');
    expect(normalizeWord('%HESITATION')).toBe('hesitation');
    expect(spokenWords(undefined)).toEqual([]);
    expect(spokenWords('  ')).toEqual([]);
  });
});

describe('smart formatting', () => {
  const format = (text: string, language = 'en-US') => smartFormat(text.split(' '), language).join(' ');

  it('formats the numbers of IBM\'s US English examples', () => {
    expect(format('the quantity is one million one hundred and one')).toBe('the quantity is 1000101');
    expect(format('one point five is between one and two')).toBe('1.5 is between 1 and 2');
    expect(format('you owe me three thousand two hundred two dollars and sixty six')).toBe('you owe me $3202.66');
    expect(format('sixty nine thousand five hundred sixty dollars and twenty five cents')).toBe('$69560.25');
    expect(format('the code is zero two four eight one')).toBe('the code is 02481');
    expect(format('born in nineteen seventy or nineteen hundred')).toBe('born in 1970 or 1900');
    expect(format('fifty percent of twenty-three')).toBe('50% of 23');
  });

  it('formats Spanish numbers, currency and percent', () => {
    expect(format('un millón doscientos mil', 'es-ES')).toBe('1200000');
    expect(format('mil cuarenta y dos pesos', 'es-MX')).toBe('$1042');
    expect(format('cinco dólares y veinte centavos', 'es-ES')).toBe('$5.20');
    expect(format('veinte por ciento de una casa', 'es-ES')).toBe('20% de una casa');
  });

  it('reads back every number that lib/text spells, in English and Spanish', () => {
    for (const language of ['en-US', 'es-ES']) {
      const spell = numberSpeller(language);
      fc.assert(fc.property(fc.integer({ min: 0, max: 999_999_999 }), (n) => {
        expect(smartFormat([...spell(String(n))], language)).toEqual([String(n)]);
      }), { numRuns: 500 });
    }
  });

  it('drops %HESITATION in every language and leaves other languages\' words alone', () => {
    expect(smartFormat([HESITATION, 'un', 'deux', HESITATION], 'fr-FR')).toEqual(['un', 'deux']);
    expect(smartFormat(['Twenty', 'One'], 'en-US')).toEqual(['21']);
  });

  it('applies to US English, Japanese and Spanish, or every language with large speech models', () => {
    expect([['en-US', 'previous'], ['ja-JP', 'next'], ['es-AR', 'next'], ['fr-FR', 'large'], ['en-GB', 'previous'], ['fr-FR', 'next']]
      .map(([language, generation]) => formatsSmartly(language, generation as 'previous')))
      .toEqual([true, true, true, true, false, false]);
  });
});

describe('redaction, profanity, hesitations, confidence', () => {
  it('redacts each digit of runs of three or more digits', () => {
    expect(redact(['41472', '12', '$3202.66', 'a1234b'])).toEqual(['XXXXX', '12', '$XXXX.66', 'aXXXXb']);
  });

  it('masks profane words case-insensitively, with as many asterisks as characters', () => {
    expect(maskProfanity('Holy SHIT you bastard')).toBe('Holy **** you *******');
    expect(maskProfanity('ちくしょう')).toBe('*****');
    expect(['en-US', 'ja-JP', 'en-GB', 'fr-FR'].map(filtersProfanity)).toEqual([true, true, false, false]);
  });

  it('marks hesitations for previous-generation US English only', () => {
    expect(marksHesitations('en-US', 'previous')).toBe(true);
    expect(marksHesitations('en-US', 'next')).toBe(false);
    expect(marksHesitations('en-GB', 'previous')).toBe(false);
  });

  it('derives word confidence from FNV-1a of the lower-cased word, 0.80 to 0.99', () => {
    const fnv = (text: string) => {
      let hash = 2166136261;
      for (const unit of text) hash = Number((BigInt((hash ^ unit.charCodeAt(0)) >>> 0) * 16777619n) % 4294967296n);
      return hash;
    };
    for (const word of ['hello', 'World', 'ECMO', '%HESITATION', 'cardiology', 'x']) {
      expect(wordConfidence(word)).toBe((80 + (fnv(word.toLowerCase()) % 20)) / 100);
    }
    expect(wordConfidence('hello')).toBe(0.83);
  });

  it('takes 0 as the default end_of_phrase_silence_time', () => {
    expect(endOfPhraseSilence({ endOfPhraseSilenceTime: 0 }, 'en-US')).toBe(0.8);
    expect(endOfPhraseSilence({ endOfPhraseSilenceTime: 0 }, 'zh-CN')).toBe(0.6);
    expect(endOfPhraseSilence({ endOfPhraseSilenceTime: 2.5 }, 'zh-CN')).toBe(2.5);
  });
});
