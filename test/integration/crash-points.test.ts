import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import type { Caller } from '../../lib/auth/identity';
import { clock } from '../../lib/clock';
import { addCorpus, deleteCorpus, listCorpora } from '../../lib/corpora/service';
import { ApiError } from '../../lib/errors';
import { addGrammar } from '../../lib/grammars/add';
import { deleteGrammar, listGrammars } from '../../lib/grammars/service';
import { advanceDueModels } from '../../lib/customization/scheduler';
import { lockLeaseMs } from '../../lib/customization/access';
import * as models from '../../lib/language-models/service';
import { dynamo } from '../../lib/store/client';
import { modelPk } from '../../lib/store/keys';
import { queryPages } from '../../lib/store/query';
import * as store from '../../lib/store/models';
import { addWords, listWords } from '../../lib/words/service';
import { modelProblems } from '../support/invariants';
import { NO_QUERY, OVERWRITE, useImmediateAnalysis, useTestStore } from '../support/store';

/**
 * A deterministic crash matrix (issue 18): every change that spans several children of a model, cut at each of the
 * DynamoDB commands it sends in turn — from the Nth command on every command fails, those already sent complete:
 * the process died there. After a "restart" (the lock's lease runs out and the scheduled function runs), the model
 * must be consistent (test/support/invariants) and unlocked, and what the API shows of it must be exactly the state
 * before the operation or the state after it ran uncut (both taken from twin models built the same way).
 */

useTestStore();

useImmediateAnalysis();

/** `count` made-up words the English vocabulary does not know (so they join the words resource): zq<tag><aa..>vex. */
const made = (tag: string, count: number) =>
  Array.from({ length: count }, (_, i) => `zq${tag}${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}vex`);
const SHARED = made('s', 2); // in both corpora (and SHARED[0] in the grammar)
const ONE = made('o', 2); // only in corpus c1
const TWO = made('t', 2); // only in corpus c2
const GRAM = made('g', 2); // only in grammar g1
const USER = 'zquservex'; // added by the user, and in c1 and g1
const abnf = (words: readonly string[]) => `#ABNF 1.0;\nroot $r;\n$r = ${words.join(' | ')} ;\n`;

interface Model { caller: Caller; id: string }

/**
 * The known state every case starts from: user words (one with sounds_like and display_as, one whose sounds_like is
 * invalid, one the vocabulary knows, one that corpora contribute too), two corpora that share words, and a grammar.
 */
async function knownState(): Promise<Model> {
  const caller: Caller = { instanceId: randomUUID() };
  const { customization_id: id } = await models.createLanguageModel(caller, { name: 'crash', base_model_name: 'en-US_BroadbandModel' });
  await addWords(caller, id, { words: [
    { word: USER }, { word: 'meeting' }, { word: 'zqshownvex', sounds_like: ['zee shown'], display_as: 'ZQShown' },
    { word: 'zqbadvex', sounds_like: ['zee 9'] },
  ] });
  await addCorpus(caller, id, 'c1', NO_QUERY, `The ${ONE.join(' ')} meeting ${SHARED.join(' ')} ${USER} meeting.`);
  await addCorpus(caller, id, 'c2', NO_QUERY, `${SHARED.join(' ')} ${TWO.join(' ')} meeting.`);
  await addGrammar(caller, id, 'g1', NO_QUERY, 'abnf', abnf([...GRAM, SHARED[0], USER]));
  await advanceDueModels(Date.now()); // the last job settles: the model is `ready`, with no job
  return { caller, id };
}

/** What the API shows of a model (ids and dates left out), with the counts and generation of its record. */
async function visibleState({ caller, id }: Model) {
  const record = (await store.getModel(id))!;
  const model = await models.getLanguageModel(caller, id, NO_QUERY);
  return {
    status: model.status,
    error: model.error ?? null,
    generation: record.generation,
    counts: { corpora: 0, invalidCorpora: 0, words: 0, invalidWords: 0, totalWords: 0, grammars: 0, invalidGrammars: 0, ...record.counts },
    corpora: (await listCorpora(caller, id)).corpora,
    grammars: (await listGrammars(caller, id)).grammars,
    words: (await listWords(caller, id, NO_QUERY)).words,
  };
}
type State = Awaited<ReturnType<typeof visibleState>>;

type Command = { constructor: { name: string }; input: Record<string, unknown> };

