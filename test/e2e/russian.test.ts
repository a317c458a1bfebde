/**
 * The Russian app shows no English: every view of several examples (the editor with each block's
 * inspector, the data and training panels, a run's charts, output and runs, the gradient check,
 * the step-through, the command palette and the menus) is read in real Chromium — its visible text,
 * its options, and the titles and labels a user or a screen reader reads — and no word may be an
 * English one outside an element marked `translate="no"` (node ids, column and file names, code).
 * Switched to English, the same views show no Russian.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { type Catalogue, catalogues } from '../../src/i18n/index.js';
import { englishWords } from '../i18n/words.js';
import { openApp, type Session } from './browser.js';
import { nodeIds, problemCount, runCommand, selectBlock } from './helpers.js';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

/** Every piece of text the page shows or reads out now, outside `translate="no"`. */
async function readable(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out = new Set<string>();
    const kept = (el: Element | null) => !el || el.closest('[translate="no"], script, style, noscript') !== null;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (kept(el) || !(el!.checkVisibility() || el!.closest('select'))) continue;
      const text = n.textContent?.trim();
      if (text) out.add(text);
    }
    const attributes = ['title', 'aria-label', 'placeholder', 'alt', 'aria-valuetext', 'aria-description'];
    for (const el of document.querySelectorAll(attributes.map((a) => `[${a}]`).join(','))) {
      if (kept(el) || !el.isConnected) continue;
      for (const a of attributes) {
        const v = el.getAttribute(a)?.trim();
        if (v) out.add(v);
      }
    }
    return [...out];
  });
}

/**
 * The names a user or their data gave: node ids, ports and column names. They stay as they are in every
 * language, also inside a sentence or a tooltip, so the word check leaves them out.
 */
async function names(page: Page): Promise<Set<string>> {
  const preview = page.getByTestId('data-preview');
  const columns = (await preview.count()) ? await preview.locator('th').allTextContents() : [];
  const ports = await page
    .locator('.react-flow__handle[data-handleid]')
    .evaluateAll((handles) => handles.map((h) => h.getAttribute('data-handleid') ?? ''));
  return new Set([...(await nodeIds(page)), ...columns.map((c) => c.trim()), ...ports]);
}

