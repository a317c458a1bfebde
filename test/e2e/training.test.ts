/**
 * Training end to end in real Chromium: XOR trains below 0.05 with the loss shown in the UI,
 * edges are styled by the real gradients, pause / step / step-through / gradient check work,
 * the exported graph predicts in the CLI exactly as in the app, and a CSV loaded through the UI
 * (iris) trains to over 90 % validation accuracy.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/engine/index.js';
import { openApp, screenshot, type Session } from './browser.js';
import { selectBlock } from './helpers.js';

let session: Session | undefined;
afterEach(async () => {
  await session?.close();
  session = undefined;
});

const number = async (s: Session, id: string) =>
  Number((await s.page.getByTestId(id).textContent())?.replace(/[^\d.eE-]/g, ''));

describe('training', () => {
  it('trains XOR, shows gradient flow, pauses, steps, traces, checks gradients and exports for the CLI', async () => {
    session = await openApp('?example=xor');
    const { page } = session;
    await page.getByTestId('tab-training').click();
    await page.getByTestId('epochs').fill('5000000');
    await page.getByTestId('epochs').press('Enter');
    // The views to watch are chosen before the run: while XOR trains at full speed a loaded
    // machine draws the page a few times a second, and every click then waits on it.
    await selectBlock(page, 'h');
    await page.getByTestId('dock-output').click();
    await page.getByTestId('tab-inspector').click();
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('training-status').textContent()).toBe('training');
    await expect.poll(() => number(session!, 'loss')).toBeLessThan(0.05);
    await expect.poll(() => page.getByTestId('node-live').count()).toBe(1);
    await screenshot(page, 'training-xor-mid-run');

    // Edges carry the engine's gradients: styled, and not all alike (waited for: the canvas draws
    // the run's gradients on its next frame, which a loaded machine may give after the loss fell).
    const styled = () =>
      page
        .locator('.react-flow__edge-path.flow-styled')
        .evaluateAll((els) => els.map((e) => (e as SVGPathElement).style.strokeWidth));
    await expect.poll(async () => (await styled()).length).toBe(5);
    expect(new Set(await styled()).size).toBeGreaterThan(1);
    await expect.poll(() => page.getByTestId('flow-legend').count()).toBe(1);

    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('training-status').textContent()).toBe('paused');
    const epochBefore = await number(session, 'epoch');
    await page.getByTestId('step').click();
    await expect.poll(() => number(session!, 'epoch')).toBe(epochBefore + 1);

    // Step-through: forward node by node, then backward, with the local rule and numbers.
    await page.getByTestId('tab-training').click();
    await page.getByTestId('step-through').click();
    const panel = page.getByTestId('step-through-panel');
    await expect.poll(() => panel.textContent()).toContain('Forward step 1 of 7');
    for (let i = 0; i < 7; i++) await page.getByTestId('trace-next').click();
    await expect.poll(() => panel.textContent()).toContain('Backward step 1 of 5');
    await expect.poll(() => page.locator('.react-flow__node.trace-backward').getAttribute('data-id')).toBe('L');
    for (let i = 0; i < 4; i++) await page.getByTestId('trace-next').click();
    await expect.poll(() => page.getByTestId('trace-rule').textContent()).toContain('∂L/∂W = (∂L/∂y)ᵀ·x');
    await screenshot(page, 'training-step-through');
    // The forward pass of the output block, as the app computes it, for the export check below.
    for (let i = 0; i < 11; i++) await page.getByTestId('trace-prev').click();
    for (let i = 0; i < 4; i++) await page.getByTestId('trace-next').click();
    const appOutputs = await panel.locator('.trace-tensor').last().locator('td').allTextContents();
    await page.getByRole('button', { name: 'Close step-through' }).click();

    await page.getByTestId('gradcheck').click();
    await expect.poll(() => page.getByTestId('gradcheck-verdict').textContent()).toContain('agrees');

    // Export, then predict with the CLI: the same outputs as the app.
    await page.getByTestId('menu-export').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
    const path = `${session.downloads}/xor.trained.bps.json`;
    await download.saveAs(path);
    const exported = parseDocument(readFileSync(path, 'utf8'));
    expect(exported.ok).toBe(true);
    if (!exported.ok) return;
    expect(exported.document.nodes.find((n) => n.id === 'h')?.weights?.W.shape).toEqual([4, 2]);
    expect(exported.document.metrics?.history.length).toBeGreaterThan(100);
    const out = execFileSync(
      process.execPath,
      ['bin/backprop.mjs', 'predict', path, '--data', 'builtin:xor', '--json'],
      { encoding: 'utf8' },
    );
    const predicted = JSON.parse(out.trim().split('\n').at(-1)!);
    expect(predicted.classes).toEqual([0, 1, 1, 0]);
    const cliOutputs: number[] = predicted.outputs.map((r: number[]) => r[0]);
    expect(appOutputs.map(Number)).toHaveLength(4);
    appOutputs.map(Number).forEach((v, i) => expect(Math.abs(v - cliOutputs[i])).toBeLessThan(5e-3));

    // ONNX and PyTorch from the Export menu: onnxruntime and `python3 model.py` predict the same.
    await page.getByTestId('menu-export').click();
    const [onnxDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-onnx').click()]);
    const onnxPath = `${session.downloads}/xor.onnx`;
    await onnxDownload.saveAs(onnxPath);
    const ort = await import('onnxruntime-node');
    const model = await ort.InferenceSession.create(onnxPath);
    const rows = [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ];
    const feeds = { [model.inputNames[0]]: new ort.Tensor('float32', Float32Array.from(rows.flat()), [4, 2]) };
    const onnxOut = Array.from((await model.run(feeds))[model.outputNames[0]].data as Float32Array);
    onnxOut.forEach((v, i) => expect(Math.abs(v - cliOutputs[i])).toBeLessThan(1e-5));

    await page.getByTestId('menu-export').click();
    const [pyDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-pytorch').click()]);
    const pyPath = `${session.downloads}/model.py`;
    await pyDownload.saveAs(pyPath);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${session.downloads}/rows.csv`, 'x1,x2\n0,0\n0,1\n1,0\n1,1\n');
    const py = execFileSync('/usr/bin/python3', [pyPath, '--predict', `${session.downloads}/rows.csv`, '--json'], {
      encoding: 'utf8',
    });
    const torchOut: number[] = JSON.parse(py.trim().split('\n').at(-1)!).outputs.map((r: number[]) => r[0]);
    torchOut.forEach((v, i) => expect(Math.abs(v - cliOutputs[i])).toBeLessThan(1e-5));
    expect(session.errors).toEqual([]);
  });

  it('loads a CSV through the UI and trains iris to over 90 % validation accuracy', async () => {
    session = await openApp('?example=iris-mlp');
    const { page } = session;
    await page.getByTestId('tab-data').click();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('load-csv').click()]);
    await chooser.setFiles('data/iris.csv');
    await expect.poll(() => page.locator('#data-source').inputValue()).toBe('(csv)');
    await expect.poll(() => page.getByTestId('data-preview').textContent()).toContain('setosa');
    await expect.poll(() => page.getByTestId('columns-x').textContent()).toContain('takes 4 columns');
    await expect.poll(() => page.getByTestId('columns-species').textContent()).toContain('takes 1 column');
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('training-status').textContent()).toBe('finished');
    await expect.poll(() => number(session!, 'val-accuracy')).toBeGreaterThan(90);
    await page.getByTestId('dock-output').click();
    await expect.poll(() => page.getByTestId('confusion').textContent()).toContain('validation rows');
    await screenshot(page, 'training-iris-csv');
    await page.getByTestId('dock-charts').click();
    await screenshot(page, 'training-iris-charts');

    // A bad CSV is listed with its line, and the loaded data stays.
    const { writeFileSync } = await import('node:fs');
    const bad = `${session.downloads}/bad.csv`;
    writeFileSync(bad, 'a,b,label\n1,2,0\n3,oops,1\n4,5\n');
    const [chooser2] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('load-csv').click()]);
    await chooser2.setFiles(bad);
    await expect.poll(() => page.getByTestId('data-panel').textContent()).toContain('line 3, column 2 (b)');
    await expect.poll(() => page.getByTestId('data-panel').textContent()).toContain('line 4');
    await expect.poll(() => page.getByTestId('data-preview').textContent()).toContain('setosa');
    expect(session.errors).toEqual([]);
  });

  it('trains the circle set with a visible decision boundary and stops at the target loss', async () => {
    session = await openApp('?example=none');
    const { page } = session;
    await page.getByTestId('menu-new').click();
    await page.getByTestId('template-xor').click();
    await page.getByTestId('tab-data').click();
    await page.locator('#data-source').selectOption('circle');
    await expect.poll(() => page.getByTestId('data-preview').textContent()).toContain('label');
    await page.getByTestId('tab-training').click();
    await page.getByTestId('optimizer').selectOption('adam');
    await page.getByTestId('lr').fill('0.05');
    await page.getByTestId('lr').press('Enter');
    await page.getByLabel('full batch').uncheck();
    await expect.poll(() => page.getByTestId('batch').inputValue()).toBe('32');
    await page.getByTestId('target-loss').fill('0.1');
    await page.getByTestId('target-loss').press('Enter');
    await page.getByTestId('train').click();
    await page.getByTestId('dock-output').click();
    await expect.poll(() => page.getByTestId('training-status').textContent()).toBe('finished');
    expect(await number(session, 'loss')).toBeLessThanOrEqual(0.1);
    await expect.poll(() => page.getByTestId('boundary').count()).toBe(1);
    await screenshot(page, 'training-circle-boundary');
    expect(session.errors).toEqual([]);
  });

  it('stops a diverging run, names the block and keeps the last good weights', async () => {
    session = await openApp('?example=sine');
    const { page } = session;
    await page.getByTestId('tab-training').click();
    await page.getByTestId('optimizer').selectOption('sgd');
    await page.getByTestId('lr').fill('1e30');
    await page.getByTestId('lr').press('Enter');
    await page.getByTestId('train').click();
    await expect.poll(() => page.getByTestId('training-status').textContent()).toMatch(/^diverged in epoch \d+$/);
    await expect
      .poll(() => page.getByTestId('divergence').textContent())
      .toMatch(/node '(hidden|steps|sum|L)' (produced a non-finite|exploded)/);
    // The status, the run's numbers and the message name the same epoch.
    const epoch = (await page.getByTestId('training-status').textContent())!.match(/\d+/)![0];
    expect(await page.getByTestId('divergence').textContent()).toContain(`diverged in epoch ${epoch},`);
    expect(await page.getByTestId('epoch').textContent()).toBe(epoch);
    await expect.poll(() => page.locator('.toast-error').first().textContent()).toContain('Training stopped');
    // The divergence banner's button (the toolbar has a "Show All Commands" button too).
    await page
      .getByTestId('divergence')
      .getByRole('button', { name: /^Show / })
      .click();
    await expect.poll(() => page.locator('.react-flow__node.selected').count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save').click()]);
    const path = `${session.downloads}/diverged.bps.json`;
    await download.saveAs(path);
    const saved = parseDocument(readFileSync(path, 'utf8'));
    if (!saved.ok) throw new Error('saved document invalid');
    for (const node of saved.document.nodes)
      for (const w of Object.values(node.weights ?? {})) expect(w.data.every(Number.isFinite)).toBe(true);
    await screenshot(page, 'training-diverged');
    expect(session.errors).toEqual([]);
  });
});
