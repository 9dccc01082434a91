import type { ResourceCounts } from '../store/modelRecord';

export const NO_RESOURCES: ResourceCounts = { corpora: 0, invalidCorpora: 0, words: 0, invalidWords: 0, totalWords: 0 };

/** Whether the model holds at least one valid resource (it can then be `ready`, spec 6.3). */
export function hasValidData(counts: ResourceCounts | undefined): boolean {
  const c = counts ?? NO_RESOURCES;
  return c.corpora - c.invalidCorpora + c.words - c.invalidWords + (c.grammars ?? 0) - (c.invalidGrammars ?? 0) > 0;
}
