import type { Caller } from '../auth/identity';
import { badRequest, notFound } from '../errors';
import { ownedModel, readModelAnd, withModelLock } from '../customization/access';
import { modelContext, type ModelContext } from '../customization/context';
import { validateWordName } from '../customization/names';
import { applyChange } from '../customization/changes';
import { MAX_OOV_WORDS, NO_RESOURCES, hasValidData, withWord } from '../customization/counts';
import type { ModelRecord, ResourceCounts } from '../store/modelRecord';
import { deleteChild, getChild, getChildren, listChildren, writeChildren } from '../store/children';
import { vocabularyFor } from '../text/vocabulary';
import { defineWord, type WordDefinition } from '../customization/wordMerge';
import { generateSoundsLike, validateSoundsLike } from '../text/pronunciation';
import { USER_SOURCE, asWord, isUserWord, wordCount, wordJson, type WordJson, type WordRecord } from '../customization/wordRecord';
import { jobSchedule } from '../customization/timing';

/** The most a word's sounds_like and display_as may take (the service sets no limit; a stored word must fit 400 KB). */
const MAX_DEFINITION_BYTES = 64 * 1024;

const WORD_TYPES = ['all', 'user', 'corpora', 'grammars'] as const;
type WordType = typeof WORD_TYPES[number];

/** listWords (spec 4.12): `word_type` filter and `sort` (`alphabetical`/`count`, `+`/`-`; a leading space is `+`). */
export async function listWords(caller: Caller, rawId: string, query: URLSearchParams): Promise<{ words: WordJson[] }> {
  const wordType = (query.get('word_type') ?? 'all') as WordType;
  if (!WORD_TYPES.includes(wordType)) {
    throw badRequest(`Invalid value for 'word_type': '${wordType}'. Allowed values: ${WORD_TYPES.join(', ')}.`);
  }
  const sort = parseSort(query.get('sort'));
  const { record, children: items } = await readModelAnd(caller, rawId, (scope) => listChildren(scope, 'WORD'));
  const context = modelContext(record);
  // Only word_type=corpora|grammars on previous-generation models tells a grammar's words from a corpus's.
  const bySource = (wordType === 'corpora' || wordType === 'grammars') && context.generation === 'previous';
  const grammars = bySource ? await listChildren(context.scope, 'GRAMMAR') : [];
  const grammarNames = new Set(grammars.map((grammar) => String(grammar.name)));
  const words = items.map(asWord).filter((word) => matchesType(word, wordType, context, grammarNames));
  const ordered = sortWords(words, sort, context);
  return { words: ordered.map((word) => wordJson(word, context.generation)) };
}

function parseSort(raw: string | null): { by: 'alphabetical' | 'count'; descending: boolean } {
  if (raw === null) return { by: 'alphabetical', descending: false };
  const match = /^([+ -]?)(alphabetical|count)$/.exec(raw);
  if (!match) {
    throw badRequest(`Invalid value for 'sort': '${raw}'. Allowed values: alphabetical, count, each optionally prefixed with + or -.`);
  }
  return { by: match[2] as 'alphabetical' | 'count', descending: match[1] === '-' };
}

/** `user`: added or modified directly; `corpora`/`grammars`: contributed by some corpus/grammar (spec 4.12). */
function matchesType(word: WordRecord, type: WordType, context: ModelContext, grammarNames: Set<string>): boolean {
  if (type === 'all') return true;
  if (type === 'user') return isUserWord(word);
  if (context.generation !== 'previous') return false;
  const fromGrammar = (source: string) => grammarNames.has(source);
  return word.source.some((source) => source !== USER_SOURCE && (type === 'grammars') === fromGrammar(source));
}

/** Code-point order (digits, then capitals, then lower case), as the service sorts (spec 4.12). */
function compareCodePoints(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length) {
    const left = a.codePointAt(i)!;
    const difference = left - b.codePointAt(i)!;
    if (difference !== 0) return difference;
    i += left > 0xffff ? 2 : 1;
  }
  return (i < a.length ? 1 : 0) - (i < b.length ? 1 : 0);
}

