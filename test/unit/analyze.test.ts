import { describe, expect, it } from 'vitest';
import { analyzeText, type TextAnalysis } from '../../lib/text/analyze';
import { prepareText, skipBracketed, toFullWidth, toNarrowAscii } from '../../lib/text/normalize';
import { numberToWords } from '../../lib/text/numbers';
import { numberSpeller } from '../../lib/text/tokenize';

/** The analysis as plain data: total and word counts. */
const analyze = (text: string, language: string, dialect?: string): { total: number; words: Record<string, number> } => {
  const result: TextAnalysis = analyzeText(text, language, dialect);
  return { total: result.totalWords, words: Object.fromEntries(result.words) };
};

describe('analyzeText — English', () => {
  it('reads the example sentence: currency, percent, decimal, bracketed phrase, internal periods', () => {
    expect(analyze('The ECMO pump cost $100 (approx.) and 50% of 0.15 units, e.g. trainingdata.txt.', 'en-US')).toEqual({
      total: 17,
      words: {
        The: 1, ECMO: 1, pump: 1, cost: 1, one: 1, hundred: 1, dollars: 1, and: 1, fifty: 1, percent: 1, of: 1,
        zero: 1, point: 1, fifteen: 1, units: 1, 'e.g': 1, 'trainingdata.txt': 1,
      },
    });
  });

  it('removes sentence punctuation, keeps apostrophes inside words and splits hyphenated compounds', () => {
    const text = `State-of-the-art pumps don't fail; they're "reliable" -- mostly... Really?! Yes: it's l'homme's — dogs' toys.`;
    expect(analyze(text, 'en-US')).toEqual({
      total: 16,
      words: {
        State: 1, of: 1, the: 1, art: 1, pumps: 1, "don't": 1, fail: 1, "they're": 1, reliable: 1, mostly: 1,
        Really: 1, Yes: 1, "it's": 1, "l'homme's": 1, dogs: 1, toys: 1,
      },
    });
  });

  it('drops lone symbols and symbol-only tokens; keeps & and _ between letters', () => {
    expect(analyze('@ # & * + = ~ _ ^ AT&T R&D C++ #hashtag @user snake_case __init__ ** -- ... !!! ?', 'en-US')).toEqual({
      total: 7,
      words: { 'AT&T': 1, 'R&D': 1, C: 1, hashtag: 1, user: 1, snake_case: 1, init: 1 },
    });
  });

  it('turns $, € and % next to a number into words and drops them elsewhere', () => {
    expect(analyze('$ alone, € alone, $5 and €1 and 1% and 100$ and 100€ and $1.50 and US$20 and 7.5%.', 'en-US')).toEqual({
      total: 30,
      words: {
        alone: 2, five: 2, dollars: 3, and: 7, one: 5, euro: 1, percent: 2, hundred: 2, point: 2, fifty: 1, US: 1,
        twenty: 1, seven: 1,
      },
    });
  });

  it('skips phrases in ( ), [ ], { } and < >, nested ones whole, never across lines', () => {
    const text = 'Keep (skip this) [and this] {and that} <and <nested> too> (outer [inner] outer) end(s) x<y a) b] (open\nnext line)';
    expect(analyze(text, 'en-US')).toEqual({
      total: 9,
      words: { Keep: 1, end: 1, x: 1, y: 1, a: 1, b: 1, open: 1, next: 1, line: 1 },
    });
  });

  it('keeps e-mail addresses and URLs whole minus trailing punctuation', () => {
    const text = 'Mail john.doe@ibm.com, visit https://www.ibm.com/cloud?x=1. Or www.example.org! Or ftp://files.example.com/a-b.';
    expect(analyze(text, 'en-US')).toEqual({
      total: 8,
      words: {
        Mail: 1, 'john.doe@ibm.com': 1, visit: 1, 'https://www.ibm.com/cloud?x=1': 1, Or: 2, 'www.example.org': 1,
        'ftp://files.example.com/a-b': 1,
      },
    });
  });

  it('spells numbers: decimals, grouping, digit groups, times, dates; keeps letter-digit mixes as written', () => {
    expect(analyze("0.05 1,234.56 1,000,000 75 1.2.3 10:30 12/31/2020 COVID-19 -5 MP3 3.5mm 1st 90's", 'en-US')).toEqual({
      total: 35,
      words: {
        zero: 2, point: 2, five: 3, one: 4, thousand: 2, two: 3, hundred: 1, thirty: 3, four: 1, fifty: 1, six: 1,
        million: 1, seventy: 1, three: 1, ten: 1, twelve: 1, twenty: 1, COVID: 1, nineteen: 1, MP3: 1, '3.5mm': 1,
        '1st': 1, "90's": 1,
      },
    });
  });

  it('uses British number words for en-GB and the singular after exactly one', () => {
    expect(analyze('105 $1 2024', 'en-GB')).toEqual({
      total: 11,
      words: { one: 2, hundred: 1, and: 2, five: 1, dollar: 1, two: 1, thousand: 1, twenty: 1, four: 1 },
    });
  });

  it('counts occurrences per spelling, case kept', () => {
    expect(analyze('Word word WORD word. word, Word!', 'en-US')).toEqual({ total: 6, words: { Word: 2, word: 3, WORD: 1 } });
  });

  it('ignores a byte order mark, composes to NFC and splits on any Unicode whitespace', () => {
    expect(analyze('\uFEFFcafe\u0301 café\r\nline\ttwo\u00a0three\u2028four\u3000five', 'en-US')).toEqual({
      total: 7,
      words: { café: 2, line: 1, two: 1, three: 1, four: 1, five: 1 },
    });
  });

  it('finds no words in empty or punctuation-only text', () => {
    expect(analyze('', 'en-US')).toEqual({ total: 0, words: {} });
    expect(analyze(' \n\t ... -- !! $ € %', 'en-US')).toEqual({ total: 0, words: {} });
  });

  it('returns a Map in order of first occurrence', () => {
    const result = analyzeText('b a b c', 'en-US');
    expect([...result.words]).toEqual([
      ['b', 2],
      ['a', 1],
      ['c', 1],
    ]);
    expect(result.totalWords).toBe(4);
  });
});

