/** Running and exchanging trained graphs outside the editor: ONNX export and import, PyTorch code. */
export * from './onnx-export.js';
export * from './onnx-import.js';
export * from './pytorch.js';
export * from './signature.js';