function sortWords(words: WordRecord[], sort: { by: 'alphabetical' | 'count'; descending: boolean }, context: ModelContext) {
  const direction = sort.descending ? -1 : 1;
  const counts = sort.by === 'count' ? new Map(words.map((word) => [word, wordCount(word, context.generation)])) : undefined;
  return [...words].sort((a, b) => {
    if (counts) {
      const difference = counts.get(a)! - counts.get(b)!;
      if (difference !== 0) return direction * difference;
      return compareCodePoints(a.word, b.word);
    }
    return direction * compareCodePoints(a.word, b.word);
  });
}

/** getWord (spec 4.15): 404 for a word the model does not have. */
export async function getWord(caller: Caller, rawId: string, word: string): Promise<WordJson> {
  const { record, children: item } = await readModelAnd(caller, rawId, (scope) => getChild(scope, 'WORD', word));
  if (!item) throw wordNotFound(word, record);
  return wordJson(asWord(item), modelContext(record).generation);
}

const wordNotFound = (word: string, record: ModelRecord) =>
  notFound(`Word '${word}' does not exist in custom model '${record.customizationId}'.`);

/** Reads a word definition (a POST element or a PUT body) for shape; sounds_like contents are checked later. */
function parseDefinition(value: Record<string, unknown>, word: string): WordDefinition {
  const definition: WordDefinition = {};
  const soundsLike = value.sounds_like;
  if (soundsLike !== undefined && soundsLike !== null) {
    if (!Array.isArray(soundsLike) || !soundsLike.every((entry) => typeof entry === 'string' && entry.isWellFormed())) {
      throw badRequest(`Invalid value for 'sounds_like' of word '${word}': it must be an array of strings.`);
    }
    definition.soundsLike = soundsLike;
  }
  const displayAs = value.display_as;
  if (displayAs !== undefined && displayAs !== null) {
    if (typeof displayAs !== 'string' || !displayAs.isWellFormed()) {
      throw badRequest(`Invalid value for 'display_as' of word '${word}': it must be a string.`);
    }
    definition.displayAs = displayAs;
  }
  const mappingOnly = value.mapping_only;
  if (mappingOnly !== undefined && mappingOnly !== null) {
    const flag = Array.isArray(mappingOnly) && mappingOnly.length === 1 ? mappingOnly[0] : mappingOnly;
    if (flag === true || flag === 'true') definition.mappingOnly = true;
    else if (flag === false || flag === 'false') definition.mappingOnly = false;
    else throw badRequest(`Invalid value for 'mapping_only' of word '${word}': it must be a boolean.`);
  }
  if (Buffer.byteLength(JSON.stringify(definition), 'utf8') > MAX_DEFINITION_BYTES) {
    throw badRequest(`The definition of word '${word}' is too large: its sounds_like and display_as can take at most ${MAX_DEFINITION_BYTES / 1024} KB.`);
  }
  return definition;
}

/** The word as the user defines it, with the service's defaults for what the definition leaves out (spec 5.4). */
function definedWord(existing: WordRecord | undefined, word: string, definition: WordDefinition, context: ModelContext): WordRecord {
  const errors = definition.soundsLike ? validateSoundsLike(definition.soundsLike, context.language, context.generation) : [];
  if (context.generation !== 'previous') {
    return defineWord(existing, word, definition, { soundsLike: [], displayAs: word, errors });
  }
  const inVocabulary = vocabularyFor(context.language)?.contains(word) ?? false;
  return defineWord(existing, word, definition, {
    soundsLike: inVocabulary ? [] : generateSoundsLike(word, context.language, context.generation),
    displayAs: inVocabulary && definition.soundsLike === undefined ? '' : word,
    errors,
  });
}

/** The word with the customer ID of the request that added or changed it (DELETE /v1/user_data, spec §11). */
const tagged = (word: WordRecord, customerId: string | undefined): WordRecord => (customerId ? { ...word, customerId } : word);

/** The counts after words replaced others (or were added). */
function countsAfter(counts: ResourceCounts | undefined, before: (WordRecord | undefined)[], after: (WordRecord | undefined)[]): ResourceCounts {
  let next = counts ?? NO_RESOURCES;
  for (const word of before) if (word) next = withWord(next, word, -1);
  for (const word of after) if (word) next = withWord(next, word, 1);
  return next;
}

function checkWordLimit(context: ModelContext, counts: ResourceCounts): void {
  if (context.generation === 'previous' && counts.words > MAX_OOV_WORDS) {
    throw badRequest(`The words resource of a custom model can hold at most ${MAX_OOV_WORDS} words; `
      + `this request would bring custom model '${context.record.customizationId}' to ${counts.words}.`);
  }
}