describe('analyzeText — languages without their own rules', () => {
  it('reads with the English rules but keeps digits as written and drops the signs', () => {
    expect(analyze('500 $100 0.15 100% (skip) state-of-the-art', 'sv-SE')).toEqual({
      total: 8,
      words: { '100': 2, '500': 1, '0.15': 1, state: 1, of: 1, the: 1, art: 1 },
    });
  });
});

describe('analyzeText — Spanish', () => {
  it('spells numbers and signs before or after the number (es-ES: dólares)', () => {
    const text = '$100 100$ €100 100€ 100% 0,15 $1 €1 1% $21 $101 $1,5 500 (nota) ¿Qué? ¡Sí! 75';
    expect(analyze(text, 'es-ES')).toEqual({
      total: 36,
      words: {
        cien: 5, dólares: 5, euros: 2, por: 2, ciento: 3, cero: 1, coma: 2, quince: 1, un: 3, dólar: 1, euro: 1,
        uno: 2, veintiún: 1, cinco: 2, quinientos: 1, Qué: 1, Sí: 1, setenta: 1, y: 1,
      },
    });
  });

  it('reads $ as pesos for es-LA (before or after the number)', () => {
    expect(analyze('$100 100$ $1 $21 €100', 'es-LA')).toEqual({
      total: 10,
      words: { cien: 3, pesos: 3, un: 1, peso: 1, veintiún: 1, euros: 1 },
    });
  });

  it('lets the dialect decide: es-LA and es-US pesos, es-ES dólares', () => {
    expect(analyze('$100 100$', 'es-ES', 'es-LA')).toEqual({ total: 4, words: { cien: 2, pesos: 2 } });
    expect(analyze('$100 100$', 'es-ES', 'es-US')).toEqual({ total: 4, words: { cien: 2, pesos: 2 } });
    expect(analyze('$100', 'es-MX')).toEqual({ total: 2, words: { cien: 1, pesos: 1 } });
    expect(analyze('$100', 'es-LA', 'es-ES')).toEqual({ total: 2, words: { cien: 1, dólares: 1 } });
    expect(analyze('$100', 'es-ES')).toEqual({ total: 2, words: { cien: 1, dólares: 1 } });
  });
});

describe('analyzeText — French', () => {
  it('keeps elisions whole, reads $ € % in French, and only $/€ before the number', () => {
    const text = "Le prix (environ) : $100, €100 et 100€ ; 100% de l'homme d'aujourd'hui a 75 ans, soit 0,15 % et $1.";
    expect(analyze(text, 'fr-FR')).toEqual({
      total: 25,
      words: {
        Le: 1, prix: 1, cent: 5, dollars: 1, euros: 1, et: 2, pour: 1, de: 1, "l'homme": 1, "d'aujourd'hui": 1, a: 1,
        soixante: 1, quinze: 2, ans: 1, soit: 1, zéro: 1, virgule: 1, un: 1, dollar: 1,
      },
    });
  });

  it('splits French number words written with hyphens', () => {
    expect(analyze('21 80 99', 'fr-CA')).toEqual({
      total: 9,
      words: { vingt: 2, et: 1, un: 1, quatre: 2, vingts: 1, dix: 1, neuf: 1 },
    });
  });
});

