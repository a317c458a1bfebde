/**
 * The Protocol Buffers wire format, as much of it as ONNX files need: a writer for messages
 * (varints, length-delimited fields, little-endian fixed32/fixed64) and a reader that splits a
 * message into its fields. Field meanings live in onnx-proto.ts; nothing here knows ONNX.
 *
 * Wire types: 0 varint, 1 fixed64, 2 length-delimited (bytes, strings, sub-messages, packed
 * repeated scalars), 5 fixed32. Groups (3, 4) are obsolete and refused.
 */

/** UTF-8 by hand: the engine targets plain ES2022, where TextEncoder is not part of the language. */
export function encodeUtf8(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    let c = ch.codePointAt(0)!;
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/** Decodes UTF-8; throws ProtobufError on malformed bytes. */
export function decodeUtf8(bytes: Uint8Array): string {
  let s = '';
  const bad = () => new ProtobufError('a string field is not valid UTF-8');
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i++];
    let c: number;
    let extra: number;
    if (b < 0x80) {
      s += String.fromCharCode(b);
      continue;
    } else if (b >= 0xc2 && b < 0xe0) [c, extra] = [b & 31, 1];
    else if (b >= 0xe0 && b < 0xf0) [c, extra] = [b & 15, 2];
    else if (b >= 0xf0 && b < 0xf5) [c, extra] = [b & 7, 3];
    else throw bad();
    if (i + extra > bytes.length) throw bad();
    for (let k = 0; k < extra; k++) {
      const next = bytes[i++];
      if ((next & 0xc0) !== 0x80) throw bad();
      c = (c << 6) | (next & 63);
    }
    if ((extra === 2 && c < 0x800) || (extra === 3 && (c < 0x10000 || c > 0x10ffff)) || (c >= 0xd800 && c <= 0xdfff))
      throw bad();
    s += String.fromCodePoint(c);
  }
  return s;
}

/** Thrown when bytes are not a well-formed message (truncated, a bad wire type, bad UTF-8). */
export class ProtobufError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtobufError';
  }
}