/** addWords (spec 4.13): all-or-nothing shape validation; invalid sounds_like are stored with `error`. */
export async function addWords(caller: Caller, rawId: string, body: Record<string, unknown>, customerId?: string): Promise<Record<string, never>> {
  const elements = body.words;
  if (!Array.isArray(elements)) throw badRequest("Required parameter 'words' is missing or is not an array.");
  if (elements.length === 0) throw badRequest("The 'words' array must contain at least one word.");
  const record = await ownedModel(caller, rawId);
  const nextGeneration = modelContext(record).generation !== 'previous';
  const definitions = new Map<string, WordDefinition>();
  elements.forEach((element, index) => {
    if (element === null || typeof element !== 'object' || Array.isArray(element)) {
      throw badRequest(`Invalid value for element ${index} of 'words': it must be an object.`);
    }
    const value = element as Record<string, unknown>;
    if (typeof value.word !== 'string') throw badRequest(`Required parameter 'word' is missing from element ${index} of 'words'.`);
    const word = validateWordName(value.word, nextGeneration);
    definitions.set(word, parseDefinition(value, word));
  });
  return withModelLock(caller, rawId, 'addWords', 'add words to', async (locked, now) => {
    const context = modelContext(locked);
    const names = [...definitions.keys()];
    const existing = await getChildren(context.scope, 'WORD', names, (item) => String(item.word));
    const before = names.map((word) => (existing.has(word) ? asWord(existing.get(word)!) : undefined));
    const written = names.map((word, index) => tagged(definedWord(before[index], word, definitions.get(word)!, context), customerId));
    const counts = countsAfter(locked.counts, before, written);
    checkWordLimit(context, counts);
    await applyChange(context.scope, written.map((word) => ({ kind: 'WORD' as const, name: word.word, item: { ...word } })));
    return {
      changes: { counts },
      job: {
        op: 'addWords', ...(await jobSchedule(locked.owner, 'words', now)), runningStatus: 'pending',
        thenStatus: hasValidData(counts) ? 'ready' : 'pending',
      },
      dataChanged: true,
      result: {},
    };
  }, { first: record });
}

/** addWord (spec 4.14): synchronous; an invalid sounds_like answers 400 and stores nothing. */
export async function addWord(caller: Caller, rawId: string, rawWord: string, body: Record<string, unknown>, customerId?: string):
Promise<Record<string, never>> {
  const record = await ownedModel(caller, rawId);
  const context = modelContext(record);
  const word = validateWordName(rawWord, context.generation !== 'previous');
  const definition = parseDefinition(body, word);
  if (definition.soundsLike) {
    const errors = validateSoundsLike(definition.soundsLike, context.language, context.generation);
    if (errors.length > 0) throw badRequest(Object.values(errors[0])[0]);
  }
  return withModelLock(caller, rawId, 'addWord', 'add a word to', async (locked) => {
    const lockedContext = modelContext(locked);
    const found = await getChild(lockedContext.scope, 'WORD', word);
    const before = found ? asWord(found) : undefined;
    const after = tagged(definedWord(before, word, definition, lockedContext), customerId);
    const counts = countsAfter(locked.counts, [before], [after]);
    checkWordLimit(lockedContext, counts);
    await writeChildren(lockedContext.scope, [{ kind: 'WORD', name: word, item: { ...after } }]);
    return { changes: { counts, status: 'ready' }, dataChanged: true, result: {} };
  }, { first: record });
}

/** deleteWord (spec 4.16): any word, whatever its source; 404 for a word the model does not have. */
export async function deleteWord(caller: Caller, rawId: string, word: string): Promise<Record<string, never>> {
  return withModelLock(caller, rawId, 'deleteWord', 'delete a word from', async (locked) => {
    const context = modelContext(locked);
    const found = await getChild(context.scope, 'WORD', word);
    if (!found) throw wordNotFound(word, locked);
    await deleteChild(context.scope, 'WORD', word);
    const counts = countsAfter(locked.counts, [asWord(found)], []);
    return { changes: { counts, status: hasValidData(counts) ? 'ready' : 'pending' }, dataChanged: true, result: {} };
  });
}

