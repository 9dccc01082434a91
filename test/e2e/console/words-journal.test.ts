import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, newApiKey, sdkClient, sdkError } from '../support';
import { launchBrowser, nextResponse, screenshot, shownWords, signedIn, WAIT } from './support';

/**
 * The web console's words browser and its request journal view, in headless Chromium against the e2e emulator.
 * Every test signs in with a fresh key: its own instance.
 */

const json = (body: unknown) => ({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
/** OOV words: frobnicator 3 times, zorblaxian twice, quuxified and glarbnik once. */
const CORPUS = 'The zorblaxian frobnicator met the quuxified frobnicator.\nThen glarbnik saw the frobnicator and the zorblaxian.\n';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const cellsOf = (page: Page, column: string) => page.locator(`#words tbody td.${column}`).allTextContents();

describe('the web console: words', () => {
  it('lists a corpus\'s words and the user\'s, searches, sorts by count, filters by type, marks invalid words, and adds a corpus from a file', async () => {
    const apikey = newApiKey();
    expect((await http('PUT', '/_emulator/timing', { apikey, ...json({ '*': { mode: 'immediate' } }) })).status).toBe(200);
    const stt = sdkClient(apikey);
    const customizationId = (await stt.createLanguageModel({ name: 'Words', baseModelName: 'en-US_BroadbandModel' })).result.customization_id!;
    await stt.addCorpus({ customizationId, corpusName: 'notes', corpusFile: Buffer.from(CORPUS) });
    await stt.addWords({ customizationId, words: [{ word: 'IEEE', sounds_like: ['I. triple E.'] }, { word: '99.95', sounds_like: ['99 dollars 95'], display_as: '99.95' }] });

    const { context, page, problems } = await signedIn(browser, apikey);
    await page.locator(`#models tr[data-id="${customizationId}"]`).getByRole('button', { name: 'Words' }).click();
    await page.locator('#words tbody tr').first().waitFor();

    await expect(page.locator('#corpora tr[data-name="notes"] td').allTextContents()).resolves.toEqual(['notes', 'analyzed', '15', '4', '', 'Delete']);
    await expect(page.locator('#corpora-count').textContent()).resolves.toBe('1 corpus');
    await expect(page.locator('#grammars').textContent()).resolves.toBe('No grammars.');
    await expect(page.locator('#words-count').textContent()).resolves.toBe('showing 6 of 6 words, 1 invalid');
    expect(await shownWords(page)).toEqual(['99.95', 'IEEE', 'frobnicator', 'glarbnik', 'quuxified', 'zorblaxian']);
    expect(await cellsOf(page, 'source')).toEqual(['user', 'user', 'notes', 'notes', 'notes', 'notes']);
    // the invalid word is marked, with the service's error
    expect(await page.locator('#words tr.invalid').count()).toBe(1);
    await expect(page.locator('#words tr[data-word="99.95"] td.err').textContent()).resolves
      .toBe("99 dollars 95: Numbers are not allowed in sounds_like. You can try for example 'ninety nine dollars ninety five'.");
    await expect(page.locator('#words tr[data-word="99.95"] .badge').textContent()).resolves.toBe('invalid');
    await screenshot(page, 'words');

    // search (in the page, no request)
    await page.getByLabel('Search (word or display_as)').fill('NI');
    expect(await shownWords(page)).toEqual(['frobnicator', 'glarbnik']);
    await expect(page.locator('#words-count').textContent()).resolves.toBe('showing 2 of 6 words, 1 invalid');
    await page.getByLabel('Search (word or display_as)').fill('nothing like it');
    await expect(page.locator('#words').textContent()).resolves.toBe('No word matches the search.');
    await page.getByLabel('Search (word or display_as)').fill('');

    // sort by count: ties in alphabetical order
    await page.getByLabel('Sort', { exact: true }).selectOption('-count');
    await expect.poll(() => shownWords(page), WAIT).toEqual(['frobnicator', 'zorblaxian', '99.95', 'IEEE', 'glarbnik', 'quuxified']);
    expect(await cellsOf(page, 'count')).toEqual(['3', '2', '1', '1', '1', '1']);

    // filter by type
    await page.getByLabel('Type', { exact: true }).selectOption('user');
    await expect.poll(() => shownWords(page), WAIT).toEqual(['99.95', 'IEEE']);
    await expect(page.locator('#words-count').textContent()).resolves.toBe('showing 2 of 2 words, 1 invalid');
    await page.getByLabel('Type', { exact: true }).selectOption('corpora');
    await expect.poll(() => shownWords(page), WAIT).toEqual(['frobnicator', 'zorblaxian', 'glarbnik', 'quuxified']);
    await page.getByLabel('Type', { exact: true }).selectOption('grammars');
    await expect.poll(() => page.locator('#words').textContent(), WAIT).toBe('No words.');
    await page.getByLabel('Type', { exact: true }).selectOption('all');
    await page.getByLabel('Sort', { exact: true }).selectOption('+alphabetical');

    // a corpus from a file: named after the file, sent as text/plain
    await page.getByLabel('Text file').setInputFiles({ name: 'extra.txt', mimeType: 'text/plain', buffer: Buffer.from('The snorfblat hums.\n') });
    expect(await nextResponse(page, () => page.getByRole('button', { name: 'Add corpus' }).click()))
      .toEqual({ request: `POST /v1/customizations/${customizationId}/corpora/extra`, status: '201', body: '{}' });
    await expect.poll(() => shownWords(page), WAIT).toEqual(['99.95', 'IEEE', 'frobnicator', 'glarbnik', 'quuxified', 'snorfblat', 'zorblaxian']);
    await expect(page.locator('#corpora-count').textContent()).resolves.toBe('2 corpora');
    expect((await stt.getCorpus({ customizationId, corpusName: 'extra' })).result).toMatchObject({ total_words: 3, out_of_vocabulary_words: 1 });

    // the same name again: the service's 400, shown as it came
    await page.getByLabel('Corpus name').fill('extra');
    await page.getByLabel('… or paste the text').fill('Again.');
    const again = await nextResponse(page, () => page.getByRole('button', { name: 'Add corpus' }).click());
    expect([again.status, JSON.parse(again.body)]).toEqual(['400', {
      code: 400, code_description: 'Bad Request',
      error: "A corpus named 'extra' already exists in the custom model. Set the 'allow_overwrite' parameter to 'true' to replace it.",
    }]);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('the web console: request journal', () => {
  it('shows the SDK\'s calls newest first with their operations, statuses and faults, charts them, and clears them', async () => {
    const apikey = newApiKey();
    const stt = sdkClient(apikey);
    const id = (await stt.createLanguageModel({ name: 'Journal', baseModelName: 'en-US_BroadbandModel' })).result.customization_id!;
    await stt.getLanguageModel({ customizationId: id });
    expect((await sdkError(stt.addWord({ customizationId: id, wordName: 'R2D2', soundsLike: ['R 2 D 2'] }))).status).toBe(400);
    const rule = await http('POST', '/_emulator/faults', { apikey, ...json({ operation: 'listModels', status: 503 }), headers: { 'content-type': 'application/json', 'x-emulator-journal': 'off' } });
    expect(rule.status).toBe(201);
    expect((await sdkError(stt.listModels())).status).toBe(503);

    const { context, page, problems } = await signedIn(browser, apikey, { hash: '#journal' });
    await expect(page.locator('#tab-journal').getAttribute('aria-selected')).resolves.toBe('true');
    await page.locator('#journal tbody tr').first().waitFor();
    const rows = page.locator('#journal tbody tr');
    expect(await rows.count()).toBe(4);
    expect(await page.locator('#journal td.operation').allTextContents()).toEqual(['listModels', 'addWord', 'getLanguageModel', 'createLanguageModel']);
    expect(await page.locator('#journal td.method').allTextContents()).toEqual(['GET', 'PUT', 'GET', 'POST']);
    expect(await page.locator('#journal td.path').allTextContents())
      .toEqual(['/v1/models', `/v1/customizations/${id}/words/R2D2`, `/v1/customizations/${id}`, '/v1/customizations']);
    expect(await page.locator('#journal td.status').allTextContents()).toEqual(['503', '400', '200', '201']);
    expect(await page.locator('#journal td.fault').allTextContents()).toEqual(['fault', '', '', '']);
    await expect(page.locator('#journal-status').textContent()).resolves.toBe('4 requests by this instance; the console\'s own requests are not recorded.');
    expect(await page.locator('#journal-legend li').allTextContents()).toEqual(['2xx: 2', '4xx: 1', '5xx: 1']);
    expect(await page.locator('#journal-chart svg rect.c2').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('#journal-chart svg rect.c4').count()).toBe(1);
    expect(await page.locator('#journal-chart svg rect.c5').count()).toBe(1);
    await expect(page.locator('#journal-chart svg').getAttribute('aria-label')).resolves.toMatch(/^Requests over time by status class: 2 2xx, 1 4xx, 1 5xx\./);
    await screenshot(page, 'journal');

    // the console's polling and actions are not journaled: the table stays as it was
    await page.getByRole('tab', { name: 'Language models' }).click();
    await page.locator(`#models tr[data-id="${id}"]`).waitFor();
    await page.getByRole('tab', { name: 'Request journal' }).click();
    await page.waitForTimeout(1_600);
    expect(await rows.count()).toBe(4);

    // another instance sees none of it
    const other = await signedIn(browser, newApiKey(), { hash: '#journal' });
    await other.page.locator('#journal .empty').waitFor();
    await expect(other.page.locator('#journal').textContent()).resolves.toBe('No requests recorded yet.');
    await expect(other.page.locator('#journal-status').textContent()).resolves.toBe('0 requests by this instance; the console\'s own requests are not recorded.');
    await other.page.getByRole('tab', { name: 'Language models' }).click();
    await expect.poll(() => other.page.locator('#models').textContent(), WAIT).toBe('No custom language models yet.');
    expect(other.problems).toEqual([]);
    await other.context.close();

    // clear it
    expect(await nextResponse(page, () => page.getByRole('button', { name: 'Clear the journal' }).click()))
      .toEqual({ request: 'DELETE /_emulator/requests', status: '200', body: '{"deleted":4}' });
    await expect.poll(() => page.locator('#journal').textContent(), WAIT).toBe('No requests recorded yet.');
    await expect(page.locator('#journal-chart').textContent()).resolves.toBe('No requests to chart.');
    expect(await page.locator('#journal-legend li').allTextContents()).toEqual(['2xx: 0', '4xx: 0', '5xx: 0']);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('says so when the emulator has no journal (404) or keeps it off, without an error', async () => {
    const { context, page, problems } = await signedIn(browser, newApiKey(), { hash: '#journal' });
    let answer = { status: 404, body: '{"code":404,"code_description":"No Such Resource","error":"No such child resource."}' };
    await page.route('**/_emulator/requests*', (route) => route.fulfill({ status: answer.status, contentType: 'application/json', body: answer.body }));
    await expect.poll(() => page.locator('#journal-status').textContent(), WAIT)
      .toBe('This emulator has no request journal (GET /_emulator/requests answered 404).');
    expect(await page.locator('#journal-clear-btn').isDisabled()).toBe(true);
    expect(await page.locator('#poll-error').isHidden()).toBe(true);
    answer = { status: 200, body: '{"enabled":false,"requests":[]}' };
    await expect.poll(() => page.locator('#journal-status').textContent(), WAIT)
      .toBe('The request journal is off on this emulator: no requests are recorded.');
    expect(await page.locator('#poll-error').isHidden()).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });
});
