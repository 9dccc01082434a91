// Scale figures of the corpora and words resource (issue 3, item 6), against a running local stack:
// a 5 MB corpus with tens of thousands of distinct OOV words, and a model with 90,000 words (listWords, reset, delete).
import { gzipSync } from 'node:zlib';

/** A deterministic invented word that no dictionary knows: `zq` + letters of the number. */
const inventedWord = (n) => {
  let word = 'zq';
  for (let rest = n; ; rest = Math.floor(rest / 26) - 1) {
    word += String.fromCharCode(97 + (rest % 26));
    if (rest < 26) break;
  }
  return word;
};

const FILLER = 'the patient was admitted to the unit and the nurse called the doctor about the pump'.split(' ');

/** About `bytes` of English text using `distinct` invented words, each at least once. */
export function corpus(bytes, distinct) {
  const lines = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const words = [];
    for (let j = 0; j < 12; j++) words.push(j % 3 === 0 ? inventedWord((i * 4 + j / 3) % distinct) : FILLER[(i + j) % FILLER.length]);
    const line = `${words.join(' ')}.`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

async function timed(fn) {
  const start = performance.now();
  const result = await fn();
  return { ms: Math.round(performance.now() - start), result };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Medians of `rounds` runs: the 5 MB corpus on a fresh model each time; the 90,000-word model built once for the
 * listWords runs, filled again before each reset; each delete on a model of its own (every fill is timed too).
 */
export async function scaleFigures(url, authorization, { rounds = 3 } = {}) {
  const call = async (method, path, body, headers = {}) => {
    const response = await fetch(url + path, { method, headers: { authorization, ...headers }, body });
    const text = await response.text();
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
    return text;
  };
  const create = async () => JSON.parse(await call('POST', '/v1/customizations',
    JSON.stringify({ name: 'scale', base_model_name: 'en-US_BroadbandModel' }), { 'content-type': 'application/json' })).customization_id;
  const figures = [];
  const note = `median of ${rounds}`;

  const big = corpus(5 * 1000 * 1000, 40_000);
  const adds = [];
  let info;
  for (let round = 0; round < rounds; round++) {
    const model = await create();
    adds.push((await timed(() => call('POST', `/v1/customizations/${model}/corpora/big`, big, { 'content-type': 'text/plain' }))).ms);
    info ??= JSON.parse(await call('GET', `/v1/customizations/${model}/corpora/big`));
  }
  figures.push({ figure: 'addCorpus, 5 MB English corpus', value: median(adds), unit: 'ms',
    note: `${note}; ${(Buffer.byteLength(big) / 1e6).toFixed(2)} MB, total_words ${info.total_words}, OOV ${info.out_of_vocabulary_words}` });

  const words = Array.from({ length: 90_000 }, (_, i) => inventedWord(i)).join(' ');
  const fills = [];
  const fill = async (model) => {
    fills.push((await timed(() => call('POST', `/v1/customizations/${model}/corpora/ninety?allow_overwrite=true`, words, { 'content-type': 'text/plain' }))).ms);
  };
  const model = await create();
  await fill(model);
  const lists = [];
  let listed;
  for (let round = 0; round < rounds; round++) {
    const list = await timed(() => call('GET', `/v1/customizations/${model}/words`));
    lists.push(list.ms);
    listed = list.result;
  }
  const resets = [];
  for (let round = 0; round < rounds; round++) {
    if (round > 0) await fill(model);
    resets.push((await timed(() => call('POST', `/v1/customizations/${model}/reset`))).ms);
  }
  const removals = [];
  for (let round = 0; round < rounds; round++) {
    const doomed = round === 0 ? model : await create();
    await fill(doomed);
    removals.push((await timed(() => call('DELETE', `/v1/customizations/${doomed}`))).ms);
  }
  const count = JSON.parse(listed).words.length;
  figures.push({ figure: 'addCorpus, 90,000 distinct OOV words', value: median(fills), unit: 'ms', note: `median of ${fills.length}` });
  figures.push({ figure: 'listWords, 90,000 words', value: median(lists), unit: 'ms',
    note: `${note}; ${count} words, ${(Buffer.byteLength(listed) / 1e6).toFixed(1)} MB JSON, ${(gzipSync(listed).length / 1e6).toFixed(1)} MB gzipped` });
  figures.push({ figure: 'resetLanguageModel, 90,000 words', value: median(resets), unit: 'ms', note });
  figures.push({ figure: 'deleteLanguageModel, 90,000 words', value: median(removals), unit: 'ms', note });
  return figures;
}
