/**
 * Real headless Chromium for end-to-end tests, with a fresh profile. Every console error or
 * uncaught page error is collected; tests assert there are none.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { chromiumArgs, chromiumPath } from '../../vitest.config.js';

export const artifactsDir = join(process.cwd(), 'test-results');

/**
 * How long any one action (click, screenshot, navigation) may take. Generous for a machine whose
 * cores are all busy; tests wait on the app's state, and this bound only ends a hung test.
 */
export const ACTION_TIMEOUT_MS = 90_000;

export interface Session {
  context: BrowserContext;
  page: Page;
  errors: string[];
  downloads: string;
  close(): Promise<void>;
}

export async function openApp(
  query = '',
  options: {
    colorScheme?: 'light' | 'dark';
    viewport?: { width: number; height: number };
    /** The browser's language (navigator.languages), e.g. `ru-RU`; default English. */
    locale?: string;
  } = {},
): Promise<Session> {
  const profile = mkdtempSync(join(tmpdir(), 'bps-chromium-'));
  const downloads = mkdtempSync(join(tmpdir(), 'bps-downloads-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
    viewport: options.viewport ?? { width: 1440, height: 900 },
    acceptDownloads: true,
    downloadsPath: downloads,
    colorScheme: options.colorScheme ?? 'light',
    locale: options.locale ?? 'en-US',
  });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  await page.goto(`${inject('baseUrl')}${query}`);
  await page.locator('.react-flow__renderer').waitFor();
  return {
    context,
    page,
    errors,
    downloads,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      rmSync(downloads, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  // Fonts first, on the page's own promise: inside screenshot() that wait shares the capture's time.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  // Animations and transitions are finished (and the caret hidden) so that a busy page settles to one picture.
  await page.screenshot({ path, animations: 'disabled', caret: 'hide', timeout: ACTION_TIMEOUT_MS });
  return path;
}
