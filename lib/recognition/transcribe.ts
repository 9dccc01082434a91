/**
 * Deterministic transcripts (recognition spec §4, §5.2–§5.4, §12 item 2). The emulator cannot recognize speech: a
 * test scripts what was spoken in each audio, and `transcribe` derives the service's JSON from that script, the
 * audio's duration, the request's options and the custom model as its last training left it. It is a pure function:
 * no I/O, no clock, no randomness — the same input always gives the same output.
 *
 * ## Spoken words (lib/recognition/script.ts)
 * - The script is split on white space. Each word is lower-cased (the service has no capitalisation by default,
 *   §4.5) and loses its leading and trailing punctuation; inner apostrophes and the like stay (`don't`). A number
 *   written with digits is spoken as its words in the request's language (`911` → `nine hundred eleven`). A word
 *   left empty (`-`) is dropped.
 * - A word ending in `.`, `?` or `!` (also `。？！`, before closing quotes or brackets) ends a phrase (a *full stop*);
 *   a word ending in an ellipsis (`...`, `…`) ends a phrase by trailing off (a *silence*). A single-letter initial
 *   (`E.` in `E. C. M. O.`) ends nothing. Punctuation standing alone (`yes !`) ends the phrase of the word before it.
 *   Transcripts carry no punctuation.
 * - A part without a script (undefined or blank, or punctuation only) has no speech and gives no results. No speech
 *   at all: `{"results": [], "result_index": 0}` (plus `speaker_labels: []` and `audio_metrics` when requested).
 *
 * ## Timing
 * - Per part, with D = its duration floored to 1/100 s, n words and k phrase ends before its last word: a pause
 *   p = min(1.0, D / (2k)) s follows each of those k phrase ends (pauses never take more than half the audio), and
 *   the words share the rest equally, back to back from 0 to D: each lasts (D − k·p) / n s. No lead-in, no tail.
 * - Times are seconds from the start of the request's audio, rounded to 2 decimals, monotonic, and never past the
 *   end of their part. With several parts (multipart), results come in part order and each part's times are
 *   offset by the durations of the parts before it (one continuous stream); a part's end always ends a result.
 *
 * ## Results
 * - All results are `final: true`; `result_index` is 0.
 * - A part's words are split into results at each phrase end whose pause is at least `end_of_phrase_silence_time`
 *   (0 means the default: 0.8 s, Chinese 0.6 s), so by default every phrase of a long enough audio is a result.
 * - With `split_transcript_at_phrase_end=true` every full stop also ends a result, and every result carries
 *   `end_of_utterance`: `full_stop` after a full stop, `silence` after a trailing-off pause that was long enough,
 *   `end_of_data` for the last result of each part.
 * - `transcript`: the words separated by single spaces, with a trailing space (`"hello world "`); `""` if smart
 *   formatting removed every word (a result of hesitations only).
 *
 * ## Custom words (`context.customization` with `weight` > 0, no grammar)
 * - Within a result, each run of spoken words that equals (after the same normalization as scripts: lower case,
 *   edge punctuation stripped, digits spelled) one of a trained word's `sounds_like` entries, or the word itself,
 *   comes back as its `display_as` (the `word` when `display_as` is empty), as one token whose time spans the run.
 *   Matching goes left to right without overlaps: at each word the longest matching run wins, and matching resumes
 *   after it; when two trained words claim the same run, the earlier in `customization.words` wins. A `display_as` of several words stays as written (one timestamp entry).
 * - Weight 0 leaves the words as spoken.
 *
 * ## Grammars (`customization.grammar`, whatever the weight)
 * - Each result's spoken words (normalized as above, hesitations as spoken) go to `grammar(words)`. A match gives the
 *   grammar's phrase (its tokens as the grammar writes them) as the transcript; its tokens take the spoken words'
 *   times one for one when the counts agree, else they share the result's time span equally. No match (or an empty
 *   phrase): the result is dropped; all dropped → `results: []`. Custom words do not apply (§5.4: the grammar alone
 *   decides), and there is never a second alternative.
 *
 * ## Alternatives and confidence
 * - Word confidence: a hash (32-bit FNV-1a) of the lower-cased token mapped to 0.80–0.99 (2 decimals); a token made
 *   by a custom word: 0.95. A result's `confidence` is the mean of its tokens' confidences, rounded to 2 decimals.
 * - `max_alternatives`: the first alternative is the customized reading. When custom words changed the transcript
 *   and `max_alternatives` ≥ 2, the uncustomized reading (the words as spoken) is the second alternative. No other
 *   alternatives are invented.
 * - Only the first alternative has `confidence`, `timestamps` (with `timestamps=true`: `[token, start, end]`) and
 *   `word_confidence` (with `word_confidence=true`: `[token, confidence]`).
 *
 * ## Keywords (`keywords` non-empty and `keywords_threshold` given; redaction has emptied them already)
 * - Each keyword's words are normalized like script words (lower case, edge punctuation stripped; in US English a
 *   keyword written with digits also matches its spoken words: `911` → `nine hundred eleven`) and spotted at every
 *   position in the words of the result's first alternative (a token of several words gives each of them its
 *   times), before profanity filtering and smart formatting; a multi-word keyword must lie within one result.
 * - `keywords_result` maps each keyword as given to its matches `{normalized_text, start_time, end_time,
 *   confidence}`: `normalized_text` the matched words as transcribed, the times those of the first and last words,
 *   `confidence` the mean of their confidences (2 decimals); only matches with confidence ≥ threshold. Keywords
 *   without matches are omitted; a result without any has `keywords_result: {}` (§14 item 9).
 *
 * ## Word alternatives (`word_alternatives_threshold` given)
 * - One entry per token of the first alternative, `{start_time, end_time, alternatives}`: the token with its
 *   confidence and, when a custom word changed it, the uncustomized words with 1 − that confidence (0.05), each only
 *   if ≥ threshold; tokens left without alternatives have no entry (`word_alternatives` may be `[]`).
 *
 * ## Speaker labels (`speaker_labels=true`)
 * - Top-level `speaker_labels`: one entry per timestamp of the first alternatives, in order, `{from, to, speaker,
 *   confidence, final: true}` with `from`/`to` the token's times, `confidence` the token's confidence, and the speaker
 *   alternating 0, 1, 0… per phrase over the whole request (each phrase end, and each part's end, switches).
 *
 * ## Hesitations, profanity, smart formatting, redaction (lib/recognition/format.ts)
 * - Previous-generation US English reports spoken `uh`, `um`, `uhm`, `hmm` as `%HESITATION` (also in timestamps);
 *   other models keep the words.
 * - `profanity_filter` (default true; US English and Japanese only): each word on a small built-in list becomes
 *   asterisks of the same length in every alternative's transcript, timestamps, word confidence and word
 *   alternatives — but not in keyword results.
 * - `smart_formatting` (US English, Japanese and Spanish with previous/next-generation models; every language
 *   with large speech models) changes only the `transcript` of each alternative, never timestamps or word
 *   alternatives (IBM formatting.md): `%HESITATION` is removed; in English and Spanish runs of spelled-out numbers
 *   become digits (`one hundred twenty three` → `123`, `one two three` → `123`, `one point five` → `1.5`),
 *   `N percent` → `N%`, `N dollars` → `$N`, `N dollars and M [cents]` → `$N.MM`. Other languages: hesitations only.
 * - `redaction` (after smart formatting, in transcripts only): each digit of a run of 3+ digits becomes `X`.
 *
 * ## Other top-level fields
 * - `speech_begin_event=true` and some speech: a first result element `{"speech_begin_event": {"begin": t}}` (no
 *   alternatives), t the first spoken word's start — even if a grammar then drops every result.
 * - `audio_metrics=true`: one `audio_metrics` for the request, `sampling_interval` 0.1; `accumulated` with `final`
 *   true, `end_time` the total duration (2 decimals), N = total / 0.1 segments of which S = spoken time / 0.1 are
 *   speech (rounded), `speech_ratio` S/N (3 decimals), `high_frequency_loss` 0.5 and no `signal_to_noise_ratio`
 *   (the emulator cannot measure them: IBM's "unavailable" values); histograms with IBM's bins, all N segments in
 *   `direct_current_offset` [-0.1, 0.1] and `clipping_rate` [0, 1e-05], S in `speech_level` [0.6, 0.7], N − S in
 *   `non_speech_level` [0.0, 0.1].
 * - `warnings` are the caller's.
 */
