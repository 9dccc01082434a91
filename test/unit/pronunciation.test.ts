import { describe, expect, it } from 'vitest';
import { generateSoundsLike, spellNumbers, validateSoundsLike, type Generation } from '../../lib/text/pronunciation';

const NUMBERS = (suggestion: string) => `Numbers are not allowed in sounds_like. You can try for example '${suggestion}'.`;
const EMPTY = 'Empty strings are not allowed in sounds_like.';
const TOO_MANY = 'More than 5 pronunciations are not allowed in sounds_like.';
const TOO_LONG = 'Pronunciations longer than 40 characters are not allowed in sounds_like.';
const TOO_LONG_JA = 'Pronunciations longer than 25 characters are not allowed in sounds_like.';
const CHARACTER = (c: string) => `The character '${c}' is not allowed in sounds_like.`;
const TRY = (suggestion: string) => ` You can try for example '${suggestion}'.`;
const PERIOD = "Periods are allowed in sounds_like only after single letters, as in 'N. C. A. A.'.";

describe('validateSoundsLike', () => {
  it('answers the documented message for numbers, with them spelled out in the model language', () => {
    expect(validateSoundsLike(['99 dollars 95'], 'en-US', 'previous')).toEqual([
      { '99 dollars 95': NUMBERS('ninety nine dollars ninety five') },
    ]);
    expect(validateSoundsLike(['99 dollars 95'], 'en-US', 'next')).toEqual([{ '99 dollars 95': NUMBERS('ninety nine dollars ninety five') }]);
    expect(validateSoundsLike(['105'], 'en-GB', 'previous')).toEqual([{ '105': NUMBERS('one hundred and five') }]);
    expect(validateSoundsLike(['21 euros'], 'es-ES', 'previous')).toEqual([{ '21 euros': NUMBERS('veintiuno euros') }]);
    expect(validateSoundsLike(['R2D2'], 'en-US', 'previous')).toEqual([{ R2D2: NUMBERS('R two D two') }]);
    expect(validateSoundsLike(['99'], 'ko-KR', 'previous')).toEqual([{ '99': NUMBERS('구십구') }]);
    expect(validateSoundsLike(['99'], 'ja-JP', 'previous')).toEqual([{ '99': NUMBERS('九十九') }]);
  });

  it('reads a number with separators as one, and digits of other scripts', () => {
    expect(spellNumbers('9.95', 'en-US')).toBe('nine point ninety five');
    expect(spellNumbers('1,000 miles', 'en-US')).toBe('one thousand miles');
    expect(spellNumbers('seventy 5', 'en-US')).toBe('seventy five');
    expect(spellNumbers('٣ ９', 'en-US')).toBe('three nine');
    expect(spellNumbers('x21y', 'en-US')).toBe('x twenty one y');
  });

  it('accepts valid pronunciations of each rule set', () => {
    const valid: [string, Generation, string[]][] = [
      ['en-US', 'previous', ['N. C. A. A.', 'seventy-five', "o'neil", 'eck mo', 'IEEE']],
      ['en-US', 'previous', ['  padded  ', 'I. triple E.']],
      ['en-AU', 'previous', ['N. C. A. A.', 'seventy-five']],
      ['en-GB', 'previous', ['N C A A', 'seventy five', "o'neil"]],
      ['fr-FR', 'previous', ['é. t. é.', 'dix sept', "l'homme", 'garçon']],
      ['de-DE', 'previous', ['Straße', 'A. B. C.']],
      ['es-LA', 'previous', ['niño']],
      ['ja-JP', 'previous', ['カタカナ', 'コーヒー', 'ラ―メン']],
      ['ko-KR', 'previous', ['홍길동', 'IBM 홈페이지']],
      ['ar-MS', 'previous', ['كلمة']],
      ['de-DE', 'next', ['N C A A', 'Straße', 'Привет мир']],
      ['ja-JP', 'next', ['ひらがな', '漢字', 'カタカナ']],
      ['en-US', 'large', ['eck mo']],
    ];
    for (const [language, generation, entries] of valid) expect(validateSoundsLike(entries, language, generation)).toEqual([]);
  });

  it('refuses empty and over-long entries, counting without the surrounding blanks', () => {
    expect(validateSoundsLike(['', '   '], 'en-US', 'previous')).toEqual([{ '': EMPTY }, { '   ': EMPTY }]);
    const forty = 'a'.repeat(40);
    expect(validateSoundsLike([forty, `  ${forty}  `, `${forty}a`], 'en-US', 'previous')).toEqual([{ [`${forty}a`]: TOO_LONG }]);
    expect(validateSoundsLike(['ア'.repeat(25), 'ア'.repeat(26)], 'ja-JP', 'previous')).toEqual([{ ['ア'.repeat(26)]: TOO_LONG_JA }]);
    expect(validateSoundsLike(['あ'.repeat(26)], 'ja-JP', 'next')).toEqual([{ ['あ'.repeat(26)]: TOO_LONG_JA }]);
  });

  it('refuses more than five entries, keyed by the sixth, besides the problems of each entry', () => {
    expect(validateSoundsLike(['a', 'b', 'c', 'd', 'e'], 'en-US', 'previous')).toEqual([]);
    expect(validateSoundsLike(['a', 'b', 'c', 'd', 'e', 'f', 'g'], 'en-US', 'previous')).toEqual([{ f: TOO_MANY }]);
    expect(validateSoundsLike(['a', 'b', 'c', 'd', 'e', '6'], 'en-US', 'previous')).toEqual([{ '6': TOO_MANY }, { '6': NUMBERS('six') }]);
  });

  it('applies the previous-generation character rules of each language', () => {
    expect(validateSoundsLike(['N.C.A.A.', 'Mr. Smith', 'a.b'], 'en-US', 'previous')).toEqual([
      { 'N.C.A.A.': PERIOD + TRY('N. C. A. A.') },
      { 'Mr. Smith': PERIOD + TRY('Mr Smith') },
      { 'a.b': PERIOD + TRY('a. b.') },
    ]);
    expect(validateSoundsLike(['café', 'a_b', 'x & y', '-'], 'en-US', 'previous')).toEqual([
      { café: CHARACTER('é') + TRY('cafe') },
      { a_b: CHARACTER('_') + TRY('a b') },
      { 'x & y': CHARACTER('&') + TRY('x y') },
      { '-': CHARACTER('-') },
    ]);
    expect(validateSoundsLike(['N. C. A. A.', 'seventy-five'], 'en-GB', 'previous')).toEqual([
      { 'N. C. A. A.': CHARACTER('.') + TRY('N C A A') },
      { 'seventy-five': CHARACTER('-') + TRY('seventy five') },
    ]);
    expect(validateSoundsLike(['dix-sept', 'N.C.A.A.'], 'fr-CA', 'previous')).toEqual([
      { 'dix-sept': CHARACTER('-') + TRY('dix sept') },
      { 'N.C.A.A.': PERIOD + TRY('N. C. A. A.') },
    ]);
    expect(validateSoundsLike(['ｶﾀｶﾅ', 'ひらがな', 'abc', 'カタ カナ'], 'ja-JP', 'previous')).toEqual([
      { ｶﾀｶﾅ: CHARACTER('ｶ') + TRY('カタカナ') },
      { ひらがな: CHARACTER('ひ') + TRY('ヒラガナ') },
      { abc: CHARACTER('a') },
      { 'カタ カナ': CHARACTER(' ') + TRY('カタカナ') },
    ]);
    expect(validateSoundsLike(['ンア', 'アッ'], 'ja-JP', 'previous')).toEqual([
      { ンア: "A sounds_like cannot start with 'ン'." },
      { アッ: "A sounds_like cannot end with 'ッ'." },
    ]);
    expect(validateSoundsLike(['홍길동.', "o'neil", 'café'], 'ko-KR', 'previous')).toEqual([
      { '홍길동.': CHARACTER('.') + TRY('홍길동') },
      { "o'neil": CHARACTER("'") + TRY('oneil') },
      { café: CHARACTER('é') + TRY('cafe') },
    ]);
  });

  it('allows no punctuation at all for next-generation and large speech models', () => {
    for (const generation of ['next', 'large'] as const) {
      expect(validateSoundsLike(['N. C. A. A.', 'seventy-five', "o'neil", 'a$b'], 'en-US', generation)).toEqual([
        { 'N. C. A. A.': CHARACTER('.') + TRY('N C A A') },
        { 'seventy-five': CHARACTER('-') + TRY('seventy five') },
        { "o'neil": CHARACTER("'") + TRY('oneil') },
        { a$b: CHARACTER('$') + TRY('a b') },
      ]);
    }
  });
});

