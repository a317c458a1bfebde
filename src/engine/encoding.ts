/**
 * How weight values are written in a document: the fewest decimal digits that read back as the
 * same float32, or base64 of their little-endian float32 bytes (see docs/graph-format.md, "Weights").
 * Both are exact for float32 values, which is what training produces.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = (() => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

/** Whether `v` is exactly a float32 value (so float32 formats hold it without loss). */
export const isFloat32 = (v: number): boolean => Math.fround(v) === v || Number.isNaN(v);

/**
 * The shortest decimal text that reads back as `v` when rounded to float32, for `v` exactly a
 * float32 (e.g. 0.1f, stored as 0.10000000149011612, gives "0.1"); JSON's usual text otherwise.
 * More digits never read back worse, so the shortest is found by bisecting the digit count.
 */
export function float32Text(v: number): string {
  if (Object.is(v, -0)) return '-0';
  if (!Number.isFinite(v) || Math.fround(v) !== v || Number.isInteger(v)) return String(v);
  let lo = 1;
  let hi = 9; // 9 significant digits always round-trip a float32
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Math.fround(Number(v.toPrecision(mid))) === v) hi = mid;
    else lo = mid + 1;
  }
  return String(Number(v.toPrecision(lo)));
}

/** Base64 (RFC 4648, padded) of `values` as little-endian float32. */
export function encodeFloat32Base64(values: ArrayLike<number>): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  const chunks: string[] = [];
  const CHUNK = 3 * 4096;
  const codes = new Array<number>(Math.ceil(Math.min(bytes.length, CHUNK) / 3) * 4);
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    let n = 0;
    for (let i = start; i < end; i += 3) {
      const b0 = bytes[i];
      const b1 = i + 1 < end ? bytes[i + 1] : 0;
      const b2 = i + 2 < end ? bytes[i + 2] : 0;
      codes[n++] = ALPHABET.charCodeAt(b0 >> 2);
      codes[n++] = ALPHABET.charCodeAt(((b0 & 3) << 4) | (b1 >> 4));
      codes[n++] = i + 1 < end ? ALPHABET.charCodeAt(((b1 & 15) << 2) | (b2 >> 6)) : 61;
      codes[n++] = i + 2 < end ? ALPHABET.charCodeAt(b2 & 63) : 61;
    }
    // One bounded chunk at a time: never an argument list proportional to the input.
    chunks.push(String.fromCharCode.apply(null, n === codes.length ? codes : codes.slice(0, n)));
  }
  return chunks.join('');
}

export type DecodeResult = { ok: true; values: Float32Array } | { ok: false; message: string };

/** Reads base64 little-endian float32 values; says what is wrong with text that is not that. */
export function decodeFloat32Base64(text: string): DecodeResult {
  if (text.length % 4 !== 0)
    return { ok: false, message: `base64 text must have a multiple of 4 characters, got ${text.length}` };
  let padding = 0;
  if (text.endsWith('==')) padding = 2;
  else if (text.endsWith('=')) padding = 1;
  const byteLength = (text.length / 4) * 3 - padding;
  if (byteLength % 4 !== 0)
    return { ok: false, message: `holds ${byteLength} bytes, which is not a whole number of float32 values` };
  const bytes = new Uint8Array(byteLength + padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let group = 0;
    for (let k = 0; k < 4; k++) {
      const c = text.charCodeAt(i + k);
      const last = i + 4 === text.length;
      if (c === 61 && last && k >= 4 - padding) {
        group <<= 6;
        continue;
      }
      const d = c < 128 ? DECODE[c] : -1;
      if (d < 0) return { ok: false, message: `character ${i + k + 1} (${JSON.stringify(text[i + k])}) is not base64` };
      group = (group << 6) | d;
    }
    bytes[o++] = (group >> 16) & 255;
    bytes[o++] = (group >> 8) & 255;
    bytes[o++] = group & 255;
  }
  const view = new DataView(bytes.buffer);
  const values = new Float32Array(byteLength / 4);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true);
  return { ok: true, values };
}
