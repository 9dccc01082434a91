import { describe, expect, it } from 'vitest';
import { dictionaryFiles, vocabularyFor } from '../../lib/text/vocabulary';

// Expected answers were checked against hunspell 1.7 itself (`hunspell -d node_modules/dictionary-XX/index -G`):
// a word is contained when hunspell accepts it in some casing.
const known: Record<string, { yes: string[]; no: string[] }> = {
  'en-US': {
    yes: ['cats', 'running', 'unhappiness', 'reorganizations', 'Paris', 'paris', 'PARIS', 'IBM', 'ibm', 'NASA', 'nasa', 'McDonald', 'mcdonald', '21st', '112th', "isn't", 'well-known', 'organize'],
    no: ['Grimsbyx', 'qzxv', 'colour', 'zes', 'ECMO', 'OOV', 'trainingdata'],
  },
  'en-GB': { yes: ['cats', 'organize'], no: ['qzxv'] },
  'es-ES': { yes: ['casas', 'hablábamos', 'dígamelo', 'Madrid'], no: ['Grimsbyx', 'qzxv'] },
  'fr-FR': { yes: ['maisons', 'Maison', 'parlions', "l'homme", "aujourd'hui", 'Paris'], no: ['Grimsbyx', 'qzxv'] },
  'de-DE': {
    yes: ['Häuser', 'Häusern', 'häuser', 'gemacht', 'Haustür', 'haustür', 'Bundesregierung', 'Donaudampfschiff', 'Haus-Tür', 'Straße', 'STRASSE'],
    // forbidden typo compounds (`Hausart/d`, `Uhrkunden/d`) and their inflections stay out
    no: ['Grimsbyx', 'qzxv', 'Hausqzxv', 'Hausart', 'Uhrkunden', 'Wehrmute'],
  },
  'it-IT': { yes: ['case', 'parlavano', 'città', 'Roma'], no: ['Grimsbyx', 'qzxv'] },
  'pt-BR': { yes: ['casas', 'falávamos', 'Lisboa'], no: ['Grimsbyx', 'qzxv'] },
  'nl-NL': {
    yes: ['huizen', 'straatnaam', 'Kerkstraat', 'vijfhonderdeenentwintig', 'IJsland', 'ijsland', 'zaagbaan', 'Zaagbaan', 'arendskerken'],
    no: ['Grimsbyx', 'qzxv', 'vormings', 'besluitvormings'],
  },
  // hunspell-ko spells Latin letters as compound parts, so Latin strings are Korean words too: made-up Hangul is not
  'ko-KR': { yes: ['학교', '학교에서', '사람들', '먹었다', '런던', 'qzxv'], no: ['흑흑흑흑', '학교에서학교에서학교에서'] },
};

describe('vocabularyFor', () => {
  for (const [language, { yes, no }] of Object.entries(known)) {
    it(`${language}: dictionary words with affixes and compounds are known, made-up words are not`, () => {
      const vocabulary = vocabularyFor(language)!;
      expect(vocabulary).toBeDefined();
      expect(yes.filter((word) => !vocabulary.contains(word))).toEqual([]);
      expect(no.filter((word) => vocabulary.contains(word))).toEqual([]);
    });
  }

  it('maps language ids by their first two letters and caches one vocabulary per family', () => {
    expect(vocabularyFor('en-GB')).toBe(vocabularyFor('en-US'));
    expect(vocabularyFor('en-AU')).toBe(vocabularyFor('en-US'));
    expect(vocabularyFor('es-LA')).toBe(vocabularyFor('es-ES'));
    expect(vocabularyFor('pt-BR')).toBe(vocabularyFor('pt-PT'));
    expect(vocabularyFor('fr-CA')).toBe(vocabularyFor('fr-FR'));
    expect(vocabularyFor('nl-BE')).toBe(vocabularyFor('nl-NL'));
  });

  it('has no vocabulary for languages without a dictionary', () => {
    for (const language of ['ja-JP', 'ar-MS', 'zh-CN', 'hi-IN', 'cs-CZ', 'sv-SE', '']) expect(vocabularyFor(language)).toBeUndefined();
  });

  it('is case-insensitive and answers repeated words the same', () => {
    const english = vocabularyFor('en-US')!;
    for (const word of ['IBM', 'ibm', 'Ibm', 'iBM', 'Paris', 'paris', 'PARIS', 'NASA', 'Nasa', 'nasa', 'Cats', 'CATS', 'RUNNING']) {
      expect(english.contains(word)).toBe(true);
      expect(english.contains(word)).toBe(true);
    }
    expect(english.contains('QZXV')).toBe(false);
  });

  it('takes typographic apostrophes and surrounding blanks, and knows no empty word', () => {
    const english = vocabularyFor('en-US')!;
    expect(english.contains('isn’t')).toBe(true);
    expect(english.contains('  cats ')).toBe(true);
    expect(english.contains('')).toBe(false);
    expect(english.contains('   ')).toBe(false);
  });

  it('finds the dictionary files in node_modules, or where STT_DICTIONARY_DIR says', () => {
    const { aff, dic } = dictionaryFiles('en');
    expect(aff).toMatch(/node_modules[/\\]dictionary-en[/\\]index\.aff$/);
    expect(dic).toMatch(/node_modules[/\\]dictionary-en[/\\]index\.dic$/);
    const saved = process.env.STT_DICTIONARY_DIR;
    try {
      process.env.STT_DICTIONARY_DIR = aff.replace(/[/\\]dictionary-en[/\\]index\.aff$/, '');
      expect(dictionaryFiles('en')).toEqual({ aff, dic });
      process.env.STT_DICTIONARY_DIR = '/nonexistent';
      // a folder without the files is skipped
      expect(dictionaryFiles('en')).toEqual({ aff, dic });
    } finally {
      if (saved === undefined) delete process.env.STT_DICTIONARY_DIR;
      else process.env.STT_DICTIONARY_DIR = saved;
    }
    expect(() => dictionaryFiles('xx')).toThrow(/hunspell dictionary 'dictionary-xx' not found/);
  });
});