describe('generateSoundsLike', () => {
  it('spells acronyms, then keeps the word (spec 7.3)', () => {
    expect(generateSoundsLike('OOV', 'en-US', 'previous')).toEqual(['O. O. V.', 'OOV']);
    expect(generateSoundsLike('ECMO', 'en-US', 'previous')).toEqual(['E. C. M. O.', 'ECMO']);
    expect(generateSoundsLike('NCAA', 'es-ES', 'previous')).toEqual(['N. C. A. A.', 'NCAA']);
    expect(generateSoundsLike('OOV', 'en-GB', 'previous')).toEqual(['O O V', 'OOV']);
    expect(generateSoundsLike('OOV', 'ar-MS', 'previous')).toEqual(['O O V', 'OOV']);
    expect(generateSoundsLike('ÉTÉ', 'fr-FR', 'previous')).toEqual(['É. T. É.', 'ÉTÉ']);
    expect(generateSoundsLike('ÉTÉ', 'en-US', 'previous')).toEqual(['E. T. E.']);
  });

  it('makes dots and other punctuation spaces, spells numbers, and lower-cases the rest', () => {
    expect(generateSoundsLike('trainingdata.txt', 'en-US', 'previous')).toEqual(['trainingdata txt']);
    expect(generateSoundsLike('Grimsby', 'en-US', 'previous')).toEqual(['grimsby']);
    expect(generateSoundsLike('HHonors', 'en-US', 'previous')).toEqual(['hhonors']);
    expect(generateSoundsLike("O'Neil", 'en-US', 'previous')).toEqual(["o'neil"]);
    expect(generateSoundsLike('mp3', 'en-US', 'previous')).toEqual(['mp three']);
    expect(generateSoundsLike('MP3', 'en-US', 'previous')).toEqual(['M. P. three']);
    expect(generateSoundsLike('H2O', 'de-DE', 'previous')).toEqual(['H. zwei O.']);
    expect(generateSoundsLike('U.S.A.', 'en-US', 'previous')).toEqual(['U. S. A.']);
    expect(generateSoundsLike('IBM_cloud', 'en-US', 'previous')).toEqual(['I. B. M. cloud']);
    expect(generateSoundsLike('IBM_cloud', 'en-GB', 'previous')).toEqual(['I B M cloud']);
    expect(generateSoundsLike('café', 'en-US', 'previous')).toEqual(['cafe']);
    expect(generateSoundsLike('Größe', 'de-DE', 'previous')).toEqual(['größe']);
    expect(generateSoundsLike('a.b.c', 'es-ES', 'previous')).toEqual(['a b c']);
  });

  it('spells Latin capitals in Hangul for Korean and writes Japanese in katakana', () => {
    expect(generateSoundsLike('IBM홈페이지', 'ko-KR', 'previous')).toEqual(['아이 비 엠 홈페이지']);
    expect(generateSoundsLike('OOV', 'ko-KR', 'previous')).toEqual(['오 오 브이', 'OOV']);
    expect(generateSoundsLike('London', 'ko-KR', 'previous')).toEqual(['london']);
    expect(generateSoundsLike('IBM', 'ja-JP', 'previous')).toEqual(['アイビーエム']);
    expect(generateSoundsLike('ひらがな', 'ja-JP', 'previous')).toEqual(['ヒラガナ']);
    expect(generateSoundsLike('ｶﾀｶﾅ', 'ja-JP', 'previous')).toEqual(['カタカナ']);
    expect(generateSoundsLike('漢字', 'ja-JP', 'previous')).toEqual([]);
  });

  it('leaves out what would break the rules, and generates nothing for next-generation and large models', () => {
    expect(generateSoundsLike('x'.repeat(41), 'en-US', 'previous')).toEqual([]);
    expect(generateSoundsLike('x'.repeat(40), 'en-US', 'previous')).toEqual(['x'.repeat(40)]);
    expect(generateSoundsLike('...', 'en-US', 'previous')).toEqual([]);
    expect(generateSoundsLike('', 'en-US', 'previous')).toEqual([]);
    expect(generateSoundsLike('OOV', 'en-US', 'next')).toEqual([]);
    expect(generateSoundsLike('OOV', 'en-US', 'large')).toEqual([]);
  });

  it('is deterministic and always valid for validateSoundsLike (random words of letters, digits, dots, capitals)', () => {
    let seed = 20240611;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const alphabet = 'abcxyzABCXYZéÉßçñøÆ0123456789..-_\'’홍길ひカｶ漢Ωж';
    const languages = ['en-US', 'en-GB', 'en-AU', 'es-LA', 'fr-CA', 'de-DE', 'it-IT', 'pt-BR', 'nl-NL', 'ja-JP', 'ko-KR', 'ar-MS', 'zh-CN'];
    let generated = 0;
    for (let i = 0; i < 3000; i++) {
      const length = 1 + Math.floor(random() * 14);
      let word = '';
      for (let j = 0; j < length; j++) word += alphabet[Math.floor(random() * alphabet.length)];
      if (random() < 0.2) word = word.toUpperCase();
      for (const language of languages) {
        const sounds = generateSoundsLike(word, language, 'previous');
        expect(generateSoundsLike(word, language, 'previous')).toEqual(sounds);
        expect(sounds.length).toBeLessThanOrEqual(2);
        expect(new Set(sounds).size).toBe(sounds.length);
        expect({ word, language, errors: validateSoundsLike(sounds, language, 'previous') }).toEqual({ word, language, errors: [] });
        generated += sounds.length;
      }
    }
    expect(generated).toBeGreaterThan(20_000);
  });
});
