/**
 * The training session, run directly: results checked against independent truths (the loss
 * falls, dW = dYᵀ·X from the traced numbers, hidden units' contributions add up to the curve,
 * the engine's gradient check passes).
 */
import { describe, expect, it } from 'vitest';
import type { Phrase } from '../../src/engine/index.js';
import { createI18n, describePhrase, english, translator } from '../../src/i18n/index.js';
import { createSession, example, session } from './helpers.js';

/** A hint as the app tells it in English and in Russian. */
const inEnglish = (p: Phrase | undefined) => (p ? describePhrase(p, english, 'en') : undefined);
const russian = translator(createI18n('ru'));
const inRussian = (p: Phrase | undefined) => (p ? describePhrase(p, russian, 'ru') : undefined);

describe('training session', () => {
  it('trains XOR to a low loss and reports per-edge gradients where they flow', () => {
    const s = session(example('xor'), { kind: 'builtin', name: 'xor' });
    expect(s.info).toMatchObject({
      task: 'binary',
      features: ['x1', 'x2'],
      targets: ['y'],
      layers: ['h', 'o'],
      rows: 4,
    });
    const targetEdge = example('xor').edges.findIndex((e) => e.source === 't');
    expect(s.info.edgesWithGradient[targetEdge]).toBe(false);
    expect(s.info.edgesWithGradient.filter(Boolean)).toHaveLength(5);
    const before = s.progress(true);
    expect(Number.isNaN(before.edgeGradients[0])).toBe(true);
    let reason = null;
    while (!reason) reason = s.runFor(50);
    expect(reason).toEqual({ kind: 'finished', reason: 'epochs' });
    const after = s.progress(true);
    expect(after.epoch).toBe(1000);
    expect(s.trainer.history.at(-1)!.loss).toBeLessThan(0.05);
    for (let e = 0; e < after.edgeGradients.length; e++) {
      if (e === targetEdge) expect(Number.isNaN(after.edgeGradients[e])).toBe(true);
      else expect(after.edgeGradients[e]).toBeGreaterThan(0);
    }
    expect(after.boundary?.values).toHaveLength(64 * 64);
    expect(after.confusion?.matrix).toEqual([
      [2, 0],
      [0, 2],
    ]);
  });

  it('refuses a graph or data that cannot train, saying why', () => {
    const bad = example('xor');
    bad.nodes.find((n) => n.id === 'h')!.params = { in: 3, out: 4 };
    const r1 = createSession(bad, { kind: 'builtin', name: 'xor' });
    expect(r1.ok).toBe(false);
    if (!r1.ok) expect(r1.diagnostics[0].message).toContain('expects [batch × 3]');
    const r2 = createSession(example('xor'), { kind: 'builtin', name: 'iris' });
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.diagnostics.map((d) => d.message).join(' ')).toMatch(/x1|columns/);
  });

  it('traces one batch: the Linear backward numbers satisfy dW = dYᵀ·X', () => {
    const s = session(example('xor'), { kind: 'builtin', name: 'xor' });
    s.runFor(5);
    const trace = s.trace();
    expect(trace.steps.filter((t) => t.phase === 'forward').map((t) => t.nodeId)).toEqual([
      'x',
      'h',
      'hs',
      'o',
      'p',
      't',
      'L',
    ]);
    expect(trace.steps.filter((t) => t.phase === 'backward').map((t) => t.nodeId)).toEqual(['L', 'p', 'o', 'hs', 'h']);
    const forwardH = trace.steps.find((t) => t.phase === 'forward' && t.nodeId === 'h')!;
    const backH = trace.steps.find((t) => t.phase === 'backward' && t.nodeId === 'h')!;
    const X = forwardH.tensors.find((t) => t.label.startsWith('in'))!;
    const dY = backH.tensors.find((t) => t.label === '∂L/∂y')!;
    const dW = backH.tensors.find((t) => t.label === '∂L/∂W')!;
    for (let o = 0; o < 4; o++) {
      for (let i = 0; i < 2; i++) {
        let expected = 0;
        for (let r = 0; r < trace.rows; r++) expected += dY.values[r * 4 + o] * X.values[r * 2 + i];
        expect(dW.values[o * 2 + i]).toBeCloseTo(expected, 5);
      }
    }
    expect(backH.rule).toEqual({ key: 'blockFormulas.linear.backward' });
    expect(describePhrase(backH.rule, english, 'en')).toContain('∂L/∂W = (∂L/∂y)ᵀ·x');
  });

  it('shows each hidden unit’s contribution, and they add up (with the bias) to the fitted curve', () => {
    const s = session(example('sine'), { kind: 'builtin', name: 'sine' });
    for (let i = 0; i < 300; i++) s.step();
    const { curve } = s.progress(true);
    expect(curve?.contributions).toHaveLength(8);
    const b = s.executor.nodeWeights('sum').b.value[0];
    for (let i = 0; i < curve!.xs.length; i += 17) {
      const sum = curve!.contributions!.reduce((acc, c) => acc + c[i], b);
      expect(sum).toBeCloseTo(curve!.ys[i], 4);
    }
  });

  it('passes the gradient check on the current weights', () => {
    const s = session(example('iris-mlp'), { kind: 'builtin', name: 'iris' });
    for (let i = 0; i < 20; i++) s.step();
    const result = s.gradcheck();
    expect(result.ok).toBe(true);
    expect(result.params.map((p) => `${p.node}.${p.name}`)).toEqual(['hidden.W', 'hidden.b', 'scores.W', 'scores.b']);
  });

  it('hints at a saturated sigmoid and at dead ReLU units', () => {
    const doc = example('xor');
    doc.nodes.find((n) => n.id === 'hs')!.type = 'relu';
    doc.nodes.find((n) => n.id === 'h')!.weights = {
      W: { shape: [4, 2], data: [-1, -1, -1, -1, 1, 1, -1, -1] },
      b: { shape: [4], data: [-0.5, -0.5, 0, -0.5] },
    };
    doc.nodes.find((n) => n.id === 'o')!.weights = {
      W: { shape: [1, 4], data: [40, 40, 40, 40] },
      b: { shape: [1], data: [30] },
    };
    const s = session(doc, { kind: 'builtin', name: 'xor' });
    const { hints } = s.progress(true);
    expect(hints.hs?.[0]).toMatchObject({ key: 'hints.deadRelu', values: { count: 3, of: { values: { count: 4 } } } });
    expect(inEnglish(hints.hs?.[0])).toMatch(/dead ReLU: 3 of 4 units output 0/);
    expect(inRussian(hints.hs?.[0])).toMatch(/мёртвые ReLU: 3 из 4 нейронов выдают 0/);
    // Every output is ≈ 1, and half of the targets are 0.
    expect(hints.p?.[0]).toMatchObject({ key: 'hints.saturatedWrong', values: { share: 50 } });
    expect(inEnglish(hints.p?.[0])).toMatch(/Sigmoid saturated on the wrong side: 50 % of its outputs are near 0 or 1/);
    expect(inRussian(hints.p?.[0])).toMatch(/Сигмоида: насыщение не в ту сторону — 50 % выходов близки к 0 или 1/);
  });

  it('does not call a trained classifier’s confident, correct outputs saturated', () => {
    const s = session(example('xor'), { kind: 'builtin', name: 'xor' }, { optimizer: 'adam', lr: 0.05, epochs: 2000 });
    while (!s.runFor(50));
    const { hints } = s.progress(true);
    const p = s.executor.output('p').data;
    expect(Array.from(p).every((v) => v < 0.02 || v > 0.98)).toBe(true);
    expect(hints).toEqual({});
  });

  it('flags hidden units stuck at one end for every row, not units that saturate both ways', () => {
    const doc = example('xor');
    // Unit 0 reads nothing and sits at tanh(5) ≈ 1 for every row; unit 1 saturates too, at +1 for
    // (1, 0) and −1 for the other rows: a yes/no feature, not a problem.
    doc.nodes.find((n) => n.id === 'h')!.weights = {
      W: { shape: [4, 2], data: [0, 0, 30, -30, 0.1, 0.1, -0.1, 0.2] },
      b: { shape: [4], data: [5, -15, 0, 0] },
    };
    const s = session(doc, { kind: 'builtin', name: 'xor' });
    const { hints } = s.progress(true);
    expect(hints.hs).toMatchObject([{ key: 'hints.saturated', values: { count: 1, ends: '±1' } }]);
    expect(hints.hs!.map(inEnglish)).toEqual([expect.stringMatching(/Tanh saturated: 1 of 4 units is stuck near ±1/)]);
    expect(hints.hs!.map(inRussian)).toEqual([
      expect.stringMatching(/Tanh: насыщение — 1 из 4 нейронов застрял около ±1/),
    ]);
  });

  it('watches the selected node: its weights, output histogram and gradient norms', () => {
    const s = session(example('xor'), { kind: 'builtin', name: 'xor' });
    s.step();
    s.watch('h');
    const w = s.progress(true).watched!;
    expect(w.nodeId).toBe('h');
    expect(w.weights.W.shape).toEqual([4, 2]);
    expect(Array.from(w.weights.W.data)).toEqual(Array.from(s.executor.nodeWeights('h').W.value));
    expect(w.histogram.counts.reduce((a, b) => a + b, 0)).toBe(16);
    expect(w.gradientNorms.W).toBeGreaterThan(0);
  });
});