import {
  HESITATION, HESITATION_WORDS, filtersProfanity, formatsSmartly, marksHesitations, maskProfanity, redact, smartFormat,
} from './format';
import { normalizeWord, parseScript, spokenWords } from './script';
import type {
  AudioMetrics, AudioMetricsHistogramBin, KeywordResult, LanguageCustomization, RecognitionOptions, SpeakerLabelsResult,
  SpeechBeginEventResult, SpeechRecognitionAlternative, SpeechRecognitionResult, SpeechRecognitionResults, SpokenPart,
  TrainedWord, WordAlternativeResults,
} from './types';

export { normalizeWord, parseScript, spokenWords } from './script';

export interface TranscribeContext {
  /** The base model's language, e.g. `en-US`. */
  language: string;
  generation: 'previous' | 'next' | 'large';
  /** The custom language model as its last training left it, with the effective weight and grammar. */
  customization?: LanguageCustomization;
}

/** The pause after a phrase end, in seconds, when the audio is long enough (else at most half of it is pauses). */
export const PHRASE_PAUSE_SECONDS = 1.0;
/** The confidence of a token made by a custom word. */
export const CUSTOM_WORD_CONFIDENCE = 0.95;
/** The `end_of_phrase_silence_time` that `0` stands for (Chinese: 0.6). */
export const DEFAULT_END_OF_PHRASE_SILENCE = 0.8;

