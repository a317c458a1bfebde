/**
 * The ONNX messages Backprop Studio reads and writes, as plain objects, and their encoding.
 * Field numbers are those of onnx/onnx.proto (IR version 8, ONNX 1.10+); fields this app never
 * needs (training info, functions, sparse tensors, quantisation annotations) are skipped when
 * reading and never written.
 *
 * Tensors are held as float64 arrays whatever their stored type; FLOAT tensors are written as
 * `raw_data`, little-endian, as ONNX prescribes.
 */
import {
  decodeString,
  float32LittleEndian,
  ProtobufError,
  ProtobufLimitError,
  ProtoWriter,
  ReadBudget,
  readBytes,
  readDoubles,
  readFields,
  readFloat,
  readFloats,
  readInt,
  readInts,
  readRepeatedBytes,
  readString,
  type ProtoField,
} from './protobuf.js';
import { formatCount, MAX_BLOCKS, MAX_PARAMETERS } from '../limits.js';

/** TensorProto.DataType values this app meets. */
export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  DOUBLE: 11,
} as const;

const dataTypeNames: Record<number, string> = {
  1: 'float',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'double',
  12: 'uint32',
  13: 'uint64',
  14: 'complex64',
  15: 'complex128',
  16: 'bfloat16',
  17: 'float8 (e4m3fn)',
  18: 'float8 (e4m3fnuz)',
  19: 'float8 (e5m2)',
  20: 'float8 (e5m2fnuz)',
  21: 'uint4',
  22: 'int4',
  23: 'float4 (e2m1)',
  24: 'float8 (e8m0)',
  25: 'uint2',
  26: 'int2',
};

/** The name of a TensorProto.DataType, as ONNX spells it in lower case; a type newer than ONNX 1.20 by its number. */
export const dataTypeName = (t: number): string =>
  dataTypeNames[t] ?? (t === 0 ? 'undefined-type' : `data type ${t} (newer than this app knows)`);

/** AttributeProto.AttributeType values. */
export const AttributeType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  GRAPH: 5,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
} as const;

export interface OnnxTensor {
  name: string;
  dims: number[];
  dataType: number;
  /** The values, whatever the stored type (integers and booleans as numbers). */
  values: Float64Array;
  docString?: string;
}

export interface OnnxAttribute {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: string;
  t?: OnnxTensor;
  floats?: number[];
  ints?: number[];
  strings?: string[];
}

export interface OnnxNode {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: OnnxAttribute[];
  docString?: string;
}

/** A dimension: a fixed size, or a named symbolic one (`batch`), or unknown. */
export type OnnxDim = { value: number } | { param: string } | Record<string, never>;

/** The kind of value a TypeProto describes (its `value` oneof). */
export type OnnxValueKind = 'tensor' | 'sequence' | 'map' | 'optional' | 'sparse' | 'unknown';

