import { describe, expect, it } from 'vitest';
import { addContribution, defineWord, removeContribution } from '../../lib/customization/wordMerge';
import { wordCount, wordJson, type WordRecord } from '../../lib/customization/wordRecord';

const generated = { soundsLike: ['gen'] };
const userDefaults = { soundsLike: ['generated'], displayAs: 'W', errors: [] };

describe('words resource merge rules', () => {
  it('creates a corpus word with generated sounds_like, display_as = word, its occurrences as count', () => {
    const word = addContribution(undefined, 'ECMO', 'icu', 4, generated);
    expect(word).toEqual({ word: 'ECMO', soundsLike: ['gen'], displayAs: 'ECMO', source: ['icu'], counts: { icu: 4 }, userFirst: false });
    expect(wordJson(word, 'previous')).toEqual({ word: 'ECMO', sounds_like: ['gen'], display_as: 'ECMO', count: 4, source: ['icu'] });
  });

  it('sums occurrences over corpora in the order they contributed (5 + 7 = 12)', () => {
    const word = addContribution(addContribution(undefined, 'w', 'a', 5, generated), 'w', 'b', 7, { soundsLike: ['other'] });
    expect(word.source).toEqual(['a', 'b']);
    expect(word.soundsLike).toEqual(['gen']);
    expect(wordCount(word, 'previous')).toBe(12);
    expect(wordCount(word, 'next')).toBe(1);
  });

  it('counts a user-first word as 1 plus its corpus occurrences (NCAA: 1 + 2 = 3)', () => {
    const user = defineWord(undefined, 'NCAA', { soundsLike: ['N. C. A. A.'] }, userDefaults);
    expect(user).toEqual({ word: 'NCAA', soundsLike: ['N. C. A. A.'], displayAs: 'W', source: ['user'], counts: {}, userFirst: true });
    expect(wordCount(user, 'previous')).toBe(1);
    const merged = addContribution(user, 'NCAA', 'sports', 2, generated);
    expect(merged.soundsLike).toEqual(['N. C. A. A.']);
    expect(merged.source).toEqual(['sports', 'user']);
    expect(wordCount(merged, 'previous')).toBe(3);
  });

  it('lists corpora and grammars in the order they contributed, then user last (IEEE: corpus1, corpus2, user = 3)', () => {
    const user = defineWord(undefined, 'IEEE', { soundsLike: ['I. triple E.'] }, userDefaults);
    const one = addContribution(user, 'IEEE', 'corpus1', 1, generated);
    const two = addContribution(one, 'IEEE', 'corpus2', 1, generated);
    expect(two.source).toEqual(['corpus1', 'corpus2', 'user']);
    expect(wordJson(two, 'previous')).toEqual({ word: 'IEEE', sounds_like: ['I. triple E.'], display_as: 'W', count: 3, source: ['corpus1', 'corpus2', 'user'] });
    // A corpus-first word edited by the user, then found in a grammar: the grammar joins before user.
    const edited = defineWord(addContribution(undefined, 'w', 'a', 2, generated), 'w', {}, userDefaults);
    const grammar = addContribution(edited, 'w', 'g', 1, generated);
    expect(grammar.source).toEqual(['a', 'g', 'user']);
    expect(wordCount(grammar, 'previous')).toBe(3);
    // Redefining keeps the order; an overwritten corpus keeps its place; removing one leaves the others in order.
    expect(defineWord(grammar, 'w', { displayAs: 'W2' }, userDefaults).source).toEqual(['a', 'g', 'user']);
    expect(addContribution(grammar, 'w', 'a', 5, generated).source).toEqual(['a', 'g', 'user']);
    expect(removeContribution(grammar, 'a')?.source).toEqual(['g', 'user']);
    // A word stored before this order (user first) is put in order when a source next contributes.
    expect(addContribution({ ...user, source: ['user', 'old'], counts: { old: 1 } }, 'IEEE', 'new', 1, generated).source)
      .toEqual(['old', 'new', 'user']);
  });

  it('keeps the corpus occurrences as the count of an edited corpus word (HHonors: 1)', () => {
    const edited = defineWord(addContribution(undefined, 'HHonors', 'hotel', 1, generated), 'HHonors',
      { soundsLike: ['hilton honors'], displayAs: 'HHonors' }, userDefaults);
    expect(edited).toEqual({
      word: 'HHonors', soundsLike: ['hilton honors'], displayAs: 'HHonors', source: ['hotel', 'user'], counts: { hotel: 1 }, userFirst: false,
    });
    expect(wordCount(edited, 'previous')).toBe(1);
  });

  it('removes a corpus: the word goes unless another source or the user keeps it', () => {
    const one = addContribution(undefined, 'w', 'a', 3, generated);
    expect(removeContribution(one, 'a')).toBeUndefined();
    const two = addContribution(one, 'w', 'b', 2, generated);
    expect(removeContribution(two, 'a')).toEqual({ ...two, source: ['b'], counts: { b: 2 } });
    const edited = defineWord(one, 'w', {}, userDefaults);
    const kept = removeContribution(edited, 'a') as WordRecord;
    expect(kept.source).toEqual(['user']);
    expect(wordCount(kept, 'previous')).toBe(1);
    expect(removeContribution(two, 'zzz')).toBe(two);
  });

  it('replaces a definition whole and records errors and mapping_only', () => {
    const first = defineWord(undefined, 'w', { soundsLike: ['a'], displayAs: 'A', mappingOnly: true }, userDefaults);
    const second = defineWord(first, 'w', {}, { soundsLike: [], displayAs: 'w', errors: [{ '1': 'bad' }] });
    expect(second).toEqual({ word: 'w', soundsLike: [], displayAs: 'w', source: ['user'], counts: {}, userFirst: true, error: [{ '1': 'bad' }] });
    expect(wordJson(first, 'previous')).toEqual({ word: 'w', sounds_like: ['a'], display_as: 'A', count: 1, source: ['user'], mapping_only: true });
    expect(wordJson(second, 'previous').error).toEqual([{ '1': 'bad' }]);
  });
});