const round2 = (x: number): number => Math.round(x * 100 + 1e-7) / 100;
/** x floored to hundredths, never above x (1.15 stays 1.15 although 1.15 × 100 is 114.999…). */
const floor2 = (x: number): number => {
  const hundredths = Math.round(x * 100);
  return hundredths / 100 <= x ? hundredths / 100 : (hundredths - 1) / 100;
};
const round3 = (x: number): number => Math.round(x * 1000 + 1e-7) / 1000;
/** The mean of 2-decimal values, rounded half up to 2 decimals (summed in hundredths, so exactly). */
const mean2 = (values: readonly number[]): number =>
  Math.round(values.reduce((sum, value) => sum + Math.round(value * 100), 0) / values.length) / 100;

/** A word's confidence: 32-bit FNV-1a of its lower-cased text, mapped to 0.80–0.99. */
export function wordConfidence(word: string): number {
  let hash = 0x811c9dc5;
  const text = word.toLowerCase();
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (80 + (hash % 20)) / 100;
}

/** The effective `end_of_phrase_silence_time`: the option, or for 0 the default (Chinese 0.6 s, else 0.8 s). */
export function endOfPhraseSilence(options: Pick<RecognitionOptions, 'endOfPhraseSilenceTime'>, language: string): number {
  if (options.endOfPhraseSilenceTime > 0) return options.endOfPhraseSilenceTime;
  return language.startsWith('zh') ? 0.6 : DEFAULT_END_OF_PHRASE_SILENCE;
}

/** A spoken word placed in time: exact seconds from the start of the request's audio. */
interface TimedWord {
  text: string;
  start: number;
  end: number;
  speaker: number;
}

/** A result's words before recognition: its part's time limit and why it ends. */
interface Segment {
  words: TimedWord[];
  /** The end of the part, floored to 1/100 s: no time goes past it. */
  limit: number;
  reason: 'full_stop' | 'silence' | 'end_of_data';
}

/** A transcript token: a word, a hesitation, a custom word's display_as, or a grammar token. */
interface Token {
  text: string;
  start: number;
  end: number;
  confidence: number;
  speaker: number;
  /** The words as spoken, when a custom word made this token. */
  spoken?: string;
}

/** Spoken-word runs (joined by single spaces) that custom words replace, their first words, and the longest run's length. */
interface CustomWordTable {
  runs: Map<string, string>;
  firsts: Set<string>;
  longest: number;
}

/** Plain ASCII letters separated by single spaces: normalized once lower-cased (the common case, read cheaply). */
const PLAIN_RUN = /^[a-z]+(?: [a-z]+)*$/u;

