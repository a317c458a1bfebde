/** The node, palette and inspector components, rendered in real Chromium with a fresh store. */
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { cleanup, render } from 'vitest-browser-react';
import { blockTypes, emptyDocument, trainingSettingProblem, type TrainingSettings } from '../../src/engine/index.js';
import { CommandsProvider } from '../../src/renderer/src/commands/provider.js';
import { Canvas } from '../../src/renderer/src/components/Canvas.js';
import { Inspector } from '../../src/renderer/src/components/Inspector.js';
import { Palette } from '../../src/renderer/src/components/Palette.js';
import { TrainingPanel } from '../../src/renderer/src/components/TrainingPanel.js';
import { ServicesProvider } from '../../src/renderer/src/context.js';
import { FileCommands } from '../../src/renderer/src/files/commands.js';
import { createServices } from '../../src/renderer/src/services.js';
import { browserPlatform } from '../../src/renderer/src/platform/browser.js';
import '../../src/renderer/src/styles.css';

async function setup() {
  const services = createServices(browserPlatform(window.sessionStorage));
  const editor = services.editor;
  editor.getState().load(emptyDocument());
  const screen = await render(
    <ServicesProvider services={services}>
      <ReactFlowProvider>
        <CommandsProvider files={new FileCommands(editor, services.platform)}>
          <div className="workspace" style={{ height: 700 }}>
            <Palette />
            <main className="center">
              <Canvas />
            </main>
            <Inspector />
          </div>
        </CommandsProvider>
      </ReactFlowProvider>
    </ServicesProvider>,
  );
  return { editor, s: () => editor.getState(), screen };
}

afterEach(() => cleanup());

describe('palette', () => {
  it('lists every registered block type, grouped by category', async () => {
    const { screen } = await setup();
    for (const def of blockTypes()) await expect.element(screen.getByTestId(`palette-${def.type}`)).toBeVisible();
    const headings = Array.from(document.querySelectorAll('.palette-group h3')).map((h) => h.textContent);
    expect(headings).toEqual(['Data', 'Layers', 'Activations', 'Combine', 'Losses']);
  });

  it('filters by search and adds the first match with Enter, or any block by double-click', async () => {
    const { screen, s } = await setup();
    await userEvent.fill(screen.getByRole('searchbox', { name: 'Search blocks' }), 'leaky');
    expect(document.querySelectorAll('.palette-item')).toHaveLength(1);
    await userEvent.keyboard('{Enter}');
    expect(s().nodes.map((n) => n.data.type)).toEqual(['leaky_relu']);
    await userEvent.dblClick(screen.getByTestId('palette-softmax'));
    expect(s().nodes.map((n) => n.data.type)).toEqual(['leaky_relu', 'softmax']);
  });

  it('adds a block from the keyboard (Enter or Space on it), not from a single click, which starts a drag', async () => {
    const { screen, s } = await setup();
    const tanh = screen.getByTestId('palette-tanh');
    expect(tanh.element().tagName).toBe('BUTTON');
    await userEvent.click(tanh);
    expect(s().nodes).toEqual([]);
    (tanh.element() as HTMLElement).focus();
    await userEvent.keyboard('{Enter}');
    // The new block takes focus (it is selected, to be wired next); back to the palette.
    await expect.poll(() => document.activeElement?.closest('.react-flow__node')).not.toBeNull();
    (tanh.element() as HTMLElement).focus();
    await userEvent.keyboard(' ');
    expect(s().nodes.map((n) => n.data.type)).toEqual(['tanh', 'tanh']);
  });
});

describe('block node', () => {
  it('shows its title with key params, named ports, and the shape flowing out', async () => {
    const { screen, s } = await setup();
    const x = s().addBlock('input', { x: 0, y: 0 }, { size: 3 });
    const h = s().addBlock('linear', { x: 250, y: 0 }, { in: 3, out: 4 });
    const c = s().addBlock('concat', { x: 500, y: 0 }, { inputs: 3 });
    s().connect({ source: x, target: h, sourceHandle: 'out', targetHandle: 'in' });
    s().connect({ source: h, target: c, sourceHandle: 'out', targetHandle: 'in1' });
    const node = screen.getByTestId(`node-${h}`);
    await expect.element(node).toHaveTextContent('Linear 3→4');
    await expect.element(screen.getByTestId(`shape-${h}`)).toHaveTextContent('[batch × 4]');
    await expect.element(screen.getByTestId(`shape-${x}`)).toHaveTextContent('3 columns');
    const ports = Array.from(document.querySelectorAll(`[data-testid="node-${c}"] .handle-in`)).map((e) =>
      e.getAttribute('data-handleid'),
    );
    expect(ports).toEqual(['in0', 'in1', 'in2']);
    await expect.element(screen.getByTestId(`shape-${c}`)).toHaveTextContent('[batch × ?]');
  });

  it('marks a shape mismatch with the engine’s message', async () => {
    const { screen, s } = await setup();
    const x = s().addBlock('input', { x: 0, y: 0 }, { size: 2 });
    const h = s().addBlock('linear', { x: 250, y: 0 }, { in: 5, out: 1 });
    s().connect({ source: x, target: h, sourceHandle: 'out', targetHandle: 'in' });
    await expect
      .element(screen.getByTestId(`problem-${h}`))
      .toHaveAttribute(
        'title',
        expect.stringContaining("input 'in' expects [batch × 5] (params.in = 5) but node 'input1' gives [batch × 2]"),
      );
    expect(document.querySelector(`[data-testid="node-${h}"]`)?.classList.contains('has-error')).toBe(true);
  });
});

