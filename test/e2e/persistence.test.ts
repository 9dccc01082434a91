import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports';
import { basicAuth } from './support';

const ROOT = join(__dirname, '..', '..');

interface Started {
  child: ChildProcess;
  url: string;
  readyLine: string;
}

/** Runs `npm start`'s script as a user would, and waits for its ready line. */
async function npmStart(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--no-warnings', join(ROOT, 'scripts/start.mjs')], {
    cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk) => { output += chunk; });
  const readyLine = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const line = output.split('\n').find((text) => text.includes('ready on'));
      if (line) resolve(line);
    });
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}): ${output}`)));
  });
  const url = /ready on (http:\/\/\S+)/.exec(readyLine)![1];
  return { child, url, readyLine };
}

async function stop(started: Started): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => started.child.once('exit', (code) => resolve(code)));
  started.child.kill('SIGTERM');
  return exited;
}

/** Creates a model with a corpus, user words and a grammar (analysis is immediate), trains it, and says what it holds. */
async function modelWithData(url: string, authorization: string) {
  const send = async (method: string, path: string, body: string, type: string) => {
    const result = await fetch(`${url}${path}`, { method, headers: { authorization, 'content-type': type }, body });
    expect(result.status, `${method} ${path}: ${await result.clone().text()}`).toBeLessThan(300);
    return result.json() as Promise<Record<string, string>>;
  };
  const { customization_id: id } = await send('POST', '/v1/customizations', '{"name":"data","base_model_name":"en-US_BroadbandModel"}', 'application/json');
  const model = `/v1/customizations/${id}`;
  await send('POST', `${model}/corpora/notes`, 'The quaxley meeting discussed zorbliq twice. Zorbliq again.', 'text/plain');
  await send('PUT', `${model}/words/glorptastic`, '{"sounds_like":["glorp tastic"],"display_as":"Glorptastic"}', 'application/json');
  await send('POST', `${model}/words`, '{"words":[{"word":"frobnix"},{"word":"zorbliq","sounds_like":["zor blick"]}]}', 'application/json');
  await send('POST', `${model}/grammars/names`, '#ABNF 1.0;\nroot $n;\n$n = snargle | wibblet ;\n', 'application/srgs');
  await send('POST', `${model}/train`, '', 'application/json');
  return {
    id,
    expected: {
      model: expect.objectContaining({ customization_id: id, status: 'available', progress: 100 }),
      corpora: { corpora: [{ name: 'notes', total_words: 8, out_of_vocabulary_words: 3, status: 'analyzed' }] },
      words: { words: ['Zorbliq', 'frobnix', 'glorptastic', 'quaxley', 'snargle', 'wibblet', 'zorbliq'].map((word) => expect.objectContaining({ word })) },
      grammars: { grammars: [{ out_of_vocabulary_words: 2, name: 'names', status: 'analyzed' }] },
    },
  };
}

async function resources(url: string, authorization: string, id: string) {
  const read = async (suffix: string) => (await fetch(`${url}/v1/customizations/${id}${suffix}`, { headers: { authorization } })).json();
  return { model: await read(''), corpora: await read('/corpora'), words: await read('/words'), grammars: await read('/grammars') };
}

const dataDir = mkdtempSync(join(tmpdir(), 'stt-persist-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm start', () => {
  it('prints one ready line, stops on SIGTERM, and keeps every model, corpus, word and grammar across a restart', async () => {
    const ports = {
      PORT: String(await freePort()), STT_DYNAMODB_PORT: String(await freePort()),
      STT_LAMBDA_PORT: String(await freePort()), STT_WEBSOCKET_PORT: String(await freePort()),
    };
    const env = { ...ports, STT_DATA_DIR: dataDir, STT_CORPUS_SECONDS: '0', STT_WORDS_SECONDS: '0', STT_GRAMMAR_SECONDS: '0', STT_TRAINING_SECONDS: '0' };
    const authorization = basicAuth('apikey', 'persistent-key');

    const first = await npmStart(env);
    expect(first.url).toBe(`http://127.0.0.1:${ports.PORT}`);
    expect(first.readyLine).toBe(`Watson STT emulator ready on ${first.url} (data: ${dataDir}; log: ${join(dataDir, 'emulator.log')})`);
    const ids: string[] = [];
    for (const name of ['first', 'second']) {
      const created = await fetch(`${first.url}/v1/customizations`, {
        method: 'POST', headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify({ name, base_model_name: 'ja-JP_Multimedia' }),
      });
      expect(created.status).toBe(201);
      ids.push(((await created.json()) as { customization_id: string }).customization_id);
    }
    // A model with data of every kind: a corpus, user words, a grammar (and its words), trained.
    const data = await modelWithData(first.url, authorization);
    ids.push(data.id);
    const before = await (await fetch(`${first.url}/v1/customizations`, { headers: { authorization } })).json();
    const dataBefore = await resources(first.url, authorization, data.id);
    expect(dataBefore).toEqual(data.expected);
    expect(await stop(first)).toBe(0);
    await expect(fetch(`${first.url}/v1/customizations`)).rejects.toThrow();

    const second = await npmStart(env);
    const after = await (await fetch(`${second.url}/v1/customizations`, { headers: { authorization } })).json();
    expect(after).toEqual(before);
    expect((after as { customizations: { customization_id: string }[] }).customizations.map((m) => m.customization_id).sort())
      .toEqual([...ids].sort());
    expect(await resources(second.url, authorization, data.id)).toEqual(dataBefore);
    expect(await stop(second)).toBe(0);
  });

  it('keeps nothing with STT_DATA_DIR=:memory:', async () => {
    const env = {
      PORT: String(await freePort()), STT_DYNAMODB_PORT: String(await freePort()),
      STT_LAMBDA_PORT: String(await freePort()), STT_WEBSOCKET_PORT: String(await freePort()), STT_DATA_DIR: ':memory:',
    };
    const authorization = basicAuth('apikey', 'memory-key');
    const first = await npmStart(env);
    const created = await fetch(`${first.url}/v1/customizations`, {
      method: 'POST', headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'gone', base_model_name: 'en-US_Telephony' }),
    });
    expect(created.status).toBe(201);
    expect(await stop(first)).toBe(0);
    const second = await npmStart(env);
    expect(await (await fetch(`${second.url}/v1/customizations`, { headers: { authorization } })).json()).toEqual({ customizations: [] });
    expect(await stop(second)).toBe(0);
  });
});
