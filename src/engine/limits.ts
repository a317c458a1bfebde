/**
 * Size limits shared by everything that reads or writes a graph document: the app (open, save,
 * crash backup, import), the CLI, the runtime and the importers. One definition, so that every
 * document one part accepts, every other part accepts too.
 *
 * They are set so that every document that passes validation can be trained, saved, reopened
 * and exported: the largest graph the limits allow, with all of its weights stored, serialises
 * well under MAX_DOCUMENT_BYTES (test/engine/limits.test.ts builds it), and its buffers fit in
 * the memory of an ordinary laptop. Each is checked before anything of that size is allocated.
 */

/** The largest document file (UTF-8 bytes) that is opened, saved, backed up or imported. */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

/** Blocks (nodes) in one graph. */
export const MAX_BLOCKS = 20_000;

/** Edges in one graph. */
export const MAX_EDGES = 100_000;

/** Columns of one block's output (a Linear's `out`, an Input's `size`, a Concat's total). */
export const MAX_COLUMNS = 65_536;

/**
 * Trainable values (weights and biases) in one graph: 4 M, 37× a 784-128-64-10 digits network.
 * Stored as base64 float32 (see serializeDocument) they take about 21 MB of a document.
 */
export const MAX_PARAMETERS = 4_000_000;

/**
 * Nesting of arrays and objects in a document. The format itself nests six levels deep; the rest
 * is room for fields other programs add. Deeper JSON is refused at load, before anything walks it.
 */
export const MAX_JSON_DEPTH = 100;

/**
 * Values in one batch's buffers (every block's output for the batch's rows): 2²⁴, so that the
 * outputs and gradients of a batch take at most a few hundred MB. A larger batch is refused with
 * a message naming the largest batch size that fits.
 */
export const MAX_BATCH_VALUES = 2 ** 24;

/** Columns of all blocks together: 2²⁰, so that a batch of 16 rows always fits MAX_BATCH_VALUES. */
export const MAX_TOTAL_COLUMNS = 2 ** 20;

/**
 * Epochs of training history a trained document keeps. A longer history is thinned when the
 * document is written: the first and last epochs and evenly spaced ones between (the loss chart
 * cannot show more), so that a run of a million epochs still saves.
 */
export const MAX_HISTORY = 10_000;

/** Train runs a document keeps (`runs`): a new one beyond this drops the oldest. */
export const MAX_RUNS = 20;

/** Points of each curve a kept run stores: a longer run is thinned as MAX_HISTORY thins the history. */
export const MAX_RUN_POINTS = 500;

/**
 * Weight values the kept runs store in all: 2 M (about 11 MB as base64 float32), so that a
 * document at MAX_PARAMETERS with its runs still saves under MAX_DOCUMENT_BYTES. Beyond it the
 * oldest runs lose their weights (they stay in the list and the charts, without Restore).
 */
export const MAX_RUN_WEIGHT_VALUES = 2_000_000;

/**
 * Divergence (see Trainer): training stops when a value becomes NaN or infinite, when a weight
 * tensor's norm ‖W‖₂ exceeds DIVERGENCE_WEIGHT_NORM (weights that large cannot be learned in
 * float32: its steps are coarser than any useful update), or when an epoch's mean loss exceeds
 * DIVERGENCE_LOSS_RISE times the loss training started from (the first batch's, before any
 * update). A starting loss below DIVERGENCE_LOSS_FLOOR counts as that floor, so that a run
 * starting near zero loss (trained weights) is not stopped by noise: the loss must then pass
 * DIVERGENCE_LOSS_RISE × DIVERGENCE_LOSS_FLOOR = 1, worse than a constant guess on standardised
 * targets or a coin flip's cross-entropy.
 */
export const DIVERGENCE_WEIGHT_NORM = 1e8;
export const DIVERGENCE_LOSS_RISE = 10;
export const DIVERGENCE_LOSS_FLOOR = 0.1;
/** After a divergence, the weights to go back to are judged on at most this many training rows. */
export const DIVERGENCE_SAMPLE_ROWS = 8192;

/** `n` with its thousands grouped, for messages: 4,000,000. */
export function formatCount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