export interface OnnxValueInfo {
  name: string;
  /** What kind of value it is; undefined when the file gives no type. */
  kind?: OnnxValueKind;
  /** Element type of a tensor value; undefined for non-tensor types. */
  elemType?: number;
  /** Undefined when the rank is unknown. */
  shape?: OnnxDim[];
  docString?: string;
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxTensor[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  docString?: string;
}

export interface OnnxOpset {
  domain: string;
  version: number;
}

export interface OnnxModel {
  irVersion: number;
  opsets: OnnxOpset[];
  producerName: string;
  producerVersion: string;
  domain: string;
  modelVersion: number;
  docString: string;
  graph: OnnxGraph;
  metadata: Record<string, string>;
}

// ---- encoding ---------------------------------------------------------------------------------

function writeTensor(w: ProtoWriter, t: OnnxTensor): void {
  w.packedInts(1, t.dims);
  w.int(2, t.dataType);
  if (t.name) w.string(8, t.name);
  if (t.docString) w.string(12, t.docString);
  if (t.dataType === DataType.FLOAT) w.bytes(9, float32LittleEndian(t.values));
  else if (t.dataType === DataType.INT64) w.packedInts(7, Array.from(t.values));
  else if (t.dataType === DataType.DOUBLE) {
    const bytes = new Uint8Array(t.values.length * 8);
    const view = new DataView(bytes.buffer);
    t.values.forEach((v, i) => view.setFloat64(i * 8, v, true));
    w.bytes(9, bytes);
  } else throw new Error(`writing ${dataTypeName(t.dataType)} tensors is not supported`);
}

function writeAttribute(w: ProtoWriter, a: OnnxAttribute): void {
  w.string(1, a.name);
  w.int(20, a.type);
  switch (a.type) {
    case AttributeType.FLOAT:
      w.float(2, a.f ?? 0);
      break;
    case AttributeType.INT:
      w.int(3, a.i ?? 0);
      break;
    case AttributeType.STRING:
      w.string(4, a.s ?? '');
      break;
    case AttributeType.TENSOR:
      w.message(5, (m) => writeTensor(m, a.t!));
      break;
    case AttributeType.FLOATS:
      w.packedFloats(7, a.floats ?? []);
      break;
    case AttributeType.INTS:
      w.packedInts(8, a.ints ?? []);
      break;
    default:
      throw new Error(`writing attributes of type ${a.type} is not supported`);
  }
}

function writeValueInfo(w: ProtoWriter, v: OnnxValueInfo): void {
  w.string(1, v.name);
  const otherKinds: Partial<Record<OnnxValueKind, number>> = { sequence: 4, map: 5, sparse: 8, optional: 9 };
  const other = v.kind && otherKinds[v.kind];
  if (other) {
    // Other kinds are written with their kind only (no element types): the exporter writes tensors.
    w.message(2, (type) => type.message(other, () => undefined));
  } else if (v.elemType !== undefined) {
    w.message(2, (type) =>
      type.message(1, (tensor) => {
        tensor.int(1, v.elemType!);
        if (v.shape) {
          tensor.message(2, (shape) => {
            for (const d of v.shape!) {
              shape.message(1, (dim) => {
                if ('value' in d) dim.int(1, d.value);
                else if ('param' in d) dim.string(2, d.param);
              });
            }
          });
        }
      }),
    );
  }
  if (v.docString) w.string(3, v.docString);
}

function writeNode(w: ProtoWriter, n: OnnxNode): void {
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  if (n.name) w.string(3, n.name);
  w.string(4, n.opType);
  for (const a of n.attributes) w.message(5, (m) => writeAttribute(m, a));
  if (n.docString) w.string(6, n.docString);
  if (n.domain) w.string(7, n.domain);
}

function writeGraph(w: ProtoWriter, g: OnnxGraph): void {
  for (const n of g.nodes) w.message(1, (m) => writeNode(m, n));
  w.string(2, g.name);
  for (const t of g.initializers) w.message(5, (m) => writeTensor(m, t));
  if (g.docString) w.string(10, g.docString);
  for (const v of g.inputs) w.message(11, (m) => writeValueInfo(m, v));
  for (const v of g.outputs) w.message(12, (m) => writeValueInfo(m, v));
}

/** The bytes of an `.onnx` file. */
export function encodeModel(model: OnnxModel): Uint8Array {
  const w = new ProtoWriter();
  w.int(1, model.irVersion);
  if (model.producerName) w.string(2, model.producerName);
  if (model.producerVersion) w.string(3, model.producerVersion);
  if (model.domain) w.string(4, model.domain);
  if (model.modelVersion) w.int(5, model.modelVersion);
  if (model.docString) w.string(6, model.docString);
  w.message(7, (m) => writeGraph(m, model.graph));
  for (const o of model.opsets) {
    w.message(8, (m) => {
      if (o.domain) m.string(1, o.domain);
      m.int(2, o.version);
    });
  }
  for (const [key, value] of Object.entries(model.metadata)) w.message(14, (m) => m.string(1, key).string(2, value));
  return w.finish();
}

// ---- decoding ---------------------------------------------------------------------------------

/**
 * What one decode may read (ReadBudget): protobuf fields, about a hundred per block of the largest
 * graph (a node with its inputs, outputs and attributes, its weights and value infos), and stored
 * numbers (tensor values and packed lists), twice the trainable values of the largest graph, so
 * that weights, normalisation statistics and shape constants fit. A file beyond them could only
 * become a graph the limits refuse, so it is refused before its fields are allocated.
 */
export const MAX_ONNX_FIELDS = 100 * MAX_BLOCKS;
export const MAX_ONNX_VALUES = 2 * MAX_PARAMETERS;

const onnxBudget = (): ReadBudget =>
  new ReadBudget(MAX_ONNX_FIELDS, MAX_ONNX_VALUES, (what, limit) =>
    what === 'fields'
      ? `the model has more than ${formatCount(limit)} protobuf fields, more than a graph of ${formatCount(MAX_BLOCKS)} blocks (the most a graph may have) needs`
      : `the model stores more than ${formatCount(limit)} numbers (weights, constants and lists); a graph holds at most ${formatCount(MAX_PARAMETERS)} trainable values`,
  );

const messages = (fields: readonly ProtoField[], field: number, b: ReadBudget): ProtoField[][] =>
  readRepeatedBytes(fields, field).map((m) => readFields(m, b));

/** Tensors have at most this many dimensions (ONNX's own checker allows any; no block needs more than 2). */
const MAX_RANK = 32;

function readTensor(f: ProtoField[], b: ReadBudget): OnnxTensor {
  const name = readString(f, 8);
  const dims = readInts(f, 1, b);
  const dataType = readInt(f, 2);
  const what = `tensor '${name}'`;
  if (readInt(f, 14) === 1) {
    throw new ProtobufError(
      `${what} keeps its values in an external file (ONNX external data); save the model with its weights embedded`,
    );
  }
  if (dims.length > MAX_RANK) throw new ProtobufError(`${what} has ${dims.length} dimensions`);
  const bad = dims.find((d) => !Number.isSafeInteger(d) || d < 0);
  if (bad !== undefined)
    throw new ProtobufError(`${what} has a dimension of ${bad}; dimensions are counts (0 or more)`);
  // Counted before anything of that size is allocated; a product past the limit stops growing.
  let count = 1;
  for (const d of dims) count = Math.min(count * d, MAX_PARAMETERS + 1);
  if (count > MAX_PARAMETERS) {
    throw new ProtobufLimitError(
      `${what} has shape [${dims.join(', ')}], more than ${formatCount(MAX_PARAMETERS)} values; a graph holds at most ${formatCount(MAX_PARAMETERS)} trainable values`,
    );
  }
  const raw = readBytes(f, 9);
  let values: Float64Array;
  if (raw !== undefined) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const width: Record<number, number> = { 1: 4, 2: 1, 3: 1, 6: 4, 7: 8, 9: 1, 11: 8 };
    const size = width[dataType];
    if (size === undefined)
      throw new ProtobufError(`${what} has values of type ${dataTypeName(dataType)}, which this app does not read`);
    if (raw.byteLength !== count * size)
      throw new ProtobufError(
        `${what} of shape [${dims.join(', ')}] needs ${count * size} bytes of ${dataTypeName(dataType)}, has ${raw.byteLength}`,
      );
    b.values(count);
    values = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const o = i * size;
      values[i] =
        dataType === DataType.FLOAT
          ? view.getFloat32(o, true)
          : dataType === DataType.DOUBLE
            ? view.getFloat64(o, true)
            : dataType === DataType.INT64
              ? Number(view.getBigInt64(o, true))
              : dataType === DataType.INT32
                ? view.getInt32(o, true)
                : dataType === DataType.INT8
                  ? view.getInt8(o)
                  : view.getUint8(o);
    }
  } else {
    const list =
      dataType === DataType.FLOAT
        ? readFloats(f, 4, b)
        : dataType === DataType.DOUBLE
          ? readDoubles(f, 10, b)
          : dataType === DataType.INT64
            ? readInts(f, 7, b)
            : [DataType.INT32, DataType.INT8, DataType.UINT8, DataType.BOOL].includes(dataType as 6)
              ? readInts(f, 5, b)
              : null;
    if (list === null)
      throw new ProtobufError(`${what} has values of type ${dataTypeName(dataType)}, which this app does not read`);
    if (list.length !== count)
      throw new ProtobufError(`${what} of shape [${dims.join(', ')}] needs ${count} values, has ${list.length}`);
    values = Float64Array.from(list);
  }
  const docString = readString(f, 12);
  return { name, dims, dataType, values, ...(docString ? { docString } : {}) };
}

