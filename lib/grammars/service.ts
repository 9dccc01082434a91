import type { Caller } from '../auth/identity';
import { clock } from '../clock';
import { notFound, unsupportedMediaType } from '../errors';
import { readModelAnd, withModelLock } from '../customization/access';
import { modelContext } from '../customization/context';
import { hasValidData } from '../customization/counts';
import { getChild, listChildren, type ChildItem } from '../store/children';
import { deleteSource, type SourceItem } from '../customization/sources';
import type { GrammarFormat } from './parse';

/** A grammar as stored: the outcome of its compilation, shown once `dueAt` has passed (spec 2.4, 6.5). */
export interface GrammarItem extends SourceItem {
  format: GrammarFormat;
  /** The grammar's text, gzipped, for training's snapshot; absent when it would not fit in the item. */
  source?: Uint8Array;
}

export interface GrammarJson {
  out_of_vocabulary_words: number;
  name: string;
  status: 'analyzed' | 'being_processed' | 'undetermined';
  error?: string;
}

export const asGrammar = (item: ChildItem) => item as unknown as GrammarItem;

/** The grammar formats the service takes, by request media type (spec 4.18). */
export function grammarFormat(mediaType: string): GrammarFormat {
  if (mediaType === 'application/srgs') return 'abnf';
  if (mediaType === 'application/srgs+xml') return 'xml';
  throw unsupportedMediaType(`Unsupported Content-Type '${mediaType || '(none)'}': a grammar must be sent as `
    + "'application/srgs' (ABNF) or 'application/srgs+xml' (XML).");
}

function grammarJson(grammar: GrammarItem, nowMs: number): GrammarJson {
  if (nowMs < grammar.dueAt) return { out_of_vocabulary_words: 0, name: grammar.name, status: 'being_processed' };
  return {
    out_of_vocabulary_words: grammar.outcome === 'analyzed' ? grammar.oovWords : 0,
    name: grammar.name,
    status: grammar.outcome,
    ...(grammar.error ? { error: grammar.error } : {}),
  };
}

/** listGrammars (spec 4.17). */
export async function listGrammars(caller: Caller, rawId: string): Promise<{ grammars: GrammarJson[] }> {
  const { children } = await readModelAnd(caller, rawId, (scope) => listChildren(scope, 'GRAMMAR'));
  const now = clock.now();
  return { grammars: children.map((item) => grammarJson(asGrammar(item), now)) };
}

/** getGrammar (spec 4.19): 404 for a grammar the model does not have. */
export async function getGrammar(caller: Caller, rawId: string, name: string): Promise<GrammarJson> {
  const { record, children: item } = await readModelAnd(caller, rawId, (scope) => getChild(scope, 'GRAMMAR', name));
  if (!item) throw notFound(`Grammar '${name}' does not exist in custom model '${record.customizationId}'.`);
  return grammarJson(asGrammar(item), clock.now());
}

/** deleteGrammar (spec 4.20): removes the grammar and the words only it contributed; 404 when it does not exist. */
export async function deleteGrammar(caller: Caller, rawId: string, name: string): Promise<Record<string, never>> {
  return withModelLock(caller, rawId, 'deleteGrammar', 'delete a grammar from', async (locked) => {
    const context = modelContext(locked);
    const item = await getChild(context.scope, 'GRAMMAR', name);
    if (!item) throw notFound(`Grammar '${name}' does not exist in custom model '${locked.customizationId}'.`);
    const grammar = asGrammar(item);
    const after = await deleteSource(context, 'GRAMMAR', grammar);
    return { changes: { counts: after, status: hasValidData(after) ? 'ready' : 'pending' }, dataChanged: true, result: {} };
  });
}