describe('inspector', () => {
  it('edits params with validation: an invalid value is refused with a message, a valid one is committed', async () => {
    const { screen, s } = await setup();
    const h = s().addBlock('linear', { x: 100, y: 100 });
    s().select([h]);
    const out = screen.getByTestId('field-out');
    await userEvent.fill(out, '0');
    await expect.element(screen.getByRole('alert')).toHaveTextContent('must be ≥ 1');
    await userEvent.keyboard('{Enter}');
    expect(s().nodes[0].data.params.out).toBe(1);
    await userEvent.fill(out, '8');
    await userEvent.keyboard('{Enter}');
    expect(s().nodes[0].data.params.out).toBe(8);
    // Unconnected, a new Linear does not know its inputs yet: nothing to type, it follows the wire.
    expect(s().nodes[0].data.params).not.toHaveProperty('in');
    await expect.element(screen.getByTestId(`node-${h}`)).toHaveTextContent('Linear →8');
    await expect.element(screen.getByTestId('field-in')).toHaveAttribute('placeholder', 'auto');
    await userEvent.selectOptions(screen.getByLabelText('initialisation'), 'he');
    expect(s().nodes[0].data.params.init).toBe('he');
    s().undo();
    expect(s().nodes[0].data.params.init).toBe('normal');
  });

  it('shows an inferred size as auto (n), pins it into the document and lets it go again', async () => {
    const { screen, s } = await setup();
    const x = s().addBlock('input', { x: 0, y: 0 }, { size: 3 });
    const h = s().addBlock('linear', { x: 200, y: 0 });
    expect(s().connect({ source: x, target: h, sourceHandle: 'out', targetHandle: 'in' })).toBeNull();
    s().select([h]);
    await expect.element(screen.getByTestId('field-in')).toHaveAttribute('placeholder', 'auto (3)');
    await expect
      .element(screen.getByTestId('field-in-inferred'))
      .toHaveTextContent('auto (3): from the columns of the incoming wire');
    await expect.element(screen.getByTestId(`node-${h}`)).toHaveTextContent('Linear 3→1');
    await userEvent.click(screen.getByTestId('field-in-pin'));
    expect(s().nodes[1].data.params.in).toBe(3);
    await expect.element(screen.getByTestId('field-in')).toHaveValue(3);
    // Pinned, it is checked: a wider input is now a shape error on the block.
    s().updateParams(x, { size: 4 });
    await expect.element(screen.getByTestId(`problem-${h}`)).toBeInTheDocument();
    await userEvent.click(screen.getByTestId('field-in-auto'));
    expect(s().nodes[1].data.params).not.toHaveProperty('in');
    await expect.element(screen.getByTestId('field-in')).toHaveAttribute('placeholder', 'auto (4)');
    expect(s().analysis.nodeProblems[h]).toBeUndefined();
  });

  it('shows loss parameters and trained weights', async () => {
    const { screen, s } = await setup();
    const loss = s().addBlock('asymmetric_mse', { x: 0, y: 0 });
    s().select([loss]);
    await expect.element(screen.getByLabelText('a (over-prediction)')).toHaveValue(1);
    await expect.element(screen.getByLabelText('b (under-prediction)')).toHaveValue(1);
    const h = s().addBlock('linear', { x: 0, y: 200 }, { in: 2, out: 2 });
    s().setWeights({ [h]: { W: { shape: [2, 2], data: [0.5, -1, 2, 0.25] }, b: { shape: [2], data: [0, 0.1] } } });
    s().select([h]);
    await expect.element(screen.getByTestId('weight-state')).toHaveTextContent('As trained');
    await expect.element(screen.getByTestId('weight-W-0-1')).toHaveValue('-1');
    await expect.element(screen.getByTestId('weight-W-1-0')).toHaveValue('2');
    await expect.element(screen.getByTestId('weight-b-1')).toHaveValue('0.1');
  });
});

describe('data block footer', () => {
  it('lists its columns, cut short when long', async () => {
    const { shortList } = await import('../../src/renderer/src/components/BlockNode.js');
    expect(shortList(['x1', 'x2'])).toBe('x1, x2');
    expect(shortList(['sepal_length', 'sepal_width', 'petal_length', 'petal_width'])).toBe('sepal_length, …');
    expect(shortList(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'])).toBe('a, b, c, d, e, f, g, …');
  });
});

describe('training panel', () => {
  it('checks each setting against the document schema’s limits, and commits only allowed values', async () => {
    const services = createServices(browserPlatform(window.sessionStorage));
    services.editor.getState().load(emptyDocument());
    services.editor.getState().setMeta({ training: { optimizer: 'momentum' } });
    const screen = await render(
      <ServicesProvider services={services}>
        <TrainingPanel />
      </ServicesProvider>,
    );
    const cases: [string, string, RegExp, keyof TrainingSettings & string][] = [
      ['lr', '0', /must be > 0/, 'lr'],
      ['momentum', '1', /must be < 1/, 'momentum'],
      ['epochs', '2.5', /must be a whole number/, 'epochs'],
      ['target-loss', '-1', /must be ≥ 0/, 'targetLoss'],
    ];
    for (const [id, value, message, setting] of cases) {
      const input = screen.getByTestId(id);
      await userEvent.fill(input, value);
      await expect.element(screen.getByTestId(`${id}-problem`)).toHaveTextContent(message);
      // The same words as the engine's check of the document (and the CLI's flags).
      expect(trainingSettingProblem(setting, Number(value))).toMatch(message);
      await userEvent.keyboard('{Enter}');
      expect(services.editor.getState().meta.training?.[setting]).not.toBe(Number(value));
    }
    await userEvent.fill(screen.getByTestId('momentum'), '0.95');
    await userEvent.keyboard('{Enter}');
    expect(services.editor.getState().meta.training?.momentum).toBe(0.95);
  });
});