/** A command as the report names it: its class, and what it writes (kinds of child, or what of the model). */
function commandLabel(command: Command): string {
  const name = command.constructor.name.replace(/Command$/, '');
  if (name === 'BatchWrite') {
    const requests = Object.values(command.input.RequestItems as Record<string, Record<string, { Key?: { SK: string }; Item?: { SK: string } }>[]>)[0];
    const kinds = new Map<string, number>();
    for (const request of requests) {
      const [verb, body] = Object.entries(request)[0];
      const sk = String((body.Item ?? body.Key)!.SK);
      const kind = `${verb === 'PutRequest' ? 'put' : 'delete'} ${sk.split('#')[1] ?? sk}${sk.includes('#JOURNAL#head') ? ' head' : ''}`;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    return `${name}(${[...kinds].map(([kind, count]) => `${kind}×${count}`).join(', ')})`;
  }
  if (name === 'Update') {
    const expression = String(command.input.UpdateExpression);
    const what = /modelCount/.test(expression) ? 'slot' : /deleted = /.test(expression) ? 'tombstone'
      : /#generation = /.test(expression) ? 'new generation' : /#lockOp = /.test(expression) ? 'lock'
        : /REMOVE .*#lockOp/.test(expression) ? 'release' : 'model';
    return `${name}(${what})`;
  }
  const sk = (command.input.Key as { SK?: string } | undefined)?.SK;
  return sk ? `${name}(${sk.split('#').slice(1, 2).join('') || sk})` : name;
}

/** Runs `work` with a passive spy on the DynamoDB client: the commands it sends, in order. */
async function commandsOf(work: () => Promise<unknown>): Promise<string[]> {
  const client = dynamo();
  const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
  const sent: string[] = [];
  const spy = vi.spyOn(client, 'send').mockImplementation(((command: Command) => {
    sent.push(commandLabel(command));
    return send(command);
  }) as never);
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return sent;
}

/**
 * As faults.test.ts's `dieAt`: from the Nth command on, every command fails (the process died there); those already
 * sent complete. Answers the command it died at (once it has) and a function that revives the process.
 */
function dieAtCommand(n: number) {
  const client = dynamo();
  const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
  let seen = 0;
  const death: { at?: string } = {};
  const spy = vi.spyOn(client, 'send').mockImplementation((async (command: Command) => {
    if (++seen === n) death.at = commandLabel(command);
    if (seen >= n) throw new Error('the process died');
    return send(command);
  }) as never);
  return { death, revive: () => spy.mockRestore() };
}

/**
 * The restart: the process is back, the clock is past the lease of the lock the dead request may hold, and the
 * scheduled function runs. Answers that moment (the clock stays there until the case ends).
 */
async function restart(id: string): Promise<number> {
  const item = await store.getModelItem(id);
  const lockExpires = item?.record.lockExpires;
  if (lockExpires !== undefined) expect(lockExpires - Date.now()).toBeLessThanOrEqual(lockLeaseMs());
  const leaseEnd = Math.max(lockExpires ?? 0, Date.now()) + 1;
  vi.spyOn(clock, 'now').mockReturnValue(leaseEnd);
  await advanceDueModels(leaseEnd);
  return leaseEnd;
}

/** Which of the expected states `found` is exactly, or 'neither'. */
function which<K extends string>(found: unknown, expected: Record<K, unknown>): K | 'neither' {
  return (Object.keys(expected) as K[]).find((key) => isDeepStrictEqual(found, expected[key])) ?? 'neither';
}

/** Of the expected states, the one `found` differs least from at the top level (for the diff of a failure). */
function closest(found: State, expected: Record<string, State>): State {
  const differences = (state: State) => (Object.keys(state) as (keyof State)[]).filter((key) => !isDeepStrictEqual(found[key], state[key])).length;
  return Object.values(expected).sort((a, b) => differences(a) - differences(b))[0];
}

interface Case {
  n: number;
  at: string;
  outcome: string;
}

/** The matrix as one line per N, for assertion messages and (CRASH_MATRIX_LOG=1) the console. */
function summary(name: string, total: number, cases: Case[]): string {
  const text = `${name}: ${total} commands uncut\n${cases.map((c) => `  N=${c.n} ${c.at}: ${c.outcome}`).join('\n')}`;
  if (process.env.CRASH_MATRIX_LOG) console.log(text);
  return text;
}

/**
 * Every case is `first` or `second`, both occur, and once a death leaves `second` every later one does too (what a
 * command made durable, dying later cannot undo); with `switchAfter`, the first `second` comes right after the case
 * whose command matches it (for a journaled change: its head, the commit point, so a committed change is finished).
 */
function expectSwitch(cases: Case[], text: string, first: string, second: string, switchAfter?: RegExp): void {
  expect(cases.filter((c) => c.outcome !== first && c.outcome !== second), text).toEqual([]);
  const switched = cases.findIndex((c) => c.outcome === second);
  expect(switched, `${text}\n(no case is ${second})`).toBeGreaterThan(0);
  expect(cases.map((c) => c.outcome), `${text}\n(${first} until some N, ${second} from there on)`)
    .toEqual(cases.map((_, index) => (index < switched ? first : second)));
  if (switchAfter) expect(cases[switched - 1].at, `${text}\n(the first ${second} is right after the commit point)`).toMatch(switchAfter);
}

/**
 * Runs the matrix of one operation, given the commands it sends uncut (counted on a twin): for every N runs it on a
 * fresh model in the known state with death at the Nth command, restarts, and lets `judge` say what it found.
 */
async function crashMatrix(name: string, operation: (model: Model) => Promise<unknown>, uncut: readonly string[],
  judge: (model: Model, label: string, now: number) => Promise<string>): Promise<{ cases: Case[]; text: string }> {
  expect(uncut.length, `${name} sends commands`).toBeGreaterThan(1);
  const cases: Case[] = [];
  for (let n = 1; n <= uncut.length; n++) {
    const model = await knownState();
    const { death, revive } = dieAtCommand(n);
    const outcome = await operation(model).then(() => 'completed', (error: unknown) => String(error));
    revive();
    const at = death.at ?? `(no command ${n}: ${uncut[n - 1]} expected)`;
    const label = `${name}, death at command N=${n}/${uncut.length} ${at}`;
    expect.soft(outcome, `${label}: the operation fails`).toBe('Error: the process died');
    const now = await restart(model.id);
    cases.push({ n, at, outcome: await judge(model, label, now) });
    vi.mocked(clock.now).mockRestore();
  }
  return { cases, text: summary(name, uncut.length, cases) };
}

/** Consistent, unlocked, listed and readable, and its API-visible state one of `expected`: which one. */
async function judgeModel(model: Model, label: string, now: number, expected: Record<string, State>): Promise<string> {
  expect.soft(await modelProblems(model.id, now), `${label}: invariants after repair`).toEqual([]);
  const record = await store.getModel(model.id);
  expect.soft(record?.lockOp, `${label}: the model is not locked after repair`).toBeUndefined();
  expect.soft((await models.listLanguageModels(model.caller, NO_QUERY)).customizations.map((m) => m.customization_id),
    `${label}: the model is listed`).toEqual([model.id]);
  const found = await visibleState(model);
  const outcome = which(found, expected);
  if (outcome === 'neither') {
    expect.soft(found, `${label}: the state is neither ${Object.keys(expected).join(' nor ')} (diff against the closest)`)
      .toEqual(closest(found, expected));
  }
  return outcome;
}

/** On a twin built the same way, the commands the operation sends uncut, and the state after it (its job settled). */
async function uncutTwin(operation: (model: Model) => Promise<unknown>): Promise<{ commands: string[]; model: Model }> {
  const model = await knownState();
  const commands = await commandsOf(() => operation(model));
  await advanceDueModels(Date.now());
  return { commands, model };
}

const NEW_CORPUS = [...made('n', 60), SHARED[0], USER, 'meeting'];
const NEW_WORDS = [
  ...made('w', 57).map((word) => ({ word })),
  { word: USER, sounds_like: ['zee user'] },
  { word: ONE[0], display_as: 'ZQOne' },
  { word: 'meeting', sounds_like: ['mee ting'] },
];

/** The multi-item operations on corpora, grammars and words, each from the known state. */
const DATA_OPERATIONS: { name: string; run: (model: Model) => Promise<unknown> }[] = [
  // 63 words (60 new, 3 held ones gain the corpus), its word list and the corpus: three batches of writes
  { name: 'addCorpus (new, 63 words)', run: ({ caller, id }) => addCorpus(caller, id, 'c3', NO_QUERY, `The ${NEW_CORPUS.join(' ')}.`) },
  {
    name: 'addCorpus overwrite of c1 (shared, user and in-vocabulary words)',
    run: ({ caller, id }) => addCorpus(caller, id, 'c1', OVERWRITE, `${ONE[0]} ${SHARED[0]} ${made('v', 3).join(' ')} ${USER} meeting meeting meeting.`),
  },
  { name: 'deleteCorpus c1', run: ({ caller, id }) => deleteCorpus(caller, id, 'c1') },
  { name: 'addGrammar (new)', run: ({ caller, id }) => addGrammar(caller, id, 'g2', NO_QUERY, 'abnf', abnf([GRAM[0], ...made('h', 3), 'meeting'])) },
  { name: 'addGrammar overwrite of g1', run: ({ caller, id }) => addGrammar(caller, id, 'g1', OVERWRITE, 'abnf', abnf([GRAM[1], ...made('k', 2), SHARED[1]])) },
  { name: 'deleteGrammar g1', run: ({ caller, id }) => deleteGrammar(caller, id, 'g1') },
  // 57 new words and 3 held ones redefined: three batches of writes
  { name: 'addWords (60 words)', run: ({ caller, id }) => addWords(caller, id, { words: NEW_WORDS }) },
];

describe('a change of several children, cut at each DynamoDB command, is before or after once repaired', () => {
  it.each(DATA_OPERATIONS)('$name', async ({ name, run }) => {
    const before = await visibleState(await knownState());
    const twin = await uncutTwin(run);
    const after = await visibleState(twin.model);
    expect(after, `${name} changes what the API shows`).not.toEqual(before);
    const { cases, text } = await crashMatrix(name, run, twin.commands, (model, label, now) => judgeModel(model, label, now, { before, after }));
    // A matrix where every case is "before" (or "after") would cut too early (or too late) to test the journal.
    expectSwitch(cases, text, 'before', 'after', /^BatchWrite\(put JOURNAL head×1\)$/);
  });

  it('addCorpus (new) and addWords each write their words in at least three batches', async () => {
    for (const { name, run } of DATA_OPERATIONS.filter((operation) => /^add(Corpus \(new|Words)/.test(operation.name))) {
      const batches = (await uncutTwin(run)).commands.filter((label) => /^BatchWrite\(.*put WORD/.test(label));
      expect(batches.length, name).toBeGreaterThanOrEqual(3);
    }
  });
});

/** Every key of the model's partition: none once a deleted model is purged. */
async function partitionKeys(id: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of queryPages({
    TableName: process.env.STT_TABLE, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': modelPk(id) },
    ProjectionExpression: 'SK', ConsistentRead: true,
  })) {
    keys.push(...(page.Items ?? []).map((item) => String(item.SK)));
  }
  return keys;
}

async function readStatus(model: Model): Promise<number> {
  return models.getLanguageModel(model.caller, model.id, NO_QUERY).then(() => 200, (error: unknown) => {
    if (error instanceof ApiError) return error.status;
    throw error;
  });
}

describe('deleting or resetting a model, cut at each DynamoDB command, is whole or not at all once restarted', () => {
  it('deleteLanguageModel: the model is gone (purged) or intact, never listed but unreadable', async () => {
    const before = await visibleState(await knownState());
    const run = ({ caller, id }: Model) => models.deleteLanguageModel(caller, id);
    const { commands } = await uncutTwin(run);
    const { cases, text } = await crashMatrix('deleteLanguageModel', run, commands, async (model, label, now) => {
      const listed = (await models.listLanguageModels(model.caller, NO_QUERY)).customizations.some((m) => m.customization_id === model.id);
      const status = await readStatus(model);
      expect.soft(listed, `${label}: listed exactly when readable (read answers ${status})`).toBe(status === 200);
      if (status === 401 && !listed) {
        expect.soft(await partitionKeys(model.id), `${label}: the deleted model is purged, tombstone and children`).toEqual([]);
        return 'gone';
      }
      expect.soft(status, `${label}: a model not gone reads`).toBe(200);
      return judgeModel(model, label, now, { intact: before });
    });
    expectSwitch(cases, text, 'intact', 'gone', /^Update\(tombstone\)$/);
  });

  it('resetLanguageModel: the model is empty at the new generation or intact', async () => {
    const before = await visibleState(await knownState());
    const run = ({ caller, id }: Model) => models.resetLanguageModel(caller, id);
    const twin = await uncutTwin(run);
    const empty = await visibleState(twin.model);
    expect(empty).toEqual(expect.objectContaining({ generation: before.generation + 1, status: 'pending', corpora: [], grammars: [], words: [] }));
    const { cases, text } = await crashMatrix('resetLanguageModel', run, twin.commands, async (model, label, now) => {
      expect.soft(await readStatus(model), `${label}: the model reads`).toBe(200);
      return judgeModel(model, label, now, { intact: before, empty });
    });
    expectSwitch(cases, text, 'intact', 'empty', /^Update\(new generation\)$/);
  });
});