/** Tables already built, by the words array and language (the caller may hand the same array again). */
const tables = new WeakMap<readonly TrainedWord[], Map<string, CustomWordTable>>();

function customWordTable(words: readonly TrainedWord[], language: string): CustomWordTable {
  const cached = tables.get(words)?.get(language);
  if (cached) return cached;
  const runs = new Map<string, string>();
  const firsts = new Set<string>();
  let longest = 0;
  for (const word of words) {
    const shown = word.displayAs.trim() !== '' ? word.displayAs.trim() : word.word;
    for (const source of [...word.soundsLike, word.word]) {
      const lower = source.toLowerCase();
      const spoken = PLAIN_RUN.test(lower) ? lower.split(' ') : spokenWords(source, language);
      if (spoken.length === 0) continue;
      const key = spoken.join(' ');
      if (!runs.has(key)) runs.set(key, shown);
      firsts.add(spoken[0]);
      longest = Math.max(longest, spoken.length);
    }
  }
  const table = { runs, firsts, longest };
  if (!tables.has(words)) tables.set(words, new Map());
  tables.get(words)!.set(language, table);
  return table;
}

/**
 * Places each part's words in time and splits them into results (segments); also answers the seconds of speech
 * and the phrase count that speaker labels use.
 */
function segmentParts(parts: readonly SpokenPart[], options: RecognitionOptions, language: string): { segments: Segment[]; speech: number } {
  const silence = endOfPhraseSilence(options, language);
  const segments: Segment[] = [];
  let offset = 0;
  let phrase = 0;
  let speech = 0;
  for (const part of parts) {
    const duration = Number.isFinite(part.audio.durationSeconds) ? Math.max(0, part.audio.durationSeconds) : 0;
    const words = parseScript(part.script, language);
    if (words.length > 0) {
      const span = floor2(duration);
      const limit = floor2(offset + duration);
      const pauses = words.slice(0, -1).filter((word) => word.end !== undefined).length;
      const pause = pauses > 0 ? Math.min(PHRASE_PAUSE_SECONDS, span / (2 * pauses)) : 0;
      const length = (span - pauses * pause) / words.length;
      speech += span - pauses * pause;
      let local = 0;
      let current: TimedWord[] = [];
      words.forEach((word, i) => {
        current.push({ text: word.text, start: offset + local, end: offset + local + length, speaker: phrase % 2 });
        local += length;
        const last = i === words.length - 1;
        if (word.end !== undefined || last) phrase += 1;
        if (last) {
          segments.push({ words: current, limit, reason: 'end_of_data' });
        } else if (word.end !== undefined) {
          local += pause;
          const atFullStop = options.splitTranscriptAtPhraseEnd && word.end === 'full_stop';
          if (atFullStop || pause >= silence) {
            segments.push({ words: current, limit, reason: atFullStop ? 'full_stop' : 'silence' });
            current = [];
          }
        }
      });
    }
    offset += duration;
  }
  return { segments, speech };
}

/** The tokens of a segment read word by word (no customization), hesitations marked where the model does. */
function plainTokens(words: readonly TimedWord[], at: (t: number) => number, hesitations: boolean): Token[] {
  return words.map((word) => {
    const text = hesitations && HESITATION_WORDS.has(word.text) ? HESITATION : word.text;
    return { text, start: at(word.start), end: at(word.end), confidence: wordConfidence(text), speaker: word.speaker };
  });
}

/** The tokens of a segment with custom words applied: longest run first, left to right, no overlaps. */
function customTokens(words: readonly TimedWord[], at: (t: number) => number, hesitations: boolean, table: CustomWordTable): Token[] {
  const plain = plainTokens(words, at, hesitations);
  const tokens: Token[] = [];
  for (let i = 0; i < words.length;) {
    let matched = 0;
    // A run can start here only with one of the runs' first words (most words are not).
    const longest = table.firsts.has(words[i].text) ? Math.min(table.longest, words.length - i) : 0;
    for (let length = longest; length >= 1 && matched === 0; length--) {
      const shown = table.runs.get(words.slice(i, i + length).map((word) => word.text).join(' '));
      if (shown === undefined) continue;
      matched = length;
      tokens.push({
        text: shown,
        start: at(words[i].start),
        end: at(words[i + length - 1].end),
        confidence: CUSTOM_WORD_CONFIDENCE,
        speaker: words[i].speaker,
        spoken: plain.slice(i, i + length).map((token) => token.text).join(' '),
      });
    }
    if (matched === 0) {
      tokens.push(plain[i]);
      matched = 1;
    }
    i += matched;
  }
  return tokens;
}

