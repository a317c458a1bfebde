/**
 * An automated accessibility audit (axe-core, WCAG 2 A/AA rules) of the main views in real
 * Chromium: the editor with the inspector, the data and training panels, the charts and output
 * after a run, the problems panel, the command palette and presentation mode. No serious or
 * critical violation is allowed; each one found is reported with its rule, its elements and why.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, type Session } from './browser.js';
import { dragBlock, selectBlock } from './helpers.js';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** The serious and critical violations axe finds on the page as it is now, in words. */
async function audit(page: Page, view: string): Promise<string[]> {
  // Evaluated through the devtools protocol: the app's CSP (rightly) refuses an injected script tag.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(o: object, c: object): Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations;
  })) as Violation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${view}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes
          .map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n').slice(1).join(' ')}`)
          .join('; ')}`,
    );
}

describe('accessibility', () => {
  // In Russian too: the labels are other words there, and what is read must still be what is seen.
  it.each(['en', 'ru'])('the main views have no serious or critical axe violations (%s)', async (lang) => {
    session = await openApp(`?example=xor&lang=${lang}`);
    const { page } = session;
    const found: string[] = [];
    await selectBlock(page, 'h');
    found.push(...(await audit(page, 'editor + inspector')));
    await page.getByTestId('tab-data').click();
    await page.getByTestId('data-panel').waitFor();
    found.push(...(await audit(page, 'data panel')));
    await page.getByTestId('tab-training').click();
    await page.getByTestId('epochs').waitFor();
    found.push(...(await audit(page, 'training panel')));
    await page.getByTestId('train').click();
    await expect.poll(() => page.locator('.status-chip.status-finished').count()).toBe(1);
    await page.getByTestId('dock-charts').click();
    found.push(...(await audit(page, 'charts')));
    await page.getByTestId('dock-output').click();
    found.push(...(await audit(page, 'output')));
    await page.keyboard.press('Control+Shift+P');
    await page.getByTestId('picker-input').waitFor();
    found.push(...(await audit(page, 'command palette')));
    await page.keyboard.press('Escape');
    await page.getByTestId('picker-input').waitFor({ state: 'detached' });
    await page.keyboard.press('F5');
    await expect.poll(() => page.locator('.presenting').count()).toBeGreaterThan(0);
    found.push(...(await audit(page, 'presentation mode')));
    expect(found).toEqual([]);
    expect(session.errors).toEqual([]);
  });

  it('a graph with problems: badges and the Problems panel', async () => {
    session = await openApp('?example=none');
    const { page } = session;
    await dragBlock(page, 'input', 100, 150);
    await dragBlock(page, 'linear', 300, 150);
    await page.getByTestId('dock-problems').click();
    await expect.poll(() => page.getByTestId('problems').textContent()).toContain('load a data set');
    expect(await audit(page, 'problems')).toEqual([]);
    expect(session.errors).toEqual([]);
  });

  it('the dark colour scheme too: editor, problems, training, charts', async () => {
    session = await openApp('?example=xor', { colorScheme: 'dark' });
    const { page } = session;
    const found: string[] = [];
    await selectBlock(page, 'h');
    await page.getByTestId('dock-problems').click();
    found.push(...(await audit(page, 'dark: editor + inspector + problems')));
    await page.getByTestId('tab-training').click();
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('training-status').textContent()).toBe('finished');
    await page.getByTestId('dock-charts').click();
    found.push(...(await audit(page, 'dark: training panel + charts')));
    expect(found).toEqual([]);
    expect(session.errors).toEqual([]);
  });
});
