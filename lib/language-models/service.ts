import type { Caller } from '../auth/identity';
import { clock } from '../clock';
import { readModel } from '../customization/access';
import { createCustomModel, deleteCustomModel, listCustomModels, resetCustomModel } from '../customization/lifecycle';
import { validateLanguageFilter, validateNewModel } from '../customization/validate';
import { unknownParameterWarning } from '../params';
import { languageModelJson, type LanguageModelJson } from '../customization/view';

/** createLanguageModel (spec 4.1): validates, takes one of the instance's 1024 slots, stores a `pending` model. */
export async function createLanguageModel(caller: Caller, body: Record<string, unknown>): Promise<{ customization_id: string }> {
  return createCustomModel(caller, 'language', validateNewModel(body));
}

/** listLanguageModels (spec 4.2): the caller's models, optionally of one language. */
export async function listLanguageModels(caller: Caller, query: URLSearchParams): Promise<{ customizations: LanguageModelJson[] }> {
  const filter = validateLanguageFilter(query.get('language'));
  const records = await listCustomModels(caller, 'language', filter);
  const now = clock.now();
  return { customizations: records.map((record) => languageModelJson(record, now)) };
}

/** getLanguageModel (spec 4.3); unknown query parameters are named in `warnings` (spec 1.5). */
export async function getLanguageModel(caller: Caller, rawId: string, query: URLSearchParams): Promise<LanguageModelJson> {
  const record = await readModel(caller, rawId);
  const warnings = unknownParameterWarning(query, []);
  return { ...languageModelJson(record, clock.now()), ...(warnings ? { warnings } : {}) };
}

/** resetLanguageModel (spec 4.6): back to the just-created state. */
export async function resetLanguageModel(caller: Caller, rawId: string): Promise<Record<string, never>> {
  await resetCustomModel(caller, rawId, 'language');
  return {};
}

/** deleteLanguageModel (spec 4.4): the model disappears at once; its children are purged after it. */
export async function deleteLanguageModel(caller: Caller, rawId: string): Promise<Record<string, never>> {
  await deleteCustomModel(caller, rawId, 'language');
  return {};
}
