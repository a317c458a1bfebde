/**
 * The course's hand-set examples in the session the app runs: a frozen threshold neuron gets no
 * advice about its gradient (it is not meant to learn), while the same neuron left trainable
 * behind a step does; and the construction's views carry the largest error.
 */
import { describe, expect, it } from 'vitest';
import { example, session } from './helpers.js';

describe('hand-set, frozen blocks in a session', () => {
  it('a frozen threshold neuron gets no vanishing-gradient hint; a trainable one behind the step does', () => {
    const frozen = session(example('xor-impossible'), { kind: 'builtin', name: 'xor' });
    frozen.step();
    expect(frozen.progress(true).hints.neuron ?? []).toEqual([]);
    const doc = example('xor-impossible');
    delete doc.nodes.find((n) => n.id === 'neuron')!.trainable;
    const trainable = session(doc, { kind: 'builtin', name: 'xor' });
    trainable.step();
    expect(trainable.progress(true).hints.neuron).toContainEqual(
      expect.objectContaining({ key: 'hints.vanishing', values: expect.objectContaining({ block: 'neuron' }) }),
    );
  });

  it('the construction reports its largest error |t − y| with the regression view', () => {
    const s = session(example('universal-approximation'), { kind: 'builtin', name: 'sine' });
    const view = s.progress(true).regression!;
    // N = 8, k = 40 on sin (test/engine/constructions.test.ts computes it in float64).
    expect(view.training.overall.maxError).toBeCloseTo(0.3827, 3);
    expect(view.training.rows).toBe(100);
  });
});
