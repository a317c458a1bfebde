import { describe, expect, it } from 'vitest';
import { blockTypes } from '../../src/engine/index.js';

describe('registry', () => {
  it('has every block type of the spec', () => {
    expect(
      blockTypes()
        .map((b) => b.type)
        .sort(),
    ).toEqual(
      [
        'input',
        'target',
        'linear',
        'step',
        'sigmoid',
        'tanh',
        'relu',
        'leaky_relu',
        'softmax',
        'identity',
        'add',
        'concat',
        'mse',
        'mae',
        'asymmetric_mse',
        'bce',
        'nll',
        'cross_entropy',
      ].sort(),
    );
  });
});