/** The tokens of a grammar's phrase, on the spoken words' times (one for one) or sharing the segment's span. */
function grammarTokens(words: readonly TimedWord[], at: (t: number) => number, phrase: readonly string[]): Token[] {
  const begin = words[0].start;
  const span = words[words.length - 1].end - begin;
  return phrase.map((text, i) => {
    const same = phrase.length === words.length;
    const start = same ? words[i].start : begin + (span * i) / phrase.length;
    const end = same ? words[i].end : begin + (span * (i + 1)) / phrase.length;
    return { text, start: at(start), end: at(end), confidence: wordConfidence(text), speaker: words[Math.floor((i * words.length) / phrase.length)].speaker };
  });
}

/** Keyword spotting in a result's first alternative (before profanity filtering and smart formatting). */
function spotKeywords(tokens: readonly Token[], keywords: readonly string[], threshold: number, language: string): Record<string, KeywordResult[]> {
  const units = tokens.flatMap((token) => token.text.split(/\s+/u).filter((word) => word !== '').map((word) => ({
    word,
    key: word === HESITATION ? '' : normalizeWord(word),
    token,
  })));
  const found: Record<string, KeywordResult[]> = {};
  for (const keyword of new Set(keywords)) {
    const literal = keyword.split(/\s+/u).map(normalizeWord).filter((word) => word !== '');
    const forms = [literal];
    if (language === 'en-US') {
      const spelled = spokenWords(keyword, language);
      if (spelled.join(' ') !== literal.join(' ')) forms.push(spelled);
    }
    if (literal.length === 0) continue;
    const matches: KeywordResult[] = [];
    for (let i = 0; i < units.length; i++) {
      const wanted = forms.find((form) => i + form.length <= units.length && form.every((word, j) => units[i + j].key === word));
      if (!wanted) continue;
      const run = units.slice(i, i + wanted.length);
      const confidence = mean2(run.map((unit) => unit.token.confidence));
      if (confidence < threshold) continue;
      matches.push({
        normalized_text: run.map((unit) => unit.word).join(' '),
        start_time: run[0].token.start,
        end_time: run[run.length - 1].token.end,
        confidence,
      });
    }
    if (matches.length > 0) found[keyword] = matches;
  }
  return found;
}

/** Fixed histogram bins of IBM's audio-metrics example, with every count in the bin starting at `fill`. */
const bins = (edges: readonly number[], fill: number, count: number): AudioMetricsHistogramBin[] =>
  edges.slice(0, -1).map((begin, i) => ({ begin, end: edges[i + 1], count: begin === fill ? count : 0 }));
const DC_OFFSET_EDGES = [-1.0, -0.9, -0.7, -0.5, -0.3, -0.1, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0];
const CLIPPING_EDGES = [0.0, 1e-05, 0.0001, 0.001, 0.01, 0.1, 1.0];
const LEVEL_EDGES = Array.from({ length: 11 }, (_, i) => i / 10);

function audioMetrics(total: number, speech: number): AudioMetrics {
  const segments = Math.round(total * 10 + 1e-7);
  const speechSegments = Math.min(segments, Math.round(speech * 10 + 1e-7));
  return {
    sampling_interval: 0.1,
    accumulated: {
      final: true,
      end_time: round2(total),
      speech_ratio: segments > 0 ? round3(speechSegments / segments) : 0,
      high_frequency_loss: 0.5,
      direct_current_offset: bins(DC_OFFSET_EDGES, -0.1, segments),
      clipping_rate: bins(CLIPPING_EDGES, 0.0, segments),
      speech_level: bins(LEVEL_EDGES, 0.6, speechSegments),
      non_speech_level: bins(LEVEL_EDGES, 0.0, segments - speechSegments),
    },
  };
}

