import type { Browser, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wav } from '../../support/audio';
import { http, newApiKey, sdkClient } from '../support';
import { launchBrowser, modelRow, modelStatus, nextResponse, openConsole, screenshot, signedIn, signIn, WAIT } from './support';

/**
 * The web console's models view, sign-in, actions and controls, in headless Chromium against the e2e emulator
 * (1-second default timings). Every test signs in with a fresh key: its own instance.
 */

const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('the web console: sign-in and models', () => {
  it('loads without credentials, signs in with an API key, shows the SDK-created models live, and signs out', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    const first = (await stt.createLanguageModel({ name: 'Cardiology terms', baseModelName: 'en-US_BroadbandModel', description: 'ICU' })).result.customization_id!;

    const { context, page, problems } = await openConsole(browser);
    const sent: Request[] = [];
    page.on('request', (request) => sent.push(request));
    await expect(page.locator('#signin h2').textContent()).resolves.toBe('Sign in');
    expect(await page.locator('#app').isHidden()).toBe(true);

    // a refused sign-in keeps the form: an empty key is caught before any request
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.locator('#signin-error').textContent()).resolves.toBe('Enter an API key, or a username and a password.');

    await signIn(page, apikey);
    await expect(page.locator('#who').textContent()).resolves.toBe(`Signed in with API key …${apikey.slice(-4)}`);
    await modelRow(page, first).waitFor();
    await expect(page.locator('#models-count').textContent()).resolves.toBe('1 model');
    const cells = await modelRow(page, first).locator('td').allTextContents();
    expect(cells.slice(0, 5)).toEqual([
      `Cardiology terms${first}`, 'pending 0%', 'en-US_BroadbandModel', 'en-US', 'en-US_BroadbandModel.v2018-07-31',
    ]);
    expect(cells[7]).toBe(''); // no error

    // a model created by the application after sign-in appears without a reload
    await page.evaluate('window.marker = 42');
    const second = (await stt.createLanguageModel({ name: 'Second', baseModelName: 'en-GB_NarrowbandModel' })).result.customization_id!;
    await modelRow(page, second).waitFor();
    await expect(page.locator('#models-count').textContent()).resolves.toBe('2 models');
    await expect(modelRow(page, second).locator('td').nth(2).textContent()).resolves.toBe('en-GB_NarrowbandModel');
    expect(await page.evaluate('window.marker')).toBe(42);
    await screenshot(page, 'models');

    // every request the page made went to the same origin with the credential, marked out of the journal
    const calls = sent.filter((request) => /\/(v1|_emulator)\//.test(new URL(request.url()).pathname) && !request.url().endsWith('/_emulator/console'));
    expect(calls.length).toBeGreaterThan(2);
    for (const request of calls) {
      const headers = await request.allHeaders();
      expect(new URL(request.url()).origin).toBe(new URL(page.url()).origin);
      expect(headers['x-emulator-journal']).toBe('off');
      expect(headers.authorization).toBe(`Basic ${Buffer.from(`apikey:${apikey}`).toString('base64')}`);
    }

    // the credential lives in this tab's sessionStorage only, and a reload keeps the session
    expect(await page.evaluate('localStorage.length')).toBe(0);
    expect(await page.evaluate<string>("sessionStorage.getItem('stt-emulator-console')")).toContain('Basic ');
    await page.reload();
    await modelRow(page, second).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('#signin').waitFor({ state: 'visible' });
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    expect(await page.locator('#models tr').count()).toBe(0);
    await page.reload();
    await page.locator('#signin').waitFor({ state: 'visible' });
    expect(await page.locator('#app').isHidden()).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('signs in with a username and password as another instance, which sees none of the first one\'s models', async () => {
    const owner = newApiKey();
    const id = (await sdkClient(owner).createLanguageModel({ name: 'Private', baseModelName: 'en-US_BroadbandModel' })).result.customization_id!;
    const { context, page, problems } = await openConsole(browser);
    await page.getByLabel('Username and password').check();
    await page.getByLabel('Username', { exact: true }).fill(`user-${newApiKey()}`);
    await page.getByLabel('Password', { exact: true }).fill('secret');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#models .empty').waitFor();
    await expect(page.locator('#models').textContent()).resolves.toBe('No custom language models yet.');
    await expect(page.locator('#models-count').textContent()).resolves.toBe('0 models');
    expect(await page.locator(`[data-id="${id}"]`).count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows recognition jobs and acoustic models live; another instance sees none of them', async () => {
    const apikey = newApiKey();
    expect((await http('PUT', '/_emulator/timing', { apikey, ...json({ recognition: { mode: 'manual' } }) })).status).toBe(200);
    const stt = sdkClient(apikey);
    const acousticId = (await stt.createAcousticModel({ name: 'Room noise', baseModelName: 'en-US_BroadbandModel' })).result.customization_id!;
    const jobId = (await stt.createJob({ audio: wav(1, { seed: 17 }), contentType: 'audio/wav' })).result.id!;

    const { context, page, problems } = await signedIn(browser, apikey, { hash: '#jobs' });
    await page.locator(`#jobs tr[data-id="${jobId}"]`).waitFor();
    const job = await page.locator(`#jobs tr[data-id="${jobId}"] td`).allTextContents();
    expect(job).toEqual([jobId, expect.stringMatching(/^(waiting|processing)$/), expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/), expect.any(String), '']);
    await expect(page.locator('#jobs-count').textContent()).resolves.toBe('1 job');
    const acoustic = await page.locator(`#acoustic tr[data-id="${acousticId}"] td`).allTextContents();
    expect(acoustic.slice(0, 3)).toEqual([`Room noise${acousticId}`, 'pending 0%', 'en-US_BroadbandModel']);
    await screenshot(page, 'jobs');

    expect((await http('POST', '/_emulator/advance', { apikey })).body).toEqual({ advanced: [{ recognition_id: jobId, operation: 'recognition' }] });
    await expect.poll(() => page.locator(`#jobs tr[data-id="${jobId}"] td.status`).textContent(), WAIT).toBe('completed');

    const other = await signedIn(browser, newApiKey(), { hash: '#jobs' });
    await other.page.locator('#acoustic .empty').waitFor();
    await expect(other.page.locator('#jobs').textContent()).resolves.toBe('No recognition jobs.');
    await expect(other.page.locator('#acoustic').textContent()).resolves.toBe('No custom acoustic models.');
    expect([problems, other.problems]).toEqual([[], []]);
    await other.context.close();
    await context.close();
  });

  it('follows a training live: training while the operation runs, available after advance, without a reload', async () => {
    const apikey = newApiKey();
    expect((await http('PUT', '/_emulator/timing', { apikey, ...json({ training: { mode: 'manual' } }) })).status).toBe(200);
    const stt = sdkClient(apikey);
    const customizationId = (await stt.createLanguageModel({ name: 'Live', baseModelName: 'en-US_BroadbandModel' })).result.customization_id!;
    await stt.addWord({ customizationId, wordName: 'zorblax', soundsLike: ['zor blacks'] });

    const { context, page, problems } = await signedIn(browser, apikey);
    await page.evaluate('window.marker = 7');
    await expect(modelStatus(page, customizationId).textContent()).resolves.toBe('ready');
    await stt.trainLanguageModel({ customizationId });
    await page.locator(`#models tr[data-id="${customizationId}"] .badge.s-training`).waitFor();
    await expect(modelStatus(page, customizationId).textContent()).resolves.toBe('training');
    await screenshot(page, 'training');
    // manual: it stays training, however often the console polls
    await page.waitForTimeout(3_500);
    await expect(modelStatus(page, customizationId).textContent()).resolves.toBe('training');

    const advanced = await http('POST', '/_emulator/advance', { apikey });
    expect(advanced.body).toEqual({ advanced: [{ customization_id: customizationId, operation: 'training' }] });
    await page.locator(`#models tr[data-id="${customizationId}"] .badge.s-available`).waitFor();
    await expect(modelRow(page, customizationId).locator('td.status').textContent()).resolves.toBe('available 100%');
    expect(await page.evaluate('window.marker')).toBe(7);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('the web console: acting through the APIs', () => {
  it('creates a model, adds a word, sets timing, trains, advances, injects a fault and removes it, and deletes the model', async () => {
    const apikey = newApiKey();
    const { context, page, problems } = await signedIn(browser, apikey);
    const controlsTab = () => page.getByRole('tab', { name: 'Timing, faults & transcripts' }).click();
    const modelsTab = () => page.getByRole('tab', { name: 'Language models' }).click();
    const click = (name: string) => () => page.getByRole('button', { name, exact: true }).click();

    // timing, from the controls view
    await controlsTab();
    await page.locator('#timing tr[data-op="training"]').waitFor();
    await expect(page.locator('#timing tr[data-op="training"] td').allTextContents()).resolves.toEqual(['training', 'delay', '1', '', 'default']);
    await page.getByLabel('Operation', { exact: true }).selectOption('training');
    await page.getByLabel('Mode', { exact: true }).selectOption('manual');
    const timing = await nextResponse(page, click('Set timing'));
    expect([timing.request, timing.status]).toEqual(['PUT /_emulator/timing', '200']);
    expect(JSON.parse(timing.body).training).toEqual({ mode: 'manual', source: 'instance' });
    await expect.poll(() => page.locator('#timing tr[data-op="training"] td').allTextContents(), WAIT).toEqual(['training', 'manual', '', '', 'instance']);

    // a transcript
    await page.getByLabel('Transcript (the words spoken)').fill('call the i triple e office');
    const transcript = await nextResponse(page, click('Save transcript'));
    expect([transcript.request, transcript.status]).toEqual(['PUT /_emulator/transcripts/default', '200']);
    expect(JSON.parse(transcript.body)).toMatchObject({ key: 'default', transcript: 'call the i triple e office' });
    await expect.poll(() => page.locator('#transcripts tr[data-key-name="default"] td').nth(1).textContent(), WAIT).toBe('call the i triple e office');

    // create a model from the page
    await modelsTab();
    await page.getByLabel('Name', { exact: true }).fill('From the console');
    const created = await nextResponse(page, click('Create model'));
    const id = JSON.parse(created.body).customization_id as string;
    expect(created).toEqual({ request: 'POST /v1/customizations', status: '201', body: `{"customization_id":"${id}"}` });
    await modelRow(page, id).waitFor();
    const stt = sdkClient(apikey);
    expect((await stt.getLanguageModel({ customizationId: id })).result).toMatchObject({ name: 'From the console', base_model_name: 'en-US_BroadbandModel' });

    // select it, add a word
    await modelRow(page, id).getByRole('button', { name: 'From the console' }).click();
    await page.locator('#detail').waitFor();
    await expect(page.locator('#detail-title').textContent()).resolves.toBe('Model: From the console');
    await page.getByLabel('Word', { exact: true }).fill('zorblax');
    await page.getByLabel('Sounds like (comma-separated)').fill('zor blacks, zore blax');
    expect(await nextResponse(page, click('Add word'))).toEqual({ request: `PUT /v1/customizations/${id}/words/zorblax`, status: '201', body: '{}' });
    await page.locator('#words tr[data-word="zorblax"]').waitFor();
    await expect(page.locator('#words tr[data-word="zorblax"] td').nth(2).textContent()).resolves.toBe('zor blacks, zore blax');

    // train: manual timing keeps it training until advanced
    expect(await nextResponse(page, click('Train'))).toEqual({ request: `POST /v1/customizations/${id}/train`, status: '200', body: '{}' });
    await expect.poll(() => modelStatus(page, id).textContent(), WAIT).toBe('training');
    await expect(page.locator('#warnings').textContent()).resolves.toBe('No training warnings.');
    expect(await nextResponse(page, click('Advance this model'))).toEqual({
      request: 'POST /_emulator/advance', status: '200', body: `{"advanced":[{"customization_id":"${id}","operation":"training"}]}`,
    });
    await expect.poll(() => modelStatus(page, id).textContent(), WAIT).toBe('available');
    await screenshot(page, 'model-detail');

    // a fault rule: the next two trainLanguageModel calls answer 503
    await controlsTab();
    await page.getByLabel('Operation (SDK method or *)').fill('trainLanguageModel');
    await page.getByLabel('Status', { exact: true }).fill('503');
    await page.getByLabel('Count', { exact: true }).fill('2');
    const fault = await nextResponse(page, click('Add fault rule'));
    expect([fault.request, fault.status]).toEqual(['POST /_emulator/faults', '201']);
    const faultId = JSON.parse(fault.body).fault_id as string;
    expect(JSON.parse(fault.body)).toEqual({ fault_id: faultId, operation: 'trainLanguageModel', status: 503, count: 2, created: expect.any(String) });
    await page.locator(`#faults tr[data-id="${faultId}"]`).waitFor();
    await expect(page.locator(`#faults tr[data-id="${faultId}"] td.fcount`).textContent()).resolves.toBe('2');
    await screenshot(page, 'controls');

    await modelsTab();
    expect(await nextResponse(page, click('Train'))).toEqual({
      request: `POST /v1/customizations/${id}/train`,
      status: '503',
      body: '{"code":503,"code_description":"Service Unavailable","error":"Service Unavailable (fault injected by the emulator)."}',
    });
    await expect(page.locator('#response-status').getAttribute('class')).resolves.toBe('st5');
    expect(await page.locator('#response-log li').count()).toBe(8);

    await controlsTab();
    await expect.poll(() => page.locator(`#faults tr[data-id="${faultId}"] td.fcount`).textContent(), WAIT).toBe('1');
    const removed = await nextResponse(page, () => page.locator(`#faults tr[data-id="${faultId}"]`).getByRole('button', { name: 'Remove' }).click());
    expect(removed).toEqual({ request: `DELETE /_emulator/faults/${faultId}`, status: '200', body: '{}' });
    await expect.poll(() => page.locator('#faults').textContent(), WAIT).toBe('No fault rules.');
    expect((await http('GET', '/_emulator/faults', { apikey })).body).toEqual({ faults: [] });

    // the rule is gone: train answers as the service does again
    await modelsTab();
    expect((await nextResponse(page, click('Train'))).status).not.toBe('503');

    // delete asks twice
    await page.getByRole('button', { name: 'Delete model' }).click();
    await expect(page.locator('#delete-btn').textContent()).resolves.toBe('Press again to confirm');
    expect(await nextResponse(page, () => page.locator('#delete-btn').click())).toEqual({ request: `DELETE /v1/customizations/${id}`, status: '200', body: '{}' });
    await expect.poll(() => page.locator('#models').textContent(), WAIT).toBe('No custom language models yet.');
    expect(await page.locator('#detail').isHidden()).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('is usable by keyboard and fits a narrow window', async () => {
    const apikey = newApiKey();
    await sdkClient(apikey).createLanguageModel({ name: 'Narrow', baseModelName: 'en-US_BroadbandModel' });
    const { context, page, problems } = await openConsole(browser, { width: 400, height: 800 });
    // sign in by keyboard alone: skip link, the credential choice, the key field, the button
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.value')).toBe('apikey');
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.id')).toBe('apikey');
    await page.keyboard.type(apikey);
    await page.keyboard.press('Enter');
    await page.locator('#models tbody tr').waitFor();
    // the tabs answer the arrow keys
    await page.locator('#tab-models').focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate('document.activeElement.id')).toBe('tab-jobs');
    expect(await page.locator('#panel-jobs').isVisible()).toBe(true);
    await page.keyboard.press('ArrowLeft');
    expect(await page.locator('#panel-models').isVisible()).toBe(true);
    // a focused control has a visible outline
    const outline = await page.evaluate('getComputedStyle(document.activeElement).outlineStyle');
    expect(outline).toBe('solid');
    // nothing is wider than the window
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(400);
    await screenshot(page, 'narrow');
    expect(problems).toEqual([]);
    await context.close();
  });
});