function readAttribute(f: ProtoField[], b: ReadBudget): OnnxAttribute {
  const a: OnnxAttribute = { name: readString(f, 1), type: readInt(f, 20) };
  if (f.some((x) => x.field === 2)) a.f = readFloat(f, 2);
  if (f.some((x) => x.field === 3)) a.i = readInt(f, 3);
  const s = readBytes(f, 4);
  if (s !== undefined) a.s = decodeString(s);
  const t = readBytes(f, 5);
  if (t !== undefined) a.t = readTensor(readFields(t, b), b);
  if (f.some((x) => x.field === 7)) a.floats = readFloats(f, 7, b);
  if (f.some((x) => x.field === 8)) a.ints = readInts(f, 8, b);
  if (f.some((x) => x.field === 9)) a.strings = readRepeatedBytes(f, 9).map(decodeString);
  // Files from before IR version 3 leave out the type; infer it from the field that is set.
  if (a.type === 0) {
    a.type =
      a.f !== undefined
        ? AttributeType.FLOAT
        : a.i !== undefined
          ? AttributeType.INT
          : a.s !== undefined
            ? AttributeType.STRING
            : a.t !== undefined
              ? AttributeType.TENSOR
              : a.floats
                ? AttributeType.FLOATS
                : a.ints
                  ? AttributeType.INTS
                  : a.strings
                    ? AttributeType.STRINGS
                    : 0;
  }
  return a;
}

