/**
 * The data panel in real Chromium, with files as users bring them: a European spreadsheet export
 * (semicolons, decimal commas) loads as numbers and trains; a file with missing values offers to
 * drop or fill them; a column of mostly text, or of numbers written another way (digit grouping,
 * '%', a decimal comma in a comma-separated file), is flagged with a one-click "treat as numbers"; a
 * UTF-16 file the browser cannot decode is named as such; the preview shows the cells as the file writes them and scrolls.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { openApp, screenshot, type Session } from './browser.js';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const iris = readFileSync('data/iris.csv', 'utf8');
const panel = (page: Page) => page.getByTestId('data-panel').textContent();

async function loadCsv(s: Session, name: string, content: string | Buffer): Promise<void> {
  const path = `${s.downloads}/${name}`;
  writeFileSync(path, content);
  const [chooser] = await Promise.all([s.page.waitForEvent('filechooser'), s.page.getByTestId('load-csv').click()]);
  await chooser.setFiles(path);
}

const number = async (s: Session, id: string) =>
  Number((await s.page.getByTestId(id).textContent())?.replace(/[^\d.eE-]/g, ''));

describe('data panel', () => {
  it('loads iris exported with semicolons and decimal commas as numbers, shows it as written, and trains', async () => {
    session = await openApp('?example=iris-mlp');
    const { page } = session;
    await page.getByTestId('tab-data').click();
    await loadCsv(session, 'iris-de.csv', iris.replaceAll(',', ';').replaceAll('.', ','));
    await expect.poll(() => page.locator('#data-source').inputValue()).toBe('(csv)');
    // Four measurement columns and one with 3 classes (not 28 "classes" per column).
    await expect.poll(() => panel(page)).toContain('species: 3 classes (setosa, versicolor, virginica)');
    await expect.poll(() => panel(page)).not.toContain('sepal_length: ');
    await expect
      .poll(() => page.getByTestId('csv-notes').textContent())
      .toContain('Numbers with a decimal comma read in sepal_length, sepal_width, petal_length, petal_width.');
    const firstRow = page.locator('[data-testid="data-preview"] tbody tr').first().locator('td');
    expect(await firstRow.allTextContents()).toEqual(['5,1', '3,5', '1,4', '0,2', 'setosa']);
    await expect.poll(() => page.getByTestId('columns-x').textContent()).toContain('takes 4 columns');
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('training-status').textContent(), { timeout: 60_000 }).toBe('finished');
    await expect.poll(() => number(session!, 'val-accuracy')).toBeGreaterThan(90);
    expect(session.errors).toEqual([]);
  });

  it('offers to drop or fill missing values, saying how many rows have them, and trains on the result', async () => {
    session = await openApp('?example=iris-mlp');
    const { page } = session;
    await page.getByTestId('tab-data').click();
    const lines = iris.trim().split('\n');
    // Rows 2, 40 and 90 of the data lose a value: an empty cell, NA and '?'.
    const holes: Record<number, [number, string]> = { 2: [1, ''], 40: [2, 'NA'], 90: [0, '?'] };
    const withHoles = lines.map((line, i) => {
      if (!holes[i]) return line;
      const cells = line.split(',');
      cells[holes[i][0]] = holes[i][1];
      return cells.join(',');
    });
    await loadCsv(session, 'iris-gaps.csv', `${withHoles.join('\n')}\n`);
    const choice = page.getByTestId('missing-choice');
    await expect
      .poll(() => choice.textContent())
      .toContain('3 rows have missing values (in sepal_length, sepal_width, petal_length).');
    // The precise messages stay: line and column of each.
    await expect.poll(() => panel(page)).toContain('iris-gaps.csv, line 3, column 2 (sepal_width)');
    await expect.poll(() => panel(page)).toContain("line 41, column 3 (petal_length)'NA' marks a missing value");
    await expect.poll(() => panel(page)).toContain('line 91, column 1 (sepal_length)');
    await screenshot(page, 'data-missing-choice');

    await page.getByTestId('missing-drop').click();
    await expect.poll(() => panel(page)).toContain('147 rows × 5 columns');
    await expect
      .poll(() => page.getByTestId('missing-note').textContent())
      .toContain('3 rows with missing values dropped; 147 remain.');
    expect(await choice.count()).toBe(0);

    await page.getByRole('button', { name: 'Fill with the mean instead' }).click();
    await expect.poll(() => panel(page)).toContain('150 rows × 5 columns');
    // The filled cell shows the column mean of the other 149 values, marked as filled in.
    const column = lines.slice(1).map((l) => Number(l.split(',')[1]));
    const mean = (column.reduce((s, v) => s + v, 0) - column[1]) / 149;
    const filled = page.locator('[data-testid="data-preview"] td.filled').first();
    expect(Number(await filled.textContent())).toBeCloseTo(mean, 4);
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('training-status').textContent(), { timeout: 60_000 }).toBe('finished');
    expect(session.errors).toEqual([]);
  });

  it('flags a column of mostly text read as classes, and reads it as numbers in one click', async () => {
    session = await openApp('?example=xor');
    const { page } = session;
    await page.getByTestId('tab-data').click();
    await loadCsv(session, 'mixed.csv', 'x1,x2,y\n1,0,1\nlow,1,1\nhigh,0,0\nhigh,1,0\n0,1,1\nlow,0,1\n');
    const note = page.getByTestId('classes-note-x1');
    await expect
      .poll(() => note.textContent())
      .toContain(
        'Column x1 is read as classes: 4 of its 6 values are text (‘low’, ‘high’), so its 2 numbers become classes too.',
      );
    await expect.poll(() => panel(page)).toContain('x1: 4 classes (0, 1, high, low)');
    await screenshot(page, 'data-mostly-text');
    await note.getByRole('button', { name: 'Treat as numbers' }).click();
    // Its text cells are now missing values: the choice comes up, and dropping them leaves the two numbers.
    await expect.poll(() => page.getByTestId('missing-choice').textContent()).toContain('4 rows have missing values');
    await page.getByTestId('missing-drop').click();
    await expect.poll(() => panel(page)).toContain('2 rows × 3 columns');
    await expect.poll(() => page.getByTestId('numbers-note-x1').textContent()).toContain('read as numbers');
    expect(await panel(page)).not.toContain('x1: ');
    expect(session.errors).toEqual([]);
  });

  it('says when a column of numbers written another way is read as classes, and reads them in one click', async () => {
    session = await openApp('?example=xor');
    const { page } = session;
    await page.getByTestId('tab-data').click();
    // A percentage and, quoted in a comma-separated file, numbers with a decimal comma.
    const rows = [
      ['0 %', '"0,0"', 0],
      ['100 %', '"1,0"', 1],
      ['0 %', '"1,0"', 1],
      ['100 %', '"0,0"', 0],
      ['50 %', '"0,25"', 0],
    ];
    await loadCsv(session, 'shares.csv', `x1,x2,y\n${rows.map((r) => r.join(',')).join('\n')}\n`);
    const x1 = page.getByTestId('written-note-x1');
    const x2 = page.getByTestId('written-note-x2');
    await expect
      .poll(() => x2.textContent())
      .toContain(
        'Column x2 is read as classes, but its values look like numbers written with a decimal comma: ‘0,0’ = 0, ‘1,0’ = 1, ‘0,25’ = 0.25.',
      );
    await expect.poll(() => x1.textContent()).toContain('written with ‘%’ after it: ‘0 %’ = 0, ‘100 %’ = 100');
    await expect.poll(() => panel(page)).toContain('x2: 3 classes (0,0, 0,25, 1,0)');
    await screenshot(page, 'data-written-numbers');

    await x2.getByRole('button', { name: 'Treat as numbers' }).click();
    await expect.poll(() => page.getByTestId('numbers-note-x2').textContent()).toContain('‘0,25’ = 0.25');
    await expect.poll(() => panel(page)).not.toContain('x2: ');
    await page.getByTestId('written-note-x1').getByRole('button', { name: 'Treat as numbers' }).click();
    await expect.poll(() => page.getByTestId('numbers-note-x1').textContent()).toContain('‘100 %’ = 100');
    await expect.poll(() => panel(page)).not.toContain('classes (');
    // The preview still shows the cells as the file writes them.
    const firstRow = page.locator('[data-testid="data-preview"] tbody tr').first().locator('td');
    expect(await firstRow.allTextContents()).toEqual(['0 %', '0,0', '0']);
    expect(session.errors).toEqual([]);
  });

  it('speaks Russian: the notes, the choice for missing values, the counts and the problems, names kept as they are', async () => {
    session = await openApp('?example=xor&lang=ru');
    const { page } = session;
    await page.getByTestId('tab-data').click();
    await expect.poll(() => panel(page)).toContain('Логический элемент XOR');
    await loadCsv(session, 'mixed.csv', 'x1,x2,y\n1,0,1\nlow,1,1\nhigh,0,0\nhigh,1,0\n0,1,1\nlow,,1\n0 %,0,1\n');
    await expect
      .poll(() => page.getByTestId('missing-choice').textContent())
      .toContain('В 1 строке есть пропущенные значения (в x2). Выберите, что с ней сделать:');
    await expect.poll(() => panel(page)).toContain('ячейка пуста; в каждой ячейке должно быть значение');
    await page.getByTestId('missing-drop').click();
    await expect.poll(() => panel(page)).toContain('6 строк × 3 столбца');
    await expect
      .poll(() => page.getByTestId('missing-note').textContent())
      .toContain('Удалена 1 строка с пропусками; осталось 6.');
    await expect
      .poll(() => page.getByTestId('classes-note-x1').textContent())
      .toContain('Столбец x1 прочитан как классы: 5 из 7 его значений — текст');
    expect(await page.getByTestId('columns-x').textContent()).toContain('Вход x берёт 2 столбца');
    // Column names stay as they are, marked so for translators and the word check.
    expect(await page.locator('[data-testid="classes-note-x1"] [translate="no"]').textContent()).toBe('x1');
    expect(await panel(page)).not.toMatch(/\b(rows|columns|missing|classes|Treat)\b/);
    await screenshot(page, 'data-ru');
    expect(session.errors).toEqual([]);
  });

  it('offers to read a number column’s cells written with digit grouping instead of refusing them as missing', async () => {
    session = await openApp('?example=xor');
    const { page } = session;
    await page.getByTestId('tab-data').click();
    await loadCsv(session, 'grouped.csv', 'x1,x2,y\n0,0,0\n1,1,0\n"1,000",0,1\n0,1,1\n');
    const note = page.getByTestId('written-note-x1');
    await expect
      .poll(() => note.textContent())
      .toContain('In column x1, 1 value looks like numbers written with digits grouped by ‘,’ (‘1,000’ = 1000)');
    // The precise message stays, saying what the cell would be.
    await expect.poll(() => panel(page)).toContain("'1,000' is not a number as written");
    await note.getByRole('button', { name: 'Read them as numbers' }).click();
    await expect.poll(() => panel(page)).toContain('4 rows × 3 columns');
    const third = page.locator('[data-testid="data-preview"] tbody tr').nth(2).locator('td');
    expect(await third.allTextContents()).toEqual(['1,000', '0', '1']);
    expect(await page.getByTestId('missing-choice').count()).toBe(0);
    expect(session.errors).toEqual([]);
  });

  it('reads UTF-16 the browser can decode (with a byte order mark) and names the one it cannot', async () => {
    session = await openApp('?example=xor');
    const { page } = session;
    await page.getByTestId('tab-data').click();
    const csv = 'x1,x2,y\n0,0,0\n1,1,0\n0,1,1\n';
    // Without a byte order mark the page gets the bytes as UTF-8: NULs between the characters.
    await loadCsv(session, 'utf16.csv', Buffer.from(csv, 'utf16le'));
    await expect.poll(() => panel(page)).toContain('this file is UTF-16 text; save it as UTF-8');
    expect(await panel(page)).not.toContain('cells but the header');
    await expect.poll(() => page.locator('#data-source').inputValue()).toBe('xor');
    // With one, the browser decodes it as UTF-16 (as its File.text() does), and the rows are right.
    await loadCsv(session, 'utf16-bom.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, 'utf16le')]));
    await expect.poll(() => panel(page)).toContain('3 rows × 3 columns');
    const rows = page.locator('[data-testid="data-preview"] tbody tr');
    expect(await rows.nth(2).locator('td').allTextContents()).toEqual(['0', '1', '1']);
    expect(session.errors).toEqual([]);
  });

  it('previews a wide data set in a table that scrolls, every column reachable', async () => {
    session = await openApp('?example=digits-softmax');
    const { page } = session;
    await page.getByTestId('tab-data').click();
    const scroller = page.getByTestId('data-preview-scroll');
    await expect.poll(() => page.locator('[data-testid="data-preview"] thead th').count()).toBe(65);
    const box = await scroller.evaluate((el) => ({
      scrollWidth: el.scrollWidth,
      clientWidth: el.clientWidth,
      panelWidth: el.closest('[data-testid="data-panel"]')!.clientWidth,
    }));
    expect(box.scrollWidth).toBeGreaterThan(box.clientWidth);
    expect(box.clientWidth).toBeLessThanOrEqual(box.panelWidth);
    const label = page.locator('[data-testid="data-preview"] thead th', { hasText: /^label$/ });
    await label.scrollIntoViewIfNeeded();
    const inside = await scroller.evaluate((el) => {
      const th = [...el.querySelectorAll('th')].at(-1)!.getBoundingClientRect();
      const r = el.getBoundingClientRect();
      return th.left >= r.left - 1 && th.right <= r.right + 1;
    });
    expect(inside).toBe(true);
    // Pixel counts as the file writes them: whole numbers, no padding to three decimals.
    const cells = await page.locator('[data-testid="data-preview"] tbody tr').first().locator('td').allTextContents();
    expect(cells.every((c) => /^\d+$/.test(c))).toBe(true);
    expect(session.errors).toEqual([]);
  });
});
