/**
 * Column binding, one definition (planInputColumns in data.ts): the columns bindData gives each
 * Input block — in the app, the CLI and `predict` — are the ones the export signature (ONNX,
 * PyTorch) and the runtime's loadModel describe, for blocks that name their columns, documents
 * that record their training features, and untrained ones that record none.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bindData,
  compileGraph,
  type Dataset,
  type GraphDocument,
  loadModel,
  modelSignature,
} from '../../src/engine/index.js';
import { readFileSync } from 'node:fs';

const NAMES = ['a', 'b', 'c', 'd', 'e'];

/** XOR's graph with a 2-column Input, its columns named or not, and what training recorded. */
function documentWith(own: string[] | null, recorded: string[] | null): GraphDocument {
  const doc = JSON.parse(
    readFileSync(new URL('../../examples/xor.bps.json', import.meta.url), 'utf8'),
  ) as GraphDocument;
  for (const node of doc.nodes) {
    if (node.type === 'input') node.params = { size: 2, ...(own ? { columns: own } : {}) };
    if (node.type === 'target') node.params = { size: 1, columns: ['y'] };
  }
  doc.data = recorded ? { features: recorded } : {};
  return doc;
}

/** A data set of `columns` whose values say which column they are in (column k holds k + 1). */
function dataset(columns: string[]): Dataset {
  const rows = 3;
  const values = new Float64Array(rows * columns.length);
  for (let r = 0; r < rows; r++) columns.forEach((_, k) => (values[r * columns.length + k] = k + 1));
  return { name: 'rows', columns, rows, values, categories: {} };
}

const pair = fc.shuffledSubarray(NAMES, { minLength: 2, maxLength: 2 });

describe('column binding', () => {
  it('binds each Input to the columns the export and the runtime describe', () => {
    fc.assert(
      fc.property(
        fc.option(pair, { nil: null }),
        fc.option(fc.shuffledSubarray(NAMES, { minLength: 1, maxLength: 4 }), { nil: null }),
        fc.shuffledSubarray(NAMES, { minLength: 0, maxLength: 5 }),
        (own, recorded, extra) => {
          const doc = documentWith(own, recorded);
          const signature = modelSignature(doc);
          expect(signature.ok).toBe(true);
          if (!signature.ok) return;
          const described = signature.signature.inputs[0].columns;
          expect(loadModel(doc).columns).toEqual(described);
          // Rows carrying the described columns (in another order, with others around them) bind to exactly those.
          const columns = [...new Set([...extra, ...[...described].reverse()])];
          const graph = compileGraph(doc);
          if (!graph.ok) throw new Error('invalid graph');
          const bound = bindData(graph.graph, dataset(columns), { inputsOnly: true, features: doc.data?.features });
          if (signature.signature.inputs[0].namedColumns) {
            expect(bound.ok).toBe(true);
            if (!bound.ok) return;
            expect(bound.value.inputs[0].columns).toEqual(described);
            expect(Array.from(bound.value.inputs[0].values.subarray(0, 2))).toEqual(
              described.map((c) => columns.indexOf(c) + 1),
            );
          } else {
            // Nothing names the columns: they are generated, and data is taken by position.
            expect(described).toEqual(['x0', 'x1']);
          }
        },
      ),
      { seed: 4242, numRuns: 200 },
    );
  });

  it('recorded features the data lacks give way to the data’s own columns, in the app, the CLI and predict alike', () => {
    const doc = documentWith(null, ['p', 'q']);
    const graph = compileGraph(doc);
    if (!graph.ok) throw new Error('invalid graph');
    const bound = bindData(graph.graph, dataset(['a', 'b', 'y']), { inputsOnly: true, features: ['p', 'q'] });
    expect(bound.ok && bound.value.inputs[0].columns).toEqual(['a', 'b']);
  });
});