/**
 * The service's results for the scripted audio parts (see the rules at the top of this file), without `warnings`.
 * `options` are the validated options with defaults applied (lib/recognition/params.ts).
 */
export function transcribe(parts: readonly SpokenPart[], options: RecognitionOptions, context: TranscribeContext): SpeechRecognitionResults {
  const { language, generation, customization } = context;
  const { segments, speech } = segmentParts(parts, options, language);
  const hesitations = marksHesitations(language, generation);
  const grammar = customization?.grammar;
  const table = customization && customization.weight > 0 && !grammar ? customWordTable(customization.words, language) : undefined;
  const mask = options.profanityFilter && filtersProfanity(language) ? maskProfanity : (text: string) => text;
  const smart = options.smartFormatting && formatsSmartly(language, generation);
  const transcript = (tokens: readonly Token[]): string => {
    let words = tokens.flatMap((token) => mask(token.text).split(/\s+/u)).filter((word) => word !== '');
    if (smart) words = smartFormat(words, language);
    if (options.redaction) words = redact(words);
    return words.map((word) => `${word} `).join('');
  };
  const spotting = options.keywords.length > 0 && options.keywordsThreshold !== undefined;

  const results: (SpeechRecognitionResult | SpeechBeginEventResult)[] = [];
  const speakers: SpeakerLabelsResult[] = [];
  if (options.speechBeginEvent && segments.length > 0) {
    const first = segments[0];
    results.push({ speech_begin_event: { begin: Math.min(round2(first.words[0].start), first.limit) } });
  }
  for (const segment of segments) {
    const at = (t: number): number => Math.min(round2(t), segment.limit);
    let best: Token[];
    let plain: Token[] | undefined;
    if (grammar) {
      const phrase = grammar(segment.words.map((word) => word.text));
      if (!phrase || phrase.length === 0) continue;
      best = grammarTokens(segment.words, at, phrase);
    } else if (table) {
      best = customTokens(segment.words, at, hesitations, table);
      plain = plainTokens(segment.words, at, hesitations);
    } else {
      best = plainTokens(segment.words, at, hesitations);
    }
    const first: SpeechRecognitionAlternative = {
      transcript: transcript(best),
      confidence: mean2(best.map((token) => token.confidence)),
    };
    if (options.timestamps) first.timestamps = best.map((token) => [mask(token.text), token.start, token.end]);
    if (options.wordConfidence) first.word_confidence = best.map((token) => [mask(token.text), token.confidence]);
    const alternatives = [first];
    if (plain && options.maxAlternatives >= 2) {
      const second = transcript(plain);
      if (second !== first.transcript) alternatives.push({ transcript: second });
    }
    const result: SpeechRecognitionResult = { final: true, alternatives };
    if (spotting) result.keywords_result = spotKeywords(best, options.keywords, options.keywordsThreshold!, language);
    if (options.wordAlternativesThreshold !== undefined) {
      const threshold = options.wordAlternativesThreshold;
      result.word_alternatives = best.flatMap((token): WordAlternativeResults[] => {
        const candidates = [{ confidence: token.confidence, word: mask(token.text) }];
        if (token.spoken !== undefined && token.spoken !== token.text) {
          candidates.push({ confidence: round2(1 - token.confidence), word: mask(token.spoken) });
        }
        const kept = candidates.filter((candidate) => candidate.confidence >= threshold);
        return kept.length > 0 ? [{ start_time: token.start, end_time: token.end, alternatives: kept }] : [];
      });
    }
    if (options.splitTranscriptAtPhraseEnd) result.end_of_utterance = segment.reason;
    results.push(result);
    if (options.speakerLabels) {
      for (const token of best) speakers.push({ from: token.start, to: token.end, speaker: token.speaker, confidence: token.confidence, final: true });
    }
  }

  const answer: SpeechRecognitionResults = { results, result_index: 0 };
  if (options.speakerLabels) answer.speaker_labels = speakers;
  if (options.audioMetrics) {
    const total = parts.reduce((sum, part) => sum + (Number.isFinite(part.audio.durationSeconds) ? Math.max(0, part.audio.durationSeconds) : 0), 0);
    answer.audio_metrics = audioMetrics(total, speech);
  }
  return answer;
}