/** Builds one message; nested messages are written by a writer of their own and added as bytes. */
export class ProtoWriter {
  private buffer = new Uint8Array(256);
  private length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }

  private byte(b: number): void {
    this.reserve(1);
    this.buffer[this.length++] = b;
  }

  /** An unsigned varint; negative numbers are written as 64-bit two's complement (10 bytes), as int64 requires. */
  private varint(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    if (v < 0x80n) {
      this.byte(Number(v));
      return;
    }
    while (v >= 0x80n) {
      this.byte(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.byte(Number(v));
  }

  private key(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  private raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** An int32/int64/enum/bool field (wire type 0). */
  int(field: number, value: number | bigint | boolean): this {
    this.key(field, 0);
    this.varint(typeof value === 'boolean' ? Number(value) : value);
    return this;
  }

  /** A float field (wire type 5, IEEE single precision, little-endian). */
  float(field: number, value: number): this {
    this.key(field, 5);
    this.reserve(4);
    new DataView(this.buffer.buffer, this.buffer.byteOffset + this.length, 4).setFloat32(0, value, true);
    this.length += 4;
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.key(field, 2);
    this.varint(value.length);
    this.raw(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, encodeUtf8(value));
  }

  /** A nested message, written by `write` into a writer of its own. */
  message(field: number, write: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    write(inner);
    return this.bytes(field, inner.finish());
  }

  /** A packed repeated int64/int32 field. */
  packedInts(field: number, values: readonly (number | bigint)[]): this {
    if (values.length === 0) return this;
    const inner = new ProtoWriter();
    for (const v of values) inner.varint(v);
    return this.bytes(field, inner.finish());
  }

  /** A packed repeated float field. */
  packedFloats(field: number, values: ArrayLike<number>): this {
    if (values.length === 0) return this;
    return this.bytes(field, float32LittleEndian(values));
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

/** Values as IEEE single-precision floats, little-endian (ONNX's raw_data layout for FLOAT). */
export function float32LittleEndian(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  return out;
}

/**
 * One field as read: its number, wire type and value — a number for varints (as a signed 64-bit
 * integer, exact up to 2^53), the float for fixed32 and the double for fixed64 (the only fixed-width
 * types ONNX uses), the bytes for wire type 2. Numbers rather than bigints and views keep a field
 * small, so that the budget below bounds the memory a message of many fields takes.
 */
export type ProtoField =
  | { field: number; wireType: 0 | 1 | 5; value: number }
  | { field: number; wireType: 2; value: Uint8Array };

/** Thrown when reading would take more fields or values than the reader's budget allows. */
export class ProtobufLimitError extends ProtobufError {
  constructor(message: string) {
    super(message);
    this.name = 'ProtobufLimitError';
  }
}

/**
 * How many fields and how many values of packed lists one decode may read in all, spent before
 * anything of that size is allocated. `tooMany` words the refusal for the format being read.
 */
export class ReadBudget {
  private fieldsLeft: number;
  private valuesLeft: number;

  constructor(
    readonly maxFields: number,
    readonly maxValues: number,
    private readonly tooMany: (what: 'fields' | 'values', limit: number) => string,
  ) {
    this.fieldsLeft = maxFields;
    this.valuesLeft = maxValues;
  }

  fields(n: number): void {
    this.fieldsLeft -= n;
    if (this.fieldsLeft < 0) throw new ProtobufLimitError(this.tooMany('fields', this.maxFields));
  }

  values(n: number): void {
    this.valuesLeft -= n;
    if (this.valuesLeft < 0) throw new ProtobufLimitError(this.tooMany('values', this.maxValues));
  }
}

/** A budget without limits, for messages this app wrote itself. */
export const unlimited = (): ReadBudget => new ReadBudget(Infinity, Infinity, () => '');

/**
 * Reads the fields of one message, in order. Throws ProtobufError on malformed input, and
 * ProtobufLimitError, before allocating any of them, when they are more than the budget has left.
 */
export function readFields(bytes: Uint8Array, budget: ReadBudget = unlimited()): ProtoField[] {
  budget.fields(scanFields(bytes));
  const fields: ProtoField[] = [];
  scanFields(bytes, fields);
  return fields;
}

/** Walks the fields of a message, appending them to `out` when given; returns how many there are. */
function scanFields(bytes: Uint8Array, out?: ProtoField[]): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  let count = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= bytes.length) throw new ProtobufError('truncated varint');
      const b = bytes[pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw new ProtobufError('varint longer than 10 bytes');
    }
  };
  const skip = (n: number): number => {
    if (n < 0 || pos + n > bytes.length)
      throw new ProtobufError(`field runs past the end of its message (needs ${n} bytes, ${bytes.length - pos} left)`);
    const at = pos;
    pos += n;
    return at;
  };
  while (pos < bytes.length) {
    count++;
    const key = varint();
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (field === 0) throw new ProtobufError('field number 0');
    switch (wireType) {
      case 0: {
        const value = varint();
        out?.push({ field, wireType, value: toInt64(value) });
        break;
      }
      case 1: {
        const at = skip(8);
        out?.push({ field, wireType, value: view.getFloat64(at, true) });
        break;
      }
      case 2: {
        const n = varint();
        if (n > BigInt(bytes.length)) throw new ProtobufError(`length ${n} is longer than the message`);
        const at = skip(Number(n));
        out?.push({ field, wireType, value: bytes.subarray(at, pos) });
        break;
      }
      case 5: {
        const at = skip(4);
        out?.push({ field, wireType, value: view.getFloat32(at, true) });
        break;
      }
      default:
        throw new ProtobufError(`unsupported wire type ${wireType} (field ${field})`);
    }
  }
  return count;
}

/** A signed 64-bit integer from a varint, as a number (exact up to 2^53). */
export const toInt64 = (v: bigint): number => Number(BigInt.asIntN(64, v));

export const decodeString = decodeUtf8;

/** Every value of a repeated integer field, packed (wire type 2) or not; packed values are spent from `budget`. */
export function readInts(fields: readonly ProtoField[], field: number, budget: ReadBudget = unlimited()): number[] {
  const out: number[] = [];
  for (const f of fields) {
    if (f.field !== field) continue;
    if (f.wireType === 0) out.push(f.value);
    else if (f.wireType === 2) readPackedVarints(f.value, budget, out);
    else throw new ProtobufError(`field ${field}: expected integers, got wire type ${f.wireType}`);
  }
  return out;
}

/** Appends the varints of a packed field to `out`, after spending their count (one per final byte). */
function readPackedVarints(bytes: Uint8Array, budget: ReadBudget, out: number[]): void {
  let count = 0;
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] & 0x80) === 0) count++;
  budget.values(count);
  let pos = 0;
  while (pos < bytes.length) {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= bytes.length) throw new ProtobufError('truncated packed varint');
      const b = bytes[pos++];
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) break;
      shift += 7n;
      if (shift > 63n) throw new ProtobufError('varint longer than 10 bytes');
    }
    out.push(toInt64(result));
  }
}

