import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { emulatorUrl } from '../support';

/**
 * The web console (`GET /_emulator/console`) in real headless Chromium (Debian's, or CHROMIUM_PATH), driven by
 * playwright-core. One browser per test file; each test opens its own context (own sessionStorage) and signs in with
 * its own fresh key, so tests are independent.
 */

/** Without the background-networking flags, Chromium's own connections are refused on this machine and it stalls. */
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const SCREENSHOTS = new URL('../../../test-results/console/', import.meta.url).pathname;

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS });
}

export const consoleUrl = (hash = ''): string => `${emulatorUrl()}/_emulator/console${hash}`;

export interface ConsolePage {
  context: BrowserContext;
  page: Page;
  /** Messages the page wrote to its console or threw (a CSP violation shows up here). */
  problems: string[];
}

/** A new context on the console page, not yet signed in. */
export async function openConsole(browser: Browser, options: { width?: number; height?: number; hash?: string } = {}): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 900 } });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    // the browser reports each non-2xx answer as "Failed to load resource": the service's answers, not the page's problems
    if ((message.type() === 'error' || message.type() === 'warning') && !message.text().startsWith('Failed to load resource')) {
      problems.push(`${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  const response = await page.goto(consoleUrl(options.hash));
  if (response?.status() !== 200) throw new Error(`the console answered ${response?.status()}`);
  return { context, page, problems };
}

/** Signs in with an API key and waits for the signed-in view. */
export async function signIn(page: Page, apikey: string): Promise<void> {
  await page.locator('#apikey').fill(apikey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#app').waitFor({ state: 'visible' });
}

/** A new context, signed in with `apikey`. */
export async function signedIn(browser: Browser, apikey: string, options: { width?: number; height?: number; hash?: string } = {}): Promise<ConsolePage> {
  const opened = await openConsole(browser, options);
  await signIn(opened.page, apikey);
  return opened;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

/** The row of a model in the models table. */
export const modelRow = (page: Page, id: string) => page.locator(`#models tr[data-id="${id}"]`);

/** The status badge of a model's row. */
export const modelStatus = (page: Page, id: string) => modelRow(page, id).locator('td.status .badge');

/** The spellings in the words table, in the order shown. */
export const shownWords = (page: Page) => page.locator('#words tbody tr .word').allTextContents();

export interface ShownResponse {
  /** `METHOD /path` as the page sent it. */
  request: string;
  status: string;
  /** The body exactly as the service sent it. */
  body: string;
}

/** Runs a user action and returns the answer the response panel then shows (it waits for that one answer). */
export async function nextResponse(page: Page, action: () => Promise<unknown>): Promise<ShownResponse> {
  const before = Number(await page.locator('#response-panel').getAttribute('data-answers') ?? 0);
  await action();
  await page.locator(`#response-panel[data-answers="${before + 1}"]`).waitFor();
  return {
    request: (await page.locator('#response-request').textContent()) ?? '',
    status: (await page.locator('#response-status').textContent()) ?? '',
    body: (await page.locator('#response-body').textContent()) ?? '',
  };
}

/** For expect.poll on what the page shows: it polls every 1.5 s, and vitest's default (1 s) is shorter. */
export const WAIT = { timeout: 8_000, interval: 100 } as const;
