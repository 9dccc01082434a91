import type { ModelRecord, ResourceCounts } from '../../lib/store/modelRecord';
import { modelState } from '../../lib/customization/state';
import { listNamedChildren, type ChildItem, type ChildScope } from '../../lib/store/children';
import { queryPages } from '../../lib/store/query';
import { childPrefix, modelPk } from '../../lib/store/keys';
import * as store from '../../lib/store/models';
import type { WordRecord } from '../../lib/customization/wordRecord';

/**
 * What must hold of a stored model whatever happened to it (races, faults, a request that died), read from the table
 * itself: every problem found, as text; none for a consistent model.
 * - no lock held past its lease;
 * - no child left of an older generation (what a reset purges);
 * - no journal (lib/customization/changes) while no request holds the model's lock: a change is finished or undone;
 * - the counts on the model item equal its corpora, grammars and words;
 * - every word's sources are corpora or grammars the model has, or `user`, whose word lists give the word with the
 *   same occurrences; every word list belongs to a source the model has (a list may name a word the user deleted);
 * - with no operation running, the status agrees with the data: `pending` without valid data, `ready` (unless a
 *   grammar error is shown) or `available` with some.
 */
export async function modelProblems(customizationId: string, nowMs: number): Promise<string[]> {
  const problems: string[] = [];
  const found = await store.getModelItem(customizationId);
  if (!found) return [`${customizationId}: no model item`];
  const record: ModelRecord = found.record;
  if (record.lockOp !== undefined && (record.lockExpires ?? 0) <= nowMs) problems.push(`lock '${record.lockOp}' held past its lease`);

  const current = childPrefix(record.generation);
  const keys: string[] = [];
  for await (const page of queryPages({
    TableName: process.env.STT_TABLE, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': modelPk(customizationId) },
    ProjectionExpression: 'SK', ConsistentRead: true,
  })) {
    keys.push(...(page.Items ?? []).map((item) => String(item.SK)));
  }
  const stale = keys.filter((key) => key !== 'MODEL' && !key.startsWith(current));
  if (stale.length > 0) problems.push(`${stale.length} children of older generations, e.g. ${stale[0]}`);

  const scope: ChildScope = { modelId: customizationId, generation: record.generation };
  const journal = keys.filter((key) => key.startsWith(childPrefix(record.generation, 'JOURNAL')));
  const lockHeld = record.lockOp !== undefined && (record.lockExpires ?? 0) > nowMs;
  if (journal.length > 0 && !lockHeld) problems.push(`${journal.length} journal items with no request holding the lock`);
  const [corpora, grammars, words, lists] = await Promise.all((['CORPUS', 'GRAMMAR', 'WORD', 'SOURCEWORDS'] as const)
    .map((kind) => listNamedChildren(scope, kind)));
  const analyzed = (item: ChildItem) => item.outcome === 'analyzed';
  const wordRecords = words.map((child) => child.item as unknown as WordRecord);
  const counted: ResourceCounts = {
    corpora: corpora.length,
    invalidCorpora: corpora.filter((child) => !analyzed(child.item)).length,
    words: words.length,
    invalidWords: wordRecords.filter((word) => (word.error?.length ?? 0) > 0).length,
    totalWords: words.length + corpora.filter((child) => analyzed(child.item)).reduce((sum, child) => sum + Number(child.item.totalWords), 0),
    grammars: grammars.length,
    invalidGrammars: grammars.filter((child) => !analyzed(child.item)).length,
  };
  for (const [field, value] of Object.entries(counted)) {
    const stored = (record.counts as unknown as Record<string, number> | undefined)?.[field] ?? 0;
    if (stored !== value) problems.push(`counts.${field} is ${stored}, the children say ${value}`);
  }

  const sources = new Map([...corpora, ...grammars].map((child) => [child.name, Number(child.item.chunks ?? 0)]));
  const listed = new Map<string, Map<string, number>>(); // word → source → occurrences, from the word lists
  for (const { name, item } of lists) {
    const at = name.lastIndexOf('\u001f');
    const source = name.slice(0, at);
    if (!(Number(name.slice(at + 1)) < (sources.get(source) ?? 0))) {
      problems.push(`word list '${name.replace('\u001f', '#')}' of no existing source`);
      continue;
    }
    for (const [word, occurrences] of Object.entries(item.words as Record<string, number>)) {
      if (!listed.has(word)) listed.set(word, new Map());
      listed.get(word)!.set(source, occurrences);
    }
  }
  for (const word of wordRecords) {
    for (const source of word.source) {
      if (source !== 'user' && !sources.has(source)) problems.push(`word '${word.word}' names the missing source '${source}'`);
      else if (source !== 'user' && listed.get(word.word)?.get(source) !== word.counts[source]) {
        problems.push(`word '${word.word}' counts ${word.counts[source]} from '${source}', whose list says ${listed.get(word.word)?.get(source)}`);
      }
    }
    if (word.source.length === 0) problems.push(`word '${word.word}' has no source`);
  }

  // what training left for recognition: every chunk of the snapshots the model and its job name
  for (const ref of [record.snapshot, record.job?.snapshot]) {
    if (ref && (await listNamedChildren(scope, 'SNAPSHOT', `${ref.slot}#`)).length < ref.chunks) {
      problems.push(`snapshot ${ref.slot} lacks chunks (${ref.chunks} expected)`);
    }
  }

  const running = record.job !== undefined && nowMs < record.job.dueAt;
  const locked = record.lockOp !== undefined && (record.lockExpires ?? 0) > nowMs;
  if (!running && !locked) {
    const { status } = modelState(record, nowMs);
    const valid = corpora.some((child) => analyzed(child.item)) || grammars.some((child) => analyzed(child.item))
      || wordRecords.some((word) => (word.error?.length ?? 0) === 0);
    if (status === 'pending' && valid) problems.push('pending with valid data');
    if ((status === 'available' || (status === 'ready' && record.error === undefined)) && !valid) problems.push(`${status} without valid data`);
  }
  return problems.map((problem) => `${customizationId}: ${problem}`);
}