/** `text` without the names in it, nor code: data sources (`builtin:xor`), file paths, `commands`. */
function withoutNames(text: string, known: ReadonlySet<string>): string {
  return text
    .replace(/`[^`]*`|builtin:[\w-]+|[\w./-]+\.(csv|json)\b/g, '')
    .replace(/[A-Za-z_][\w.]*/g, (token) => (known.has(token) ? '' : token));
}

/** Waits until the page has drawn what the last action asked for. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/**
 * Every view of one example, in the page's language: the texts of each (the first view that shows
 * a text names it) and the names of the graph and its data.
 */
async function sweep(page: Page, example: string): Promise<{ texts: Map<string, string>; names: Set<string> }> {
  const texts = new Map<string, string>();
  const look = async (view: string) => {
    await settle(page);
    for (const text of await readable(page)) if (!texts.has(text)) texts.set(text, `${example} / ${view}`);
  };
  await expect.poll(() => page.locator('.status-chip.status-ready, .status-chip.status-paused').count()).toBe(1);
  await look('editor');
  for (const id of await nodeIds(page)) {
    await selectBlock(page, id);
    await look(`inspector of ${id}`);
  }
  await page.getByTestId('tab-data').click();
  await page.getByTestId('data-panel').waitFor();
  await look('data panel');
  const known = await names(page);
  await page.getByTestId('tab-training').click();
  await page.getByTestId('epochs').waitFor();
  await look('training panel');
  // One epoch at a time: the run is paused with everything to show (hints, charts, output).
  await page.getByTestId('step').click();
  await page.getByTestId('step').click();
  await expect.poll(() => page.locator('.status-chip.status-paused').count()).toBe(1);
  await look('after two epochs');
  for (const tab of ['charts', 'output', 'problems']) {
    await page.getByTestId(`dock-${tab}`).click();
    await look(`dock ${tab}`);
  }
  await page.getByTestId('tab-training').click();
  await page.getByTestId('gradcheck').click();
  await page.getByTestId('gradcheck-verdict').waitFor();
  await look('gradient check');
  await page.getByTestId('step-through').click();
  await page.getByTestId('step-through-panel').waitFor();
  for (let i = 0; i < 12 && (await page.getByTestId('trace-next').isEnabled()); i++) {
    await look(`step-through ${i + 1}`);
    await page.getByTestId('trace-next').click();
  }
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+Shift+P');
  await page.getByTestId('picker-input').waitFor();
  await look('command palette');
  await page.keyboard.press('Escape');
  for (const menu of ['menu-new', 'menu-recent', 'menu-export']) {
    // A narrow toolbar keeps the file menus inside the first one (see toolbar-fit.ts).
    if (!(await page.getByTestId(menu).isVisible())) continue;
    await page.getByTestId(menu).click();
    await look(menu);
    await page.getByTestId(menu).click();
  }
  return { texts, names: known };
}

const examples = ['xor', 'threshold-and', 'linear-regression', 'iris-mlp', 'digits-softmax', 'sine'];

describe('the Russian app', () => {
  it.each(examples)('shows no English word in any view of %s', async (example) => {
    session = await openApp(`?example=${example}&lang=ru`);
    const { page } = session;
    const { texts, names: known } = await sweep(page, example);
    const english = [...texts].flatMap(([text, view]) => {
      const words = englishWords(withoutNames(text, known));
      return words.length ? [`${view}: ${text.slice(0, 200)} [${words.join(' ')}]`] : [];
    });
    expect(english).toEqual([]);
    expect(session.errors).toEqual([]);
  });

  it('shows no English word on a graph with problems, in the quick-add picker, a divergence and presentation mode', async () => {
    session = await openApp('?example=xor&lang=ru');
    const { page } = session;
    const texts = new Map<string, string>();
    const known = new Set<string>();
    const look = async (view: string) => {
      await settle(page);
      for (const text of await readable(page)) if (!texts.has(text)) texts.set(text, view);
      for (const name of await names(page)) known.add(name);
    };
    // A block added by the keyboard is unconnected: an error on it, a warning for the graph.
    await page.getByTestId('palette-linear').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => nodeIds(page)).toContain('linear1');
    await page.getByTestId('dock-problems').click();
    await expect.poll(() => problemCount(page)).not.toBe('0');
    await look('problems');
    await selectBlock(page, 'linear1');
    await look('inspector of a block with a problem');
    await page.keyboard.press('Control+z');
    await expect.poll(() => nodeIds(page)).not.toContain('linear1');
    // Quick add (Shift+A on the canvas, as a double-click on it).
    await selectBlock(page, 'h');
    await page.keyboard.press('Shift+A');
    await page.getByTestId('picker-input').waitFor();
    await look('quick add');
    await page.keyboard.press('Escape');
    // A divergence: the banner, the status and the hints.
    await page.getByTestId('tab-training').click();
    await page.getByTestId('optimizer').selectOption('sgd');
    await page.getByTestId('lr').fill('1e30');
    await page.getByTestId('lr').press('Enter');
    await page.getByTestId('train').click();
    await page.getByTestId('divergence').waitFor();
    await look('divergence');
    await page.keyboard.press('F5');
    await expect.poll(() => page.locator('.presenting').count()).toBeGreaterThan(0);
    await look('presentation mode');
    const english = [...texts].flatMap(([text, view]) => {
      const words = englishWords(withoutNames(text, known));
      return words.length ? [`${view}: ${text.slice(0, 200)} [${words.join(' ')}]`] : [];
    });
    expect(english).toEqual([]);
    expect(session.errors).toEqual([]);
  });

  it('switched to English, shows no Russian word', async () => {
    session = await openApp('?example=xor&lang=ru');
    const { page } = session;
    await runCommand(page, 'English');
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en');
    const { texts } = await sweep(page, 'xor');
    // The document was opened in Russian: its name and description are the user's words now.
    const example = (catalogues.ru.examples as Catalogue).xor as Catalogue;
    const own = [example.title as string, example.description as string];
    const russian = [...texts].filter(([text]) => {
      const rest = own.reduce((t, words) => (words ? t.replaceAll(words, '') : t), text);
      return /[А-Яа-яЁё]/.test(rest) && !/Русский/.test(rest);
    });
    expect(russian.map(([text, view]) => `${view}: ${text}`)).toEqual([]);
  });
});