/** Every value of a repeated fixed-width field (float: 4 bytes, double: 8), packed or not. */
function readFixed(
  fields: readonly ProtoField[],
  field: number,
  width: 4 | 8,
  budget: ReadBudget,
  what: string,
): number[] {
  const wireType = width === 4 ? 5 : 1;
  const out: number[] = [];
  for (const f of fields) {
    if (f.field !== field) continue;
    if (f.wireType === wireType) out.push(f.value);
    else if (f.wireType === 2) {
      if (f.value.length % width !== 0)
        throw new ProtobufError(`field ${field}: packed ${what} of ${f.value.length} bytes`);
      budget.values(f.value.length / width);
      const view = new DataView(f.value.buffer, f.value.byteOffset, f.value.length);
      for (let i = 0; i < f.value.length; i += width)
        out.push(width === 4 ? view.getFloat32(i, true) : view.getFloat64(i, true));
    } else throw new ProtobufError(`field ${field}: expected ${what}, got wire type ${f.wireType}`);
  }
  return out;
}

/** Every value of a repeated float (fixed32) field, packed or not. */
export const readFloats = (fields: readonly ProtoField[], field: number, budget: ReadBudget = unlimited()): number[] =>
  readFixed(fields, field, 4, budget, 'floats');

/** Every value of a repeated double (fixed64) field, packed or not. */
export const readDoubles = (fields: readonly ProtoField[], field: number, budget: ReadBudget = unlimited()): number[] =>
  readFixed(fields, field, 8, budget, 'doubles');

/** The last value of a singular field (protobuf's rule when a field appears twice). */
export function lastField(fields: readonly ProtoField[], field: number): ProtoField | undefined {
  for (let i = fields.length - 1; i >= 0; i--) if (fields[i].field === field) return fields[i];
  return undefined;
}

export function readInt(fields: readonly ProtoField[], field: number, fallback = 0): number {
  const f = lastField(fields, field);
  if (!f) return fallback;
  if (f.wireType !== 0) throw new ProtobufError(`field ${field}: expected an integer, got wire type ${f.wireType}`);
  return f.value;
}

export function readFloat(fields: readonly ProtoField[], field: number, fallback = 0): number {
  const f = lastField(fields, field);
  if (!f) return fallback;
  if (f.wireType !== 5) throw new ProtobufError(`field ${field}: expected a float, got wire type ${f.wireType}`);
  return f.value;
}

export function readBytes(fields: readonly ProtoField[], field: number): Uint8Array | undefined {
  const f = lastField(fields, field);
  if (!f) return undefined;
  if (f.wireType !== 2) throw new ProtobufError(`field ${field}: expected bytes, got wire type ${f.wireType}`);
  return f.value;
}

export function readString(fields: readonly ProtoField[], field: number, fallback = ''): string {
  const b = readBytes(fields, field);
  return b === undefined ? fallback : decodeString(b);
}

/** Every value of a repeated length-delimited field (strings, bytes, messages). */
export function readRepeatedBytes(fields: readonly ProtoField[], field: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const f of fields) {
    if (f.field !== field) continue;
    if (f.wireType !== 2) throw new ProtobufError(`field ${field}: expected bytes, got wire type ${f.wireType}`);
    out.push(f.value);
  }
  return out;
}
