import { gzipSync } from 'node:zlib';
import type { Caller } from '../auth/identity';
import { clock } from '../clock';
import { badRequest } from '../errors';
import { ownedModel, refuseIfBusy, withModelLock } from '../customization/access';
import { modelContext } from '../customization/context';
import { validateResourceName } from '../customization/names';
import { hasValidData } from '../customization/counts';
import { replaceSource } from '../customization/sources';
import { booleanParam } from '../params';
import { GrammarError, compileGrammar, type GrammarFormat } from './parse';
import type { GrammarItem } from './service';
import { jobSchedule } from '../customization/timing';

/** The largest gzipped grammar text a GRAMMAR item keeps (recognition uses it); DynamoDB items hold 400 KB. */
const MAX_SOURCE_BYTES = 300 * 1024;

/* addGrammar lives apart from the other grammar operations so that only its function bundles the compiler. */

/**
 * addGrammar (spec 4.18): compiles the grammar; its OOV words join the words resource (previous-generation). A
 * grammar that does not compile becomes `undetermined`, and the model's `error` says why; its status is unchanged.
 */
export async function addGrammar(caller: Caller, rawId: string, rawName: string, query: URLSearchParams, format: GrammarFormat,
  text: string, customerId?: string): Promise<Record<string, never>> {
  const allowOverwrite = booleanParam(query, 'allow_overwrite', false);
  const name = validateResourceName(rawName, 'grammar');
  const record = await ownedModel(caller, rawId);
  const { baseModel } = modelContext(record);
  if (!baseModel.grammars) throw badRequest(`Grammars are not supported for custom models based on '${baseModel.name}'.`);
  refuseIfBusy(record, clock.now(), 'add a grammar to');
  let compiled: string[] | undefined;
  let compileError: string | undefined;
  try {
    compiled = compileGrammar(text, format).words;
  } catch (error) {
    if (!(error instanceof GrammarError)) throw error;
    // The message may quote a token of any length; the model's `error` carries it, so it is kept short.
    const characters = [...error.message];
    const message = characters.length > 300 ? `${characters.slice(0, 300).join('')}…` : error.message;
    compileError = `${message} (line ${error.line}, column ${error.column})`;
  }
  const source = gzipSync(text);
  return withModelLock(caller, rawId, 'addGrammar', 'add a grammar to', async (locked, now) => {
    const schedule = await jobSchedule(locked.owner, 'grammar', now);
    const { counts, failure } = await replaceSource(modelContext(locked), 'GRAMMAR', name, allowOverwrite, {
      words: (compiled ?? []).map((word) => [word, 1] as const),
      totalWords: 0,
      ...(compileError ? { failure: `Cannot compile grammar: ${compileError}` } : {}),
    }, ({ failure: failed, oovWords, chunks }): GrammarItem => ({
      name,
      format,
      outcome: failed ? 'undetermined' : 'analyzed',
      oovWords,
      ...(failed ? {
        error: `Analysis of grammar '${name}' failed. Please try fixing the error or adding the grammar again by setting the 'allow_overwrite' flag to 'true'.`,
      } : {}),
      dueAt: schedule.dueAt,
      chunks,
      ...(source.length <= MAX_SOURCE_BYTES ? { source } : {}),
      ...(customerId ? { customerId } : {}),
    }));
    // The model's `error` carries the service's nested 500 text of a compile failure; a successful re-add clears it.
    const modelError = failure
      ? JSON.stringify({ code: 500, code_description: 'Internal Server Error', error: failure })
      : undefined;
    return {
      changes: { counts, ...(modelError ? { error: modelError } : {}) },
      ...(failure || !locked.error ? {} : { remove: ['error'] as const }),
      job: {
        op: 'addGrammar', ...schedule, runningStatus: 'pending', resource: { kind: 'GRAMMAR', name },
        thenStatus: failure ? locked.status : hasValidData(counts) ? 'ready' : 'pending',
      },
      dataChanged: true,
      result: {},
    };
  }, { first: record });
}
