/**
 * How a CSV was read travels with the document: rows dropped or filled and columns read against
 * their cells are recorded in data.csv when the data is applied, and the same file loaded again
 * into the saved document reads the same way (before: refused again, or read as classes).
 */
import { describe, expect, it } from 'vitest';
import { parseDocument, serializeDocument } from '../../src/engine/index.js';
import { applyData } from '../../src/renderer/src/data/apply.js';
import { createDataStore } from '../../src/renderer/src/data/store.js';
import { createEditorStore } from '../../src/renderer/src/editor/store.js';
import { findTemplate } from '../../src/renderer/src/editor/templates.js';

const file = {
  kind: 'csv' as const,
  name: 'gaps.csv',
  text: 'x1,x2,y\n0,0,0\n0,1,1\n1,,1\n1,1,0\n"1,000",0,1\n',
};

function app() {
  const editor = createEditorStore();
  editor.getState().load(structuredClone(findTemplate('xor')!.document));
  return { editor, data: createDataStore() };
}

describe('applyData', () => {
  it('records the choices of how a CSV reads, and the saved document reads it the same way again', () => {
    const first = app();
    expect(applyData(first, file)).toBe(false);
    expect(first.data.getState().refused?.missing?.rows).toBe(2);
    expect(applyData(first, { ...file, options: { missing: 'drop', columnKinds: { x1: 'number' } } })).toBe(true);
    expect(first.data.getState().dataset!.rows).toBe(4);
    expect(first.editor.getState().meta.data?.csv).toEqual({ missing: 'drop', numberColumns: ['x1'] });

    const saved = parseDocument(serializeDocument(first.editor.getState().document()));
    if (!saved.ok) throw new Error(saved.diagnostics[0].message);
    const reopened = app();
    reopened.editor.getState().load(saved.document);
    expect(applyData(reopened, file)).toBe(true);
    const dataset = reopened.data.getState().dataset!;
    expect(dataset.rows).toBe(4);
    expect(Array.from(dataset.values.subarray(9, 12))).toEqual([1000, 0, 1]);

    // Another file is read as it is, and the record follows what was done.
    expect(applyData(reopened, { ...file, name: 'other.csv', text: 'x1,x2,y\n0,0,0\n1,1,0\n' })).toBe(true);
    expect(reopened.editor.getState().meta.data?.csv).toBeUndefined();
  });
});
