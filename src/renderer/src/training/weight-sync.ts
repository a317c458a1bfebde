/**
 * Which weights the user changed that the training session does not have yet. The session is
 * built from the document, trains, and sends its weights back when it stops; in between the user
 * can edit weights (or undo an edit) in the document. Comparing the document with what the
 * session is known to hold, value by value, finds exactly those edits — so an edit made while
 * the session trains changes that one value, never the values training has moved since, and
 * weights arriving from the session do not undo an edit it has not seen.
 */
import type { WeightTensor } from '../../../engine/index.js';
import type { WeightEdit } from '../../../session/protocol.js';
import type { BlockNode, DocumentMeta } from '../editor/model.js';
import { blockWeights } from '../editor/weights.js';

export type { WeightEdit };

type Tensors = Record<string, { data: ArrayLike<number> }>;

export class WeightSync {
  /** Per block: the weights the session holds, as far as we know. */
  private session = new Map<string, Tensors>();
  /** Per block: the document's weights object when last compared (unchanged object: nothing to compare). */
  private seen = new Map<string, unknown>();
  /** Edits sent since the session was built, in order (the session takes them in this order). */
  private inFlight: WeightEdit[][] = [];
  private sentCount = 0;

  /**
   * A session was built from these nodes (or, `newSession` false, reset to them): it holds their
   * stored weights, or the ones drawn from the seed.
   */
  built(nodes: readonly BlockNode[], params: Record<string, unknown>, meta: DocumentMeta, newSession = true): void {
    this.session.clear();
    this.seen.clear();
    this.inFlight = [];
    if (newSession) this.sentCount = 0;
    for (const n of nodes) {
      const w = blockWeights(n, params[n.id], meta);
      if (w) this.session.set(n.id, w.tensors);
      this.seen.set(n.id, n.data.weights);
    }
  }

  /**
   * The session reports its weights, posted after it had taken `applied` of the edits sent: from
   * now on those, with the edits it had not taken yet on top (it takes them next), are what it
   * holds. Returns those edits, which the document keeps over the reported values.
   */
  received(weights: Record<string, Record<string, WeightTensor> | undefined>, applied = this.sentCount): WeightEdit[] {
    for (const [id, tensors] of Object.entries(weights)) if (tensors) this.session.set(id, tensors);
    const unapplied = this.inFlight.slice(this.inFlight.length - Math.max(0, this.sentCount - applied));
    this.inFlight = unapplied;
    const edits = unapplied.flat();
    this.apply(edits);
    return edits;
  }

  /** The session was told of these edits (a setWeights message). */
  sent(edits: readonly WeightEdit[]): void {
    this.inFlight.push([...edits]);
    this.sentCount++;
    this.apply(edits);
  }

  private apply(edits: readonly WeightEdit[]): void {
    for (const e of edits) {
      const tensors = this.session.get(e.nodeId);
      const t = tensors?.[e.name];
      if (!tensors || !t) continue;
      const data = Array.from(t.data);
      for (const c of e.changes) data[c.index] = c.value;
      this.session.set(e.nodeId, { ...tensors, [e.name]: { data } });
    }
  }

  /**
   * The document's values that differ from the session's, for blocks whose weights changed in
   * the document since the last look (`all`: every block, e.g. before the session's weights
   * replace the document's). A block without stored weights has those drawn from the seed (an
   * undone first edit goes back to them).
   */
  pending(nodes: readonly BlockNode[], params: Record<string, unknown>, meta: DocumentMeta, all = false): WeightEdit[] {
    const edits: WeightEdit[] = [];
    for (const n of nodes) {
      if (!all && this.seen.get(n.id) === n.data.weights) continue;
      this.seen.set(n.id, n.data.weights);
      const held = this.session.get(n.id);
      const weights = held && blockWeights(n, params[n.id], meta)?.tensors;
      if (!weights || !held) continue;
      for (const [name, t] of Object.entries(weights)) {
        const h = held[name]?.data;
        if (!h || h.length !== t.data.length) continue;
        const changes: WeightEdit['changes'] = [];
        // The session holds float32: a value it holds rounded is no edit.
        for (let i = 0; i < t.data.length; i++)
          if (t.data[i] !== h[i] && Math.fround(t.data[i]) !== h[i]) changes.push({ index: i, value: t.data[i] });
        if (changes.length) edits.push({ nodeId: n.id, name, changes });
      }
    }
    return edits;
  }
}

/** `weights` with `edits` applied on top (the user's edits win over what the session sends). */
export function withEdits(
  weights: Record<string, Record<string, WeightTensor>>,
  edits: readonly WeightEdit[],
): Record<string, Record<string, WeightTensor>> {
  const result = { ...weights };
  for (const e of edits) {
    const t = result[e.nodeId]?.[e.name];
    if (!t) continue;
    const data = [...t.data];
    for (const c of e.changes) data[c.index] = c.value;
    result[e.nodeId] = { ...result[e.nodeId], [e.name]: { shape: t.shape, data } };
  }
  return result;
}

/**
 * The session's weights, except that a tensor it did not change (a frozen block's, one no step
 * has reached) keeps the document's values: the session holds them in float32, and a weight
 * typed as 0.1 must not come back as 0.10000000149 — frozen weights stay byte-identical.
 */
export function unchangedExact(
  received: Record<string, Record<string, WeightTensor>>,
  shown: Record<string, Record<string, WeightTensor> | undefined>,
): Record<string, Record<string, WeightTensor>> {
  const result: Record<string, Record<string, WeightTensor>> = {};
  for (const [id, tensors] of Object.entries(received)) {
    const before = shown[id];
    result[id] = Object.fromEntries(
      Object.entries(tensors).map(([name, t]) => {
        const b = before?.[name]?.data;
        const same = !!b && b.length === t.data.length && t.data.every((v, i) => v === b[i] || v === Math.fround(b[i]));
        return [name, same ? { shape: t.shape, data: [...b] } : t];
      }),
    );
  }
  return result;
}
