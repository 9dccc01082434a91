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

/** Number words per language family (the first two letters of a language id such as `en-US`). */
const CARDINALS: Record<string, { cardinal: Cardinal; point: string }> = {
  en: { cardinal: enUS as Cardinal, point: 'point' },
  es: { cardinal: esES as Cardinal, point: 'coma' },
  fr: { cardinal: frFR as Cardinal, point: 'virgule' },
  de: { cardinal: deDE as Cardinal, point: 'Komma' },
  it: { cardinal: itIT as Cardinal, point: 'virgola' },
  pt: { cardinal: ptPT as Cardinal, point: 'vírgula' },
  nl: { cardinal: nlNL as Cardinal, point: 'komma' },
  ja: { cardinal: jaJP as Cardinal, point: '・' },
  ko: { cardinal: koKR as Cardinal, point: '점' },
};

/** Languages whose numbers this module can spell. */
export const hasNumberWords = (language: string): boolean => language.slice(0, 2) in CARDINALS;

/**
 * Spells a number written with digits, the way the service normalizes corpora (spec 7.2): `500` → `five hundred`,
 * `0.15` → `zero point fifteen` (the digits after the separator are read as one number), Spanish `cero coma quince`.
 * Accepts `.` or `,` as the decimal separator and ignores thousands separators in `1,000,000`-style input.
 * English uses en-GB spelling for en-GB (`one hundred and five`); every other English variant en-US.
 */
export function numberToWords(digits: string, language: string): string {
  const entry = CARDINALS[language.slice(0, 2)] ?? CARDINALS.en;
  const cardinal = language === 'en-GB' ? (enGB as Cardinal) : entry.cardinal;
  const grouped = /^\d{1,3}([,.]\d{3})+$/.test(digits) && !/^0[,.]/.test(digits);
  const clean = grouped ? digits.replace(/[,.]/g, '') : digits;
  const match = /^(\d+)(?:[.,](\d+))?$/.exec(clean);
  if (!match) throw new Error(`not a number: '${digits}'`);
  const whole = cardinal(BigInt(match[1]));
  if (match[2] === undefined) return whole;
  const separator = entry.point === '・' ? entry.point : ` ${entry.point} `;
  return `${whole}${separator}${cardinal(BigInt(match[2]))}`;
}