describe('analyzeText — German', () => {
  it('reads signs before and after the number, lowercase as in the service docs', () => {
    const text = 'Das kostet $100 oder 100$, €1 bzw. 100€, also 100% und 0,15 {Anmerkung} Zustand-der-Kunst 21 $1.';
    expect(analyze(text, 'de-DE')).toEqual({
      total: 25,
      words: {
        Das: 1, kostet: 1, einhundert: 4, dollar: 3, oder: 1, ein: 2, euro: 2, bzw: 1, also: 1, prozent: 1, und: 1,
        null: 1, punkt: 1, fünfzehn: 1, Zustand: 1, der: 1, Kunst: 1, einundzwanzig: 1,
      },
    });
  });
});

describe('analyzeText — Italian', () => {
  it('keeps elisions whole and reads $ € % in Italian', () => {
    const text = "L'uomo ha pagato $100, €1 e 100€ (circa), cioè il 100% di 0,15 e 21 $1 1%.";
    expect(analyze(text, 'it-IT')).toEqual({
      total: 25,
      words: {
        "L'uomo": 1, ha: 1, pagato: 1, cento: 5, dollari: 1, un: 2, euro: 1, e: 2, cioè: 1, il: 1, per: 2, di: 1,
        zero: 1, virgola: 1, quindici: 1, ventuno: 1, dollaro: 1, uno: 1,
      },
    });
  });
});

describe('analyzeText — Portuguese', () => {
  it('reads signs before and after the number and the documented decimal point word', () => {
    expect(analyze('O preço é $100 ou 100$ ou 100€, 1% e 0,15; 21 pessoas [nota] $1.', 'pt-BR')).toEqual({
      total: 24,
      words: {
        O: 1, preço: 1, é: 1, cem: 3, dólares: 2, ou: 2, euros: 1, um: 3, por: 1, cento: 1, e: 2, zero: 1, ponto: 1,
        quinze: 1, vinte: 1, pessoas: 1, dólar: 1,
      },
    });
  });
});

describe('analyzeText — Dutch', () => {
  it('reads $ € % in Dutch', () => {
    expect(analyze('Het kost $100 of €1 (ongeveer), dat is 100% van 0,15 en 21 $1.', 'nl-NL')).toEqual({
      total: 19,
      words: {
        Het: 1, kost: 1, honderd: 2, dollar: 2, of: 1, één: 2, euro: 1, dat: 1, is: 1, procent: 1, van: 1, nul: 1,
        komma: 1, vijftien: 1, en: 1, eenentwintig: 1,
      },
    });
  });
});

describe('analyzeText — Japanese', () => {
  it('segments words, spells numbers in kanji, keeps signs unconverted and writes ASCII full-width', () => {
    const text = '東京タワーは333mです。500円、0.15、100%、IBMの「ＡＩ」サービス。ﾃｽﾄ $100 ３月';
    expect(analyze(text, 'ja-JP')).toEqual({
      total: 16,
      words: {
        東京タワー: 1, は: 1, '３３３ｍ': 1, です: 1, 五百: 1, 円: 1, '〇・一五': 1, '百％': 1, ＩＢＭ: 1, の: 1, ＡＩ: 1,
        サービス: 1, テスト: 1, '＄百': 1, 三: 1, 月: 1,
      },
    });
  });

  it('reads full-width digits and grouped numbers; punctuation is not a word', () => {
    expect(analyze('私は1,000円と１００％を払った。', 'ja-JP')).toEqual({
      total: 10,
      words: { 私: 1, は: 1, 千: 1, 円: 1, と: 1, '百％': 1, を: 1, 払: 1, っ: 1, た: 1 },
    });
  });

  it('does not skip bracketed phrases', () => {
    expect(analyze('（東京）(大阪)', 'ja-JP')).toEqual({ total: 2, words: { 東京: 1, 大阪: 1 } });
  });

  it('reads a long line without any break in pieces without cutting words', () => {
    const line = '東京タワーは五百円です'.repeat(400);
    expect(analyze(line, 'ja-JP')).toEqual({ total: 2000, words: { 東京タワー: 400, は: 400, 五百: 400, 円: 400, です: 400 } });
  });

  it('attaches % only to the number right before it on the same line', () => {
    expect(analyze('5\n%5 %', 'ja-JP')).toEqual({ total: 2, words: { 五: 2 } });
  });
});

