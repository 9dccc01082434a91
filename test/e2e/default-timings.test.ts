import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SpeechToTextV1 from 'ibm-watson/speech-to-text/v1';
import { BasicAuthenticator } from 'ibm-watson/auth';
import { startLocalStack, type LocalStack } from '../../scripts/local-stack.mjs';
import { freePort } from '../support/ports';

let stack: LocalStack;
/** What whenCustomizationReady uses when the caller gives nothing (its typings ask for both). */
const SDK_DEFAULT_POLLING = { interval: 5000, times: 30 };
let lambdaPort: number;

// The emulator as `npm start` runs it, with its default (realistic) timings, driven by the SDK's default polling.
beforeAll(async () => {
  lambdaPort = await freePort();
  stack = await startLocalStack({
    port: await freePort(), dynamodbPort: await freePort(), lambdaPort, websocketPort: await freePort(),
    dataDir: ':memory:', env: { STT_TABLE: 'stt-default-timings' },
  });
});
afterAll(async () => stack?.stop());

const invokeScheduledFunction = async () => (await fetch(
  `http://127.0.0.1:${lambdaPort}/2015-03-31/functions/watson-stt-emulator-local-advanceTraining/invocations`,
  { method: 'POST', body: '{}' },
)).json();

describe('default timings with the SDK\'s default polling (5 s × 30)', () => {
  it('runs create → corpus → words → train → available → upgrade → available', { timeout: 240_000 }, async () => {
    const stt = new SpeechToTextV1({
      authenticator: new BasicAuthenticator({ username: 'apikey', password: 'default-timings' }), serviceUrl: stack.url,
    });
    const { result: { customization_id: id } } = await stt.createLanguageModel({ name: 'slow', baseModelName: 'en-US_BroadbandModel' });
    const customizationId = id!;
    const started = Date.now();
    await stt.addCorpus({ customizationId, corpusName: 'notes', corpusFile: Buffer.from('The zorbliq pump failed.\n') });
    expect((await stt.getCorpus({ customizationId, corpusName: 'notes' })).result.status).toBe('being_processed');
    expect((await stt.whenCustomizationReady({ customizationId, ...SDK_DEFAULT_POLLING })).status).toBe('ready');
    expect(Date.now() - started).toBeGreaterThanOrEqual(10_000);
    expect((await stt.getCorpus({ customizationId, corpusName: 'notes' })).result.status).toBe('analyzed');

    await stt.addWords({ customizationId, words: [{ word: 'Quaxley' }] });
    expect((await stt.getLanguageModel({ customizationId })).result.status).toBe('pending');
    expect((await stt.whenCustomizationReady({ customizationId, ...SDK_DEFAULT_POLLING })).status).toBe('ready');

    await stt.trainLanguageModel({ customizationId });
    expect((await stt.getLanguageModel({ customizationId })).result.status).toBe('training');
    const available = await stt.whenCustomizationReady({ customizationId, ...SDK_DEFAULT_POLLING });
    expect([available.status, available.progress]).toEqual(['available', 100]);
    const report = await invokeScheduledFunction();
    expect(report).toEqual(expect.objectContaining({ repaired: 0, purged: 0 }));

    await stt.upgradeLanguageModel({ customizationId });
    expect((await stt.getLanguageModel({ customizationId })).result.status).toBe('upgrading');
    let model = (await stt.getLanguageModel({ customizationId })).result;
    while (model.status === 'upgrading') {
      await new Promise((resolve) => setTimeout(resolve, 5000));
      model = (await stt.getLanguageModel({ customizationId })).result;
    }
    expect(model.status).toBe('available');
    expect(model.versions).toEqual(['en-US_BroadbandModel.v2018-07-31', 'en-US_BroadbandModel.v2020-01-16']);
  });
});
