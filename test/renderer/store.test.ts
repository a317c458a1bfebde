/** The editor store and its pure helpers: edits, history, dirty state, clipboard, layout, connections. */
import { describe, expect, it } from 'vitest';
import {
  bumpConstruction,
  emptyDocument,
  parseDocument,
  serializeDocument,
  type GraphDocument,
} from '../../src/engine/index.js';
import { copyBlocks, parseClipboard, pasteBlocks } from '../../src/renderer/src/editor/clipboard.js';
import { connectionProblem, reaches } from '../../src/renderer/src/editor/connections.js';
import { layoutPositions } from '../../src/renderer/src/editor/layout.js';
import { blockRect } from '../../src/renderer/src/editor/placement.js';
import { toDocument, toFlow } from '../../src/renderer/src/editor/model.js';
import { createEditorStore, isDirty } from '../../src/renderer/src/editor/store.js';
import { templates } from '../../src/renderer/src/editor/templates.js';

function chain() {
  const store = createEditorStore();
  const s = () => store.getState();
  const x = s().addBlock('input', { x: 0, y: 0 }, { size: 2 });
  const h = s().addBlock('linear', { x: 200, y: 0 }, { in: 2, out: 3 });
  const a = s().addBlock('sigmoid', { x: 400, y: 0 });
  const t = s().addBlock('target', { x: 400, y: 150 });
  const L = s().addBlock('mse', { x: 600, y: 0 });
  const o = s().addBlock('linear', { x: 500, y: -100 }, { in: 3, out: 1 });
  expect(s().connect({ source: x, target: h, sourceHandle: 'out', targetHandle: 'in' })).toBeNull();
  expect(s().connect({ source: h, target: a, sourceHandle: 'out', targetHandle: 'in' })).toBeNull();
  expect(s().connect({ source: a, target: o, sourceHandle: 'out', targetHandle: 'in' })).toBeNull();
  expect(s().connect({ source: o, target: L, sourceHandle: 'out', targetHandle: 'pred' })).toBeNull();
  expect(s().connect({ source: t, target: L, sourceHandle: 'out', targetHandle: 'target' })).toBeNull();
  return { store, s, ids: { x, h, a, t, L, o } };
}

