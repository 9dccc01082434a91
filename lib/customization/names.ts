import { badRequest } from '../errors';
import { MAX_CHILD_NAME_BYTES, isStorableName } from '../store/children';

/** Names the service reserves (spec 4.9, 5.2): `user` for user words, `base_lm` and `default_lm`. */
const RESERVED_NAMES = ['user', 'base_lm', 'default_lm'];
const NAME_MAX = 128;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** The rules a corpus, grammar or audio resource name must follow (spec 4.9, 4.18, §10.3 A9). */
export function validateResourceName(name: string, kind: 'corpus' | 'grammar' | 'audio'): string {
  if (name.trim() === '') throw badRequest(`Required parameter '${kind}_name' is missing.`);
  if (!name.isWellFormed() || CONTROL_CHARACTERS.test(name)) {
    throw badRequest(`Invalid value for '${kind}_name': the name contains characters that are not allowed.`);
  }
  if ([...name].length > NAME_MAX) {
    throw badRequest(`Invalid value for '${kind}_name': the name must not exceed ${NAME_MAX} characters.`);
  }
  if (kind !== 'audio' && RESERVED_NAMES.includes(name.toLowerCase())) {
    throw badRequest(`Invalid value for '${kind}_name': '${name}' is a reserved name. Choose a different name.`);
  }
  return name;
}

/** The rules a word (path segment or `word` field) must follow. */
export function validateWordName(word: string, nextGeneration: boolean): string {
  if (word.trim() === '') throw badRequest("Required parameter 'word' is missing.");
  if (!word.isWellFormed() || CONTROL_CHARACTERS.test(word)) {
    throw badRequest(`Invalid value for 'word': '${word}' contains characters that are not allowed.`);
  }
  if (!isStorableName(word)) {
    throw badRequest(`Invalid value for 'word': a word must not exceed ${MAX_CHILD_NAME_BYTES} bytes in UTF-8.`);
  }
  if (nextGeneration && /\s/.test(word)) {
    throw badRequest(`Invalid value for 'word': '${word}' contains spaces, which custom words of next-generation models cannot.`);
  }
  return word;
}
