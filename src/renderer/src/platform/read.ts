/** Reading a File the user picked or dropped, under the same size limit as every other way in. */
import { MAX_DOCUMENT_BYTES } from '../../../engine/limits.js';
import { proseNumber, t } from '../i18n.js';
import type { OpenedDocument } from './platform.js';

/** A picked or dropped file's contents (bytes for ONNX models, else text), with no path. */
export async function readFile(file: File): Promise<OpenedDocument> {
  if (file.size > MAX_DOCUMENT_BYTES)
    throw new Error(
      t('fileRead.tooLarge', {
        name: file.name,
        size: proseNumber((file.size / 2 ** 20).toFixed(1)),
        max: proseNumber(MAX_DOCUMENT_BYTES / 2 ** 20),
      }),
    );
  return /\.onnx$/i.test(file.name)
    ? { name: file.name, path: null, text: '', bytes: new Uint8Array(await file.arrayBuffer()) }
    : { name: file.name, path: null, text: await file.text() };
}