describe('editor store', () => {
  it('builds a valid graph whose document the engine accepts, with inferred shapes', () => {
    const { s, ids } = chain();
    expect(s().analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(s().analysis.sizes).toMatchObject({ [ids.h]: 3, [ids.a]: 3, [ids.o]: 1, [ids.L]: 1 });
    const reparsed = parseDocument(serializeDocument(s().document()));
    expect(reparsed.ok).toBe(true);
    expect(s().nodes.map((n) => n.id)).toEqual(['input1', 'linear1', 'sigmoid1', 'target1', 'mse1', 'linear2']);
  });

  it('sizes an Input that names no columns from the loaded data, as training will', () => {
    const store = createEditorStore();
    const s = () => store.getState();
    const x = s().addBlock('input', { x: 0, y: 0 });
    const h = s().addBlock('linear', { x: 200, y: 0 });
    const t = s().addBlock('target', { x: 200, y: 150 });
    const L = s().addBlock('mse', { x: 400, y: 0 });
    expect(s().nodes.find((n) => n.id === h)!.data.params).not.toHaveProperty('in');
    s().connect({ source: x, target: h, sourceHandle: 'out', targetHandle: 'in' });
    s().connect({ source: h, target: L, sourceHandle: 'out', targetHandle: 'pred' });
    s().connect({ source: t, target: L, sourceHandle: 'out', targetHandle: 'target' });
    expect(s().analysis.nodeProblems[x]?.[0].message).toMatch(/takes its columns from the data: load a data set/);
    s().setDataColumns({ columns: ['a', 'b', 'c', 'y'] });
    expect(s().analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(s().analysis.inferred).toEqual({ [x]: { size: 3 }, [h]: { in: 3 }, [t]: { size: 1 } });
    // The data is not part of the document: nothing to undo, nothing unsaved.
    expect(s().past).toHaveLength(7);
    s().setDataColumns(null);
    expect(s().analysis.nodeProblems[x]).toHaveLength(1);
  });

  it('reports a shape mismatch on the node and its edge, and clears it when fixed', () => {
    const { s, ids } = chain();
    s().updateParams(ids.h, { in: 5, out: 3 });
    const problems = s().analysis.nodeProblems[ids.h];
    expect(problems[0].message).toContain('expects [batch × 5]');
    expect(problems[0].message).toContain('gives [batch × 2]');
    expect(Object.keys(s().analysis.edgeProblems)).toEqual([s().edges[0].id]);
    s().updateParams(ids.h, { in: 2, out: 3 });
    expect(s().analysis.nodeProblems[ids.h]).toBeUndefined();
  });

  it('undoes and redoes every kind of edit, and tracks unsaved changes through them', () => {
    const { store, s, ids } = chain();
    s().markSaved({ path: null, name: 'a.bps.json' });
    expect(isDirty(s())).toBe(false);
    const saved = serializeDocument(s().document());
    s().updateParams(ids.h, { in: 2, out: 7 });
    s().setLabel(ids.h, 'hidden');
    s().beginMove();
    s().onNodesChange([{ type: 'position', id: ids.x, position: { x: 50, y: 60 }, dragging: true }]);
    s().onNodesChange([{ type: 'position', id: ids.x, position: { x: 80, y: 90 }, dragging: false }]);
    s().select([ids.t]);
    s().deleteSelection();
    expect(isDirty(s())).toBe(true);
    expect(s().nodes).toHaveLength(5);
    expect(s().edges).toHaveLength(4);
    for (let i = 0; i < 4; i++) s().undo();
    expect(serializeDocument(s().document())).toBe(saved);
    expect(isDirty(s())).toBe(false);
    s().undo();
    expect(s().edges).toHaveLength(4);
    for (let i = 0; i < 5; i++) s().redo();
    expect(s().nodes.find((n) => n.id === ids.h)?.data).toMatchObject({ label: 'hidden', params: { out: 7 } });
    expect(s().nodes.find((n) => n.id === ids.x)?.position).toEqual({ x: 80, y: 90 });
    expect(s().nodes.some((n) => n.id === ids.t)).toBe(false);
    expect(store.getState().future).toHaveLength(0);
  });

  it('selection changes are not edits', () => {
    const { s, ids } = chain();
    const before = s().past.length;
    const revision = s().revision;
    s().select([ids.x]);
    s().onNodesChange([
      { type: 'select', id: ids.h, selected: true },
      { type: 'dimensions', id: ids.h, dimensions: { width: 150, height: 80 } },
    ]);
    expect(s().past.length).toBe(before);
    expect(s().revision).toBe(revision);
  });

  it('copy and paste keeps the edges between the copied blocks only', () => {
    const { s, ids } = chain();
    s().select([ids.h, ids.a, ids.o]);
    const payload = s().copySelection()!;
    expect(payload.edges).toHaveLength(2);
    s().paste(parseClipboard(JSON.stringify(payload))!);
    expect(
      s()
        .nodes.map((n) => n.id)
        .slice(-3),
    ).toEqual(['linear3', 'sigmoid2', 'linear4']);
    const pasted = s()
      .edges.slice(-2)
      .map((e) => `${e.source}->${e.target}`);
    expect(pasted).toEqual(['linear3->sigmoid2', 'sigmoid2->linear4']);
    expect(
      s()
        .nodes.filter((n) => n.selected)
        .map((n) => n.id),
    ).toEqual(['linear3', 'sigmoid2', 'linear4']);
    s().duplicateSelection();
    expect(s().nodes).toHaveLength(12);
    s().undo();
    s().undo();
    expect(s().nodes).toHaveLength(6);
  });

  it('changing a block’s params drops its trained weights and edges into removed ports', () => {
    const store = createEditorStore();
    const s = () => store.getState();
    const a = s().addBlock('input', { x: 0, y: 0 });
    const b = s().addBlock('input', { x: 0, y: 0 });
    const c = s().addBlock('input', { x: 0, y: 0 });
    const add = s().addBlock('add', { x: 0, y: 0 }, { inputs: 3 });
    s().connect({ source: a, target: add, sourceHandle: 'out', targetHandle: 'in0' });
    s().connect({ source: b, target: add, sourceHandle: 'out', targetHandle: 'in1' });
    s().connect({ source: c, target: add, sourceHandle: 'out', targetHandle: 'in2' });
    s().updateParams(add, { inputs: 2 });
    expect(s().edges.map((e) => e.targetHandle)).toEqual(['in0', 'in1']);
    const lin = s().addBlock('linear', { x: 0, y: 0 }, { in: 1, out: 1 });
    s().setWeights({ [lin]: { W: { shape: [1, 1], data: [0.5] }, b: { shape: [1], data: [0] } } });
    expect(s().nodes.find((n) => n.id === lin)?.data.weights).toBeDefined();
    s().updateParams(lin, { in: 1, out: 2 });
    expect(s().nodes.find((n) => n.id === lin)?.data.weights).toBeUndefined();
  });

  it('refuses connections that can never work, saying why', () => {
    const { s, ids } = chain();
    const p = (source: string, target: string, targetHandle: string) =>
      connectionProblem(s().nodes, s().edges, { source, target, targetHandle });
    expect(p(ids.L, ids.h, 'in')).toMatch(/is a loss/);
    expect(p(ids.a, ids.x, 'in')).toMatch(/take their values from the data/);
    expect(p(ids.a, ids.h, 'in')).toMatch(/already connected \(from input1\)/);
    const extra = s().addBlock('relu', { x: 0, y: 0 });
    s().connect({ source: ids.a, target: extra, sourceHandle: 'out', targetHandle: 'in' });
    const add = s().addBlock('add', { x: 0, y: 0 });
    s().connect({ source: extra, target: add, sourceHandle: 'out', targetHandle: 'in0' });
    expect(p(add, ids.h, 'in')).toMatch(/already connected/);
    s().connect({ source: ids.h, target: add, sourceHandle: 'out', targetHandle: 'in1' });
    const sink = s().addBlock('tanh', { x: 0, y: 0 });
    s().connect({ source: add, target: sink, sourceHandle: 'out', targetHandle: 'in' });
    expect(connectionProblem(s().nodes, s().edges, { source: sink, target: ids.a, targetHandle: 'in' })).toMatch(
      /already connected/,
    );
    const loopStart = s().addBlock('identity', { x: 0, y: 0 });
    s().connect({ source: sink, target: loopStart, sourceHandle: 'out', targetHandle: 'in' });
    expect(reaches(s().edges, ids.h, loopStart)).toBe(true);
    const freeAdd = s().addBlock('add', { x: 0, y: 0 });
    s().connect({ source: loopStart, target: freeAdd, sourceHandle: 'out', targetHandle: 'in0' });
    expect(connectionProblem(s().nodes, s().edges, { source: freeAdd, target: extra, targetHandle: 'in' })).toMatch(
      /already connected/,
    );
    const lone = s().addBlock('sigmoid', { x: 0, y: 0 });
    s().connect({ source: freeAdd, target: lone, sourceHandle: 'out', targetHandle: 'in' });
    const merge = s().addBlock('add', { x: 0, y: 0 });
    s().connect({ source: lone, target: merge, sourceHandle: 'out', targetHandle: 'in0' });
    expect(p(merge, freeAdd, 'in1')).toMatch(/cycle/);
    expect(p(ids.h, ids.h, 'in')).toMatch(/cannot feed itself/);
    expect(s().connect({ source: merge, target: freeAdd, sourceHandle: 'out', targetHandle: 'in1' })).toMatch(/cycle/);
  });

  it('Arrange (ELK) puts every block right of its inputs, the target beside its loss, in port order, none overlapping', async () => {
    const { s, ids } = chain();
    const placed = s().nodes.map((n) => n.position);
    await s().autoLayout();
    const rect = (id: string) => blockRect(s().nodes.find((n) => n.id === id)!);
    const x = (id: string) => rect(id).x;
    const cy = (id: string) => rect(id).y + rect(id).height / 2;
    expect(x(ids.x)).toBeLessThan(x(ids.h));
    expect(x(ids.h)).toBeLessThan(x(ids.a));
    expect(x(ids.a)).toBeLessThan(x(ids.o));
    expect(x(ids.o)).toBeLessThan(x(ids.L));
    // The target sits in the column before its loss, not at the far left with the inputs.
    expect(x(ids.t)).toBeGreaterThan(x(ids.a));
    expect(x(ids.t)).toBeLessThan(x(ids.L));
    // pred is the loss's first port, target its second: their sources in that order, top to bottom
    // (the target block was added first and placed lower than the output layer before).
    expect(cy(ids.o)).toBeLessThan(cy(ids.t));
    const all = s().nodes.map((n) => blockRect(n));
    for (let i = 0; i < all.length; i++)
      for (let j = i + 1; j < all.length; j++) {
        const [a, b] = [all[i], all[j]];
        expect(a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height).toBe(false);
      }
    // One undo step; arranging again changes nothing.
    const arranged = s().nodes.map((n) => n.position);
    await s().autoLayout();
    expect(s().nodes.map((n) => n.position)).toEqual(arranged);
    s().undo();
    expect(s().nodes.map((n) => n.position)).toEqual(placed);
  });

  it('keeps wires uncrossed where port order allows: the sources of an Add follow its ports', async () => {
    const positions = await layoutPositions(
      [
        { id: 'b', width: 150, height: 61, ports: [] },
        { id: 'a', width: 150, height: 61, ports: [] },
        { id: 'sum', width: 150, height: 107, ports: ['in0', 'in1'] },
      ],
      [
        { source: 'b', target: 'sum', targetHandle: 'in1' },
        { source: 'a', target: 'sum', targetHandle: 'in0' },
      ],
    );
    expect(positions.get('a')!.y).toBeLessThan(positions.get('b')!.y);
    expect(positions.get('sum')!.x).toBeGreaterThan(positions.get('a')!.x);
  });

  it('loading lays out documents without positions and is not an unsaved change', async () => {
    const store = createEditorStore();
    const doc = parseDocument(serializeDocument(templates.find((t) => t.id === 'xor')!.document));
    if (!doc.ok) throw new Error('xor example invalid');
    const stripped: GraphDocument = { ...doc.document, nodes: doc.document.nodes.map(({ position: _p, ...n }) => n) };
    store.getState().load(stripped);
    await expect.poll(() => store.getState().layoutVersion).toBe(1);
    const byId = (id: string) => store.getState().nodes.find((n) => n.id === id)!.position;
    expect(byId('x').x).toBeLessThan(byId('h').x);
    expect(byId('p').x).toBeLessThan(byId('L').x);
    expect(isDirty(store.getState())).toBe(false);
    expect(store.getState().past).toEqual([]);
  });
});

describe('setBlocks (a rebuilt layer, as the construction card does it)', () => {
  const construction = () => structuredClone(templates.find((t) => t.id === 'universal-approximation')!.document);

  it('sets sizes, weights and a document field together as one undo step', () => {
    const store = createEditorStore(construction());
    const before = store.getState().document();
    const structure = store.getState().structureVersion;
    const net = bumpConstruction(3, 25, Math.sin, [-Math.PI, Math.PI]);
    const ok = store.getState().setBlocks(
      [
        { nodeId: 'bumps', params: { out: 6, init: 'manual' }, weights: net.hidden },
        { nodeId: 'sum', params: { out: 1, init: 'manual' }, weights: net.output },
      ],
      { construction: { ...before.construction!, bumps: 3, steepness: 25 } },
    );
    expect(ok).toBe(true);
    const doc = store.getState().document();
    expect(doc.nodes.find((n) => n.id === 'bumps')).toMatchObject({ params: { out: 6 }, weights: net.hidden });
    expect(doc.nodes.find((n) => n.id === 'sum')!.weights).toEqual(net.output);
    expect(doc.construction).toMatchObject({ bumps: 3, steepness: 25 });
    // The hidden layer's size changed: a new structure, and the analysis agrees with the new weights.
    expect(store.getState().structureVersion).toBe(structure + 1);
    expect(store.getState().analysis.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    store.getState().undo();
    expect(store.getState().document()).toEqual(before);
    store.getState().redo();
    expect(store.getState().document().construction).toMatchObject({ bumps: 3 });
  });

  it('weights alone (the same params) are no change of structure; a missing block changes nothing', () => {
    const store = createEditorStore(construction());
    const structure = store.getState().structureVersion;
    const net = bumpConstruction(8, 80, Math.sin, [-Math.PI, Math.PI]);
    const params = { ...store.getState().nodes.find((n) => n.id === 'bumps')!.data.params };
    store.getState().setBlocks([{ nodeId: 'bumps', params, weights: net.hidden }]);
    expect(store.getState().structureVersion).toBe(structure);
    expect(
      store
        .getState()
        .document()
        .nodes.find((n) => n.id === 'bumps')!.weights,
    ).toEqual(net.hidden);
    const past = store.getState().past.length;
    expect(store.getState().setBlocks([{ nodeId: 'ghost', weights: net.hidden }])).toBe(false);
    expect(store.getState().past.length).toBe(past);
  });
});

describe('document ↔ canvas model', () => {
  it('round-trips every example exactly, including unknown fields', () => {
    for (const t of templates) {
      const { meta, nodes, edges } = toFlow(t.document);
      const expected = {
        ...t.document,
        nodes: t.document.nodes.map(({ params, ...n }) => ({
          ...n,
          ...(params && Object.keys(params).length ? { params } : {}),
          position: n.position ?? { x: 0, y: 0 },
        })),
      };
      expect(serializeDocument(toDocument(meta, nodes, edges))).toBe(serializeDocument(expected));
    }
    const doc = {
      ...emptyDocument('x'),
      custom: 1,
      nodes: [{ id: 'a', type: 'relu', position: { x: 1, y: 2 }, note: 'kept' }],
      edges: [],
    } as GraphDocument;
    const flow = toFlow(doc);
    expect(toDocument(flow.meta, flow.nodes, flow.edges)).toEqual(doc);
  });

  it('pasting renames blocks and never clashes with existing ids', () => {
    const flow = toFlow({
      ...emptyDocument(),
      nodes: [
        { id: 'relu1', type: 'relu', position: { x: 0, y: 0 } },
        { id: 'relu2', type: 'relu', position: { x: 0, y: 0 } },
      ],
      edges: [{ source: 'relu1', target: 'relu2', targetHandle: 'in' }],
    });
    const payload = copyBlocks(flow.nodes, flow.edges, new Set(['relu1', 'relu2']))!;
    const pasted = pasteBlocks(payload, new Set(['relu1', 'relu2', 'relu3']), { x: 10, y: 10 });
    expect(pasted.nodes.map((n) => n.id)).toEqual(['relu4', 'relu5']);
    expect(pasted.edges.map((e) => [e.source, e.target])).toEqual([['relu4', 'relu5']]);
    expect(parseClipboard('{"format":"other"}')).toBeNull();
    expect(parseClipboard('not json')).toBeNull();
  });
});