function readValueInfo(f: ProtoField[], b: ReadBudget): OnnxValueInfo {
  const info: OnnxValueInfo = { name: readString(f, 1) };
  const type = readBytes(f, 2);
  if (type !== undefined) {
    const typeFields = readFields(type, b);
    const tensor = readBytes(typeFields, 1);
    // TypeProto's value oneof: tensor_type 1, sequence_type 4, map_type 5, sparse_tensor_type 8, optional_type 9.
    const kinds: Record<number, OnnxValueKind> = { 1: 'tensor', 4: 'sequence', 5: 'map', 8: 'sparse', 9: 'optional' };
    const set = typeFields.filter((x) => x.field in kinds);
    info.kind = set.length > 0 ? kinds[set[set.length - 1].field] : typeFields.length > 0 ? 'unknown' : undefined;
    if (tensor !== undefined && info.kind === 'tensor') {
      const tf = readFields(tensor, b);
      info.elemType = readInt(tf, 1);
      const shape = readBytes(tf, 2);
      if (shape !== undefined) {
        info.shape = messages(readFields(shape, b), 1, b).map((d): OnnxDim => {
          if (d.some((x) => x.field === 1)) return { value: readInt(d, 1) };
          const param = readString(d, 2);
          return param ? { param } : {};
        });
      }
    }
  }
  const doc = readString(f, 3);
  if (doc) info.docString = doc;
  return info;
}

function readNode(f: ProtoField[], b: ReadBudget): OnnxNode {
  const doc = readString(f, 6);
  return {
    inputs: readRepeatedBytes(f, 1).map(decodeString),
    outputs: readRepeatedBytes(f, 2).map(decodeString),
    name: readString(f, 3),
    opType: readString(f, 4),
    domain: readString(f, 7),
    attributes: messages(f, 5, b).map((a) => readAttribute(a, b)),
    ...(doc ? { docString: doc } : {}),
  };
}

function readGraph(f: ProtoField[], b: ReadBudget): OnnxGraph {
  const doc = readString(f, 10);
  return {
    nodes: messages(f, 1, b).map((n) => readNode(n, b)),
    name: readString(f, 2),
    initializers: messages(f, 5, b).map((t) => readTensor(t, b)),
    inputs: messages(f, 11, b).map((v) => readValueInfo(v, b)),
    outputs: messages(f, 12, b).map((v) => readValueInfo(v, b)),
    ...(doc ? { docString: doc } : {}),
  };
}

/**
 * Reads an `.onnx` file. Throws ProtobufError when the bytes are not a model this app can read,
 * ProtobufLimitError when reading them would pass MAX_ONNX_FIELDS, MAX_ONNX_VALUES or a tensor
 * larger than MAX_PARAMETERS (checked before allocating).
 */
export function decodeModel(bytes: Uint8Array): OnnxModel {
  const b = onnxBudget();
  const f = readFields(bytes, b);
  const graph = readBytes(f, 7);
  const irVersion = readInt(f, 1);
  if (graph === undefined || irVersion <= 0)
    throw new ProtobufError('the file holds no ONNX model (no IR version or no graph)');
  const metadata: Record<string, string> = Object.create(null);
  for (const entry of messages(f, 14, b)) metadata[readString(entry, 1)] = readString(entry, 2);
  return {
    irVersion,
    producerName: readString(f, 2),
    producerVersion: readString(f, 3),
    domain: readString(f, 4),
    modelVersion: readInt(f, 5),
    docString: readString(f, 6),
    graph: readGraph(readFields(graph, b), b),
    opsets: messages(f, 8, b).map((o) => ({ domain: readString(o, 1), version: readInt(o, 2) })),
    metadata,
  };
}

/** An attribute's value by name, or undefined. */
export function attribute(node: OnnxNode, name: string): OnnxAttribute | undefined {
  return node.attributes.find((a) => a.name === name);
}
