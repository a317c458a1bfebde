/**
 * The interop table covers the block registry: every registered block type has an entry (ONNX
 * export, ONNX import, PyTorch forward — or a criterion, for a loss), or says why a direction is
 * not expressible. And each entry does what it says: a graph of that one block goes to ONNX and
 * comes back as the same block with the same params, and its PyTorch code has its line.
 */
import { describe, expect, it } from 'vitest';
import {
  blockTypes,
  defineBlock,
  exportOnnx,
  exportPytorch,
  importOnnx,
  type BlockDefinition,
  type GraphDocument,
} from '../../src/engine/index.js';
import { computeInterop, interopEntry, isNotExpressible, lossInterop } from '../../src/engine/interop/blocks.js';
import { decodeModel } from '../../src/engine/interop/onnx-proto.js';
import { edge, makeDocument } from '../engine/helpers.js';

/** What is missing from the interop of `def`: empty when it is covered. */
function missingInterop(def: BlockDefinition): string[] {
  const explained = (side: object | undefined, what: string): string[] =>
    side === undefined
      ? [`${def.type}: no ${what}`]
      : isNotExpressible(side) && !side.notExpressible.trim()
        ? [`${def.type}: ${what} marked not expressible without a reason`]
        : [];
  if (def.source) return def.source === 'features' || def.source === 'targets' ? [] : [`${def.type}: unknown source`];
  if (def.category === 'loss') {
    const entry = lossInterop(def);
    return entry ? explained(entry.pytorch, 'PyTorch criterion') : [`${def.type}: no interop entry`];
  }
  const entry = computeInterop(def);
  if (!entry) return [`${def.type}: no interop entry`];
  return [
    ...explained(entry.onnx, 'ONNX export'),
    ...explained(entry.onnxImport, 'ONNX import'),
    ...explained(entry.pytorch, 'PyTorch forward'),
  ];
}

/** A graph of one block of `def` (default params) reading Input x on every port, with an MSE loss. */
function oneBlockDocument(def: BlockDefinition): GraphDocument {
  const params = def.schema.parse({});
  const ports = def.inputs(params);
  // A Linear's `in` follows its wire (2 columns here).
  const columns = 2;
  const out = def.outputSize(
    params,
    ports.map(() => columns),
  );
  return makeDocument(
    [
      { id: 'x', type: 'input', params: { size: columns } },
      { id: 'b', type: def.type },
      { id: 't', type: 'target', params: { size: out } },
      { id: 'L', type: 'mse' },
    ],
    [...ports.map((p) => edge('x', 'b', p)), edge('b', 'L', 'pred'), edge('t', 'L', 'target')],
  );
}

describe('the interop table covers the block registry', () => {
  it('every registered block has an entry, or says why a direction is not expressible', () => {
    expect(blockTypes().flatMap(missingInterop)).toEqual([]);
  });

  it('a block without an entry is noticed', () => {
    const unknown = defineBlock({
      type: 'gelu_for_this_test',
      category: 'activation',
      title: 'GELU',
      description: '',
      formula: { forward: '', backward: '' },
      inputs: () => ['in'],
      outputSize: (_p, [x]) => x,
      forward: () => undefined,
      backward: () => undefined,
    });
    expect(interopEntry(unknown.type)).toBeUndefined();
    expect(missingInterop(unknown)).toEqual(['gelu_for_this_test: no interop entry']);
    expect(missingInterop({ ...unknown, category: 'loss' })).toEqual(['gelu_for_this_test: no interop entry']);
  });

  const computing = blockTypes().filter((d) => !d.source && d.category !== 'loss');
  it.each(computing.map((d) => [d.type, d] as const))(
    '%s: ONNX export → import gives the block back, and PyTorch computes it',
    (_, def) => {
      const doc = oneBlockDocument(def);
      const entry = computeInterop(def)!;
      if (!isNotExpressible(entry.onnx)) {
        const exported = exportOnnx(doc);
        expect(exported.ok, JSON.stringify(!exported.ok && exported.diagnostics)).toBe(true);
        if (!exported.ok) return;
        // The blocks come from the operators (the recorded document adds losses and layout only).
        const model = decodeModel(exported.bytes);
        const importer = entry.onnxImport;
        if (!isNotExpressible(importer)) {
          const ops = model.graph.nodes.map((n) => n.opType);
          expect(
            ops.some((op) => importer.ops.includes(op)),
            `${def.type} writes ${ops}`,
          ).toBe(true);
          const back = importOnnx(exported.bytes);
          expect(back.ok, JSON.stringify(!back.ok && back.diagnostics)).toBe(true);
          if (back.ok) expect(back.document.nodes.find((n) => n.id === 'b')?.type).toBe(def.type);
        }
      }
      if (!isNotExpressible(entry.pytorch)) {
        const code = exportPytorch(doc);
        expect(code.ok, JSON.stringify(!code.ok && code.diagnostics)).toBe(true);
        if (code.ok) expect(code.code).toMatch(/^ {8}b = /m);
      }
    },
  );

  const losses = blockTypes().filter((d) => d.category === 'loss');
  it.each(losses.map((d) => [d.type, d] as const))(
    '%s: left out of ONNX and restored from its metadata; a criterion in PyTorch',
    (_, def) => {
      const doc = makeDocument(
        [
          { id: 'x', type: 'input', params: { size: 2 } },
          { id: 'p', type: 'sigmoid' },
          { id: 't', type: 'target', params: { size: 2 } },
          { id: 'L', type: def.type },
        ],
        [edge('x', 'p'), edge('p', 'L', 'pred'), edge('t', 'L', 'target')],
      );
      const exported = exportOnnx(doc);
      expect(exported.ok).toBe(true);
      if (!exported.ok) return;
      expect(decodeModel(exported.bytes).graph.nodes.map((n) => n.opType)).toEqual(['Sigmoid']);
      const back = importOnnx(exported.bytes);
      expect(back.ok && back.document.nodes.find((n) => n.id === 'L')?.type).toBe(def.type);
      const criterion = lossInterop(def)!.pytorch;
      if (isNotExpressible(criterion)) return;
      const code = exportPytorch(doc);
      expect(code.ok).toBe(true);
      if (code.ok) expect(code.code).toContain(`L (${criterion.title})`);
    },
  );
});