describe('analyzeText — Korean', () => {
  it('keeps eojeol whole, spells numbers in Hangul with their sign, removes the listed punctuation', () => {
    const text =
      'IBM홈페이지에 오신 것을 환영합니다. 24% $10 10개 3.5 www.ibm.com ~ 좋아요~ … "인용" (괄호) [대괄호] 가-나 London에서 1~2 2024.12.25 안녕하세요.\n두번째 줄.';
    expect(analyze(text, 'ko-KR')).toEqual({
      total: 23,
      words: {
        IBM홈페이지에: 1, 오신: 1, 것을: 1, '환영합니다.': 1, 이십사퍼센트: 1, 십달러: 1, 십개: 1, 삼점오: 1,
        'www.ibm.com': 1, '좋아요~': 1, 인용: 1, 괄호: 1, '[대괄호]': 1, 가: 1, 나: 1, London에서: 1, '일~이': 1,
        이천이십사: 1, 십이: 1, 이십오: 1, 안녕하세요: 1, 두번째: 1, 줄: 1,
      },
    });
  });

  it('removes * : , and quotes, keeps digits touching Latin letters, and drops symbol-only tokens', () => {
    expect(analyze("€5 1,000원 MP3 *강조*: 'a',b “c” ~ …", 'ko-KR')).toEqual({
      total: 7,
      words: { 오유로: 1, 천원: 1, MP3: 1, 강조: 1, a: 1, b: 1, c: 1 },
    });
  });

  it('removes periods at the end of every line, CRLF included, and keeps the others', () => {
    expect(analyze('끝이다..\r\n다음. 줄.  \n3.', 'ko-KR')).toEqual({
      total: 4,
      words: { 끝이다: 1, '다음.': 1, 줄: 1, 삼: 1 },
    });
  });
});

describe('numberToWords (fixes used by the analysis)', () => {
  it('keeps leading zeros of the decimals', () => {
    expect(numberToWords('0.05', 'en-US')).toBe('zero point zero five');
    expect(numberToWords('1.0', 'es-ES')).toBe('uno coma cero');
  });

  it('accepts thousands separators before a decimal part', () => {
    expect(numberToWords('1,234.56', 'en-US')).toBe('one thousand two hundred thirty-four point fifty-six');
    expect(numberToWords('1.234,56', 'es-ES')).toBe('mil doscientos treinta y cuatro coma cincuenta y seis');
    expect(() => numberToWords('1.2.3', 'en-US')).toThrow("not a number: '1.2.3'");
  });

  it('uses the documented decimal words for German and Portuguese', () => {
    expect(numberToWords('0,15', 'de-DE')).toBe('null punkt fünfzehn');
    expect(numberToWords('0,15', 'pt-BR')).toBe('zero ponto quinze');
  });

  it('reads Japanese and Korean decimals digit by digit', () => {
    expect(numberToWords('0.15', 'ja-JP')).toBe('〇・一五');
    expect(numberToWords('0', 'ja-JP')).toBe('〇');
    expect(numberToWords('0.15', 'ko-KR')).toBe('영 점 일오');
  });

  it('reads more than 27 digits one by one instead of writing undefined scale words', () => {
    expect(numberToWords('1234567890123456789012345678', 'en-US')).toBe(
      'one two three four five six seven eight nine zero one two three four five six seven eight nine zero one two three four five six seven eight',
    );
    expect(numberToWords('9'.repeat(27), 'pt-BR')).not.toContain('undefined');
  });
});

describe('normalization helpers', () => {
  it('skipBracketed replaces each outermost pair by one space and leaves unmatched brackets', () => {
    expect(skipBracketed('a(b)c [d (e) f] g')).toBe('a c   g');
    expect(skipBracketed('x < y ) z')).toBe('x < y ) z');
    expect(skipBracketed('(a\nb)')).toBe('(a\nb)');
    expect(skipBracketed('no brackets')).toBe('no brackets');
  });

  it('prepareText drops only a leading BOM and composes', () => {
    expect(prepareText('\uFEFFe\u0301\uFEFF')).toBe('é\uFEFF');
  });

  it('converts between half-width and full-width forms', () => {
    expect(toFullWidth('IBM 1.5%')).toBe('ＩＢＭ １．５％');
    expect(toNarrowAscii('ＩＢＭ１．５％ﾃｽﾄ')).toBe('IBM1.5%テスト');
  });

  it('numberSpeller splits number words on spaces and hyphens and reads bad shapes group by group', () => {
    const spell = numberSpeller('en-US');
    expect(spell('75')).toEqual(['seventy', 'five']);
    expect(spell('1.2.3')).toEqual(['one', 'two', 'three']);
  });
});

describe('performance', () => {
  it('analyzes 5 MB of English in well under a second', () => {
    const sentence =
      'The patient, aged 75, was admitted on 12/03/2021 with acute respiratory distress (ARDS) and received ECMO support for 14.5 days; cost: $12,500 (approx.) or 30% of the state-of-the-art budget.\n';
    const text = sentence.repeat(Math.ceil((5 * 1024 * 1024) / sentence.length));
    const start = performance.now();
    const result = analyzeText(text, 'en-US');
    const elapsed = performance.now() - start;
    expect(result.words.get('patient')).toBe(Math.ceil((5 * 1024 * 1024) / sentence.length));
    expect(elapsed).toBeLessThan(1000);
  });
});