describe('run hints', () => {
  it('says when the loss stopped moving, and what to try', () => {
    // XOR with plain SGD at lr 1 sits at ln 2 (every output 0.5) for many epochs.
    const s = session(example('xor'), { kind: 'builtin', name: 'xor' }, { epochs: 40 });
    while (!s.runFor(50));
    const [plateau, ...others] = s.progress(true).runHints;
    expect(others).toEqual([]);
    expect(plateau).toMatchObject({
      key: 'hints.plateau',
      values: { count: 25, advice: { key: 'hints.largerLrOrAdam' } },
    });
    expect(inEnglish(plateau)).toMatch(/has not changed for 25 epochs .*try a larger learning rate or Adam$/);
    expect(inRussian(plateau)).toMatch(/не меняется уже 25 эпох \(держится на 0,69\d*\).*или взять Adam$/);
    const trained = session(example('xor'), { kind: 'builtin', name: 'xor' }, { optimizer: 'adam', lr: 0.05 });
    while (!trained.runFor(50));
    expect(trained.progress(true).runHints).toEqual([]);
  });

  it('names a weight decay that holds the weights at 0 as the reason for a flat loss', () => {
    // XOR at lr 1 with λ = 0.01: the decay wins over the tiny gradients of the plateau, the weights go to 0.
    const s = session(example('xor'), { kind: 'builtin', name: 'xor' }, { weightDecay: 0.01, epochs: 1000 });
    while (!s.runFor(50));
    expect(s.trainer.history.at(-1)!.penalty).toBeLessThan(1e-6);
    expect(s.progress(true).runHints.map(inEnglish)).toEqual([
      expect.stringMatching(
        /has not changed for 25 epochs .*try a smaller weight decay: the penalty keeps the weights near 0/,
      ),
    ]);
  });

  it('names unscaled inputs when a run diverges', () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i * 18},${i % 2}`);
    const csv = ['x1,y1', ...rows].join('\n');
    const doc = example('linear-regression');
    doc.data = {};
    const s = session(doc, { kind: 'csv', name: 'big.csv', text: csv }, { optimizer: 'sgd', lr: 0.5 });
    expect(() => {
      for (let i = 0; i < 1000; i++) s.step();
    }).toThrow(/diverged/);
    expect(s.status).toBe('diverged');
    const { outcome } = s.progress(true);
    expect(outcome?.kind).toBe('diverged');
    // The UI advises standardising them (training.diverged.advice) from how far they reach.
    if (outcome?.kind === 'diverged') expect(outcome.inputRange).toBe('702');
  });
});
