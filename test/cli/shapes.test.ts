/**
 * The CLI on documents that leave their sizes to the wires and the data: Linear without `in`,
 * Input and Target without `size` or columns. validate, train, predict and export work on the
 * inferred shapes, and a real mismatch is still refused with both sides named.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backprop, example, readJson, temporaryFolder, writeFile } from './helpers.js';

/** examples/xor.bps.json with every `in`, `size` and column list taken out. */
function xorWithoutSizes(): any {
  const doc = readJson(example('xor.bps.json'));
  for (const node of doc.nodes) {
    if (!node.params) continue;
    delete node.params.in;
    delete node.params.size;
    delete node.params.columns;
  }
  return doc;
}

describe('inferred shapes from the command line', () => {
  const dir = temporaryFolder();
  const file = writeFile(dir, 'xor-auto.bps.json', xorWithoutSizes());

  it('validate takes the sizes from the wires and the document’s data source', () => {
    const run = backprop(['validate', file]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Linear 2→4');
    expect(run.stdout).toContain('Linear 4→1');
  });

  it('train gives the same run as the example that spells the sizes out, and saves without them', () => {
    const out = `${dir}/trained.bps.json`;
    const auto = backprop(['train', file, '--json', '--out', out]);
    expect(auto.code, auto.stderr).toBe(0);
    const spelled = backprop(['train', example('xor.bps.json'), '--json']);
    expect(auto.json().at(-1).loss).toBe(spelled.json().at(-1).loss);
    expect(auto.json().at(-1).loss).toBeLessThan(0.05);
    const trained = readJson(out);
    expect(trained.nodes.find((n: any) => n.id === 'h').params).not.toHaveProperty('in');
    expect(trained.nodes.find((n: any) => n.id === 'h').weights.W.shape).toEqual([4, 2]);
    const predict = backprop(['predict', out, '--json']);
    expect(predict.code, predict.stderr).toBe(0);
  });

  it('export writes ONNX and PyTorch with the inferred sizes, trained or not', () => {
    const onnx = backprop(['export', `${dir}/trained.bps.json`, '--to', 'onnx', '--json']);
    expect(onnx.code, onnx.stderr).toBe(0);
    expect(onnx.json()[0].inputs).toEqual([{ name: 'x', columns: ['x1', 'x2'], normalized: false }]);
    const torch = backprop(['export', file, '--to', 'pytorch', '--out', `${dir}/untrained.py`, '--json']);
    expect(torch.code, torch.stderr).toBe(0);
    expect(readFileSync(`${dir}/untrained.py`, 'utf8')).toContain('nn.Linear(2, 4)');
  });

  it('without a data source an Input without a size is named, with what to do', () => {
    const doc = xorWithoutSizes();
    delete doc.data;
    const run = backprop(['validate', writeFile(dir, 'no-data.bps.json', doc)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "input 'x' takes its columns from the data: load a data set, or give its column names (params.columns) or params.size",
    );
    const withData = backprop(['validate', `${dir}/no-data.bps.json`, '--data', 'builtin:xor']);
    expect(withData.code, withData.stderr).toBe(0);
  });

  it('a real mismatch is refused with both sides named', () => {
    const doc = xorWithoutSizes();
    doc.nodes.push({ id: 'wide', type: 'linear', params: { out: 3 } }, { id: 'sum', type: 'add' });
    doc.edges = doc.edges.filter((e: any) => !(e.source === 'hs' && e.target === 'o'));
    doc.edges.push(
      { source: 'x', target: 'wide', targetHandle: 'in' },
      { source: 'wide', target: 'sum', targetHandle: 'in0' },
      { source: 'hs', target: 'sum', targetHandle: 'in1' },
      { source: 'sum', target: 'o', targetHandle: 'in' },
    );
    const run = backprop(['validate', writeFile(dir, 'mismatch.bps.json', doc)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "shape mismatch at node 'sum' (Add): input 'in1' expects [batch × 3] (the same columns as in0) but node 'hs' gives [batch × 4]",
    );
  });
});
