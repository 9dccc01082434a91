import { toCardinal as deDE } from 'n2words/de-DE';
import { toCardinal as enGB } from 'n2words/en-GB';
import { toCardinal as enUS } from 'n2words/en-US';
import { toCardinal as esES } from 'n2words/es-ES';
import { toCardinal as frFR } from 'n2words/fr-FR';
import { toCardinal as itIT } from 'n2words/it-IT';
import { toCardinal as jaJP } from 'n2words/ja-JP';
import { toCardinal as koKR } from 'n2words/ko-KR';
import { toCardinal as nlNL } from 'n2words/nl-NL';
import { toCardinal as ptPT } from 'n2words/pt-PT';

type Cardinal = (value: bigint) => string;

/**
 * Number words per language family (the first two letters of a language id such as `en-US`). The decimal point words
 * are those of the service's documented examples (`0,15` → `null punkt fünfzehn`, `zero ponto quinze`).
 */
const CARDINALS: Record<string, { cardinal: Cardinal; point: string }> = {
  en: { cardinal: enUS as Cardinal, point: 'point' },
  es: { cardinal: esES as Cardinal, point: 'coma' },
  fr: { cardinal: frFR as Cardinal, point: 'virgule' },
  de: { cardinal: deDE as Cardinal, point: 'punkt' },
  it: { cardinal: itIT as Cardinal, point: 'virgola' },
  pt: { cardinal: ptPT as Cardinal, point: 'ponto' },
  nl: { cardinal: nlNL as Cardinal, point: 'komma' },
  ja: { cardinal: jaJP as Cardinal, point: '・' },
  ko: { cardinal: koKR as Cardinal, point: '점' },
};

/** Languages whose numbers this module can spell. */

/** Longer whole parts are read digit by digit: n2words runs out of scale words past 27 digits in some languages. */
const MAX_CARDINAL_DIGITS = 27;

/** Japanese and Korean read the digits after the decimal point one by one (`0.15` → `〇・一五`, spec 7.2). */
const DIGITS: Record<string, string> = { ja: '〇一二三四五六七八九', ko: '영일이삼사오육칠팔구' };

/**
 * Spells a number written with digits, the way the service normalizes corpora (spec 7.2): `500` → `five hundred`,
 * `0.15` → `zero point fifteen` (the digits after the separator are read as one number, after one zero word per
 * leading zero: `0.05` → `zero point zero five`), Spanish `cero coma quince`; Japanese and Korean read the decimals
 * digit by digit (`〇・一五`, `영 점 일오`) and Japanese writes zero `〇`.
 * Accepts `.` or `,` as the decimal separator and ignores thousands separators in `1,000,000`-style input, also before
 * a decimal part written with the other separator (`1,234.56`, `1.234,56`).
 * English uses en-GB spelling for en-GB (`one hundred and five`); every other English variant en-US.
 * A whole part of more than 27 significant digits is read digit by digit.
 */
export function numberToWords(digits: string, language: string): string {
  const family = language.slice(0, 2);
  const entry = CARDINALS[family] ?? CARDINALS.en;
  const cardinal = language === 'en-GB' ? (enGB as Cardinal) : entry.cardinal;
  const grouped = /^\d{1,3}([,.]\d{3})+$/.test(digits) && !/^0[,.]/.test(digits);
  const groupedDecimal = /^(\d{1,3}([,.])\d{3}(?:\2\d{3})*)(?!\2)[,.](\d+)$/.exec(digits);
  const clean = grouped
    ? digits.replace(/[,.]/g, '')
    : groupedDecimal
      ? `${groupedDecimal[1].replace(/[,.]/g, '')}.${groupedDecimal[3]}`
      : digits;
  const match = /^(\d+)(?:[.,](\d+))?$/.exec(clean);
  if (!match) throw new Error(`not a number: '${digits}'`);
  const table = DIGITS[family];
  const joiner = table ? '' : ' ';
  const spell = (part: string): string => {
    const significant = part.replace(/^0+(?=\d)/, '');
    if (table && significant === '0') return table[0];
    if (significant.length <= MAX_CARDINAL_DIGITS) return cardinal(BigInt(significant));
    return Array.from(significant, (digit) => (table ? table[+digit] : cardinal(BigInt(digit)))).join(joiner);
  };
  const whole = spell(match[1]);
  const fraction = match[2];
  if (fraction === undefined) return whole;
  let decimals: string;
  if (table) {
    decimals = Array.from(fraction, (digit) => table[+digit]).join('');
  } else {
    const zeros = /^0*/.exec(fraction)![0].length;
    const words = Array.from({ length: zeros }, () => cardinal(0n));
    if (zeros < fraction.length) words.push(spell(fraction.slice(zeros)));
    decimals = words.join(' ');
  }
  const separator = entry.point === '・' ? entry.point : ` ${entry.point} `;
  return `${whole}${separator}${decimals}`;
}
