import type { BaseModelSpec } from '../catalog';
import { grammarMatcher } from '../grammars/match';
import type { SnapshotContent } from '../language-models/snapshot';
import type { LanguageCustomization, RecognitionOptions, TrainedWord } from './types';

/** Spec §5.3: the weight when neither the request nor the training gave one, by kind of base model. */
export function defaultWeight(model: BaseModelSpec): number {
  if (model.generation === 'large') return 0.5;
  if (model.generation === 'previous') return 0.3;
  return model.improved ? 0.1 : 0.2;
}

/** The words of each cached snapshot, as one array: transcribe keeps its word table per array. */
const trainedWords = new WeakMap<SnapshotContent, TrainedWord[]>();

/** Compiled grammars, by their text and format (a snapshot's grammars do not change). */
const matchers = new Map<string, ReturnType<typeof grammarMatcher>>();
const MATCHER_ENTRIES = 32;

function matcherFor(format: 'abnf' | 'xml', text: string) {
  const key = `${format}\u0000${text}`;
  let matcher = matchers.get(key);
  if (!matcher) {
    matcher = grammarMatcher(text, format);
    if (matchers.size >= MATCHER_ENTRIES) matchers.delete(matchers.keys().next().value!);
    matchers.set(key, matcher);
  }
  return matcher;
}

/** What a trained model contributes to one recognition: its words, the grammar the request names, the weight. */
export function customization(content: SnapshotContent, options: RecognitionOptions, trainedWeight: number | undefined,
  model: BaseModelSpec): LanguageCustomization {
  let words = trainedWords.get(content);
  if (!words) {
    words = content.words.map(([word, displayAs, soundsLike]) => ({ word, displayAs, soundsLike }));
    trainedWords.set(content, words);
  }
  const grammar = options.grammarName === undefined
    ? undefined
    : content.grammars.find((candidate) => candidate.name === options.grammarName);
  return {
    words,
    ...(grammar ? { grammar: matcherFor(grammar.format, grammar.text) } : {}),
    weight: options.customizationWeight ?? trainedWeight ?? defaultWeight(model),
  };
}
