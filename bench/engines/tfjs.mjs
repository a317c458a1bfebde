/**
 * TensorFlow.js 4.22 (tfjs-core only, no layers API) with a hand-written training loop: variables,
 * `tf.train.sgd(lr).minimize(...)` per mini-batch, batches made into tensors before timing.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '../lib/tfjs-gradients.mjs';
import { initialWeights } from '../lib/workloads.mjs';

const require = createRequire(import.meta.url);

/** Selects the backend: 'wasm' (XNNPACK, SIMD) or 'cpu' (plain JS). */
export async function useBackend(backend) {
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(
      path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm')) + path.sep,
    );
  }
  if (!(await tf.setBackend(backend))) throw new Error(`TensorFlow.js backend ${backend} is not available`);
  await tf.ready();
}

export function prepare(w, data) {
  const inputs = w.sizes[0];
  const classes = w.sizes.at(-1);
  const batches = [];
  for (let start = 0; start < w.samples; start += w.batch) {
    const rows = Math.min(w.batch, w.samples - start);
    const xb = tf.tensor2d(data.x.subarray(start * inputs, (start + rows) * inputs), [rows, inputs]);
    const labels = data.y.subarray(start, start + rows);
    const yb =
      w.output === 'softmax'
        ? tf.cast(tf.oneHot(tf.tensor1d(Int32Array.from(labels), 'int32'), classes), 'float32')
        : tf.tensor2d(labels, [rows, 1]);
    batches.push({ xb, yb, rows });
  }
  const init = initialWeights(w);
  const EPS = 1e-7;
  return {
    start: () => {
      // Our W is [out × in]; TF.js multiplies x·W with W [in × out].
      const layers = init.map((l) => ({
        W: tf.variable(tf.transpose(tf.tensor2d(l.W, [l.outputs, l.inputs]))),
        b: tf.variable(tf.tensor1d(l.b)),
      }));
      return { layers, optimizer: tf.train.sgd(w.lr) };
    },
    run: ({ layers, optimizer }) => {
      const forward = (x) => {
        let h = x;
        layers.forEach((l, i) => {
          h = tf.add(tf.matMul(h, l.W), l.b);
          if (i < layers.length - 1) h = w.hidden === 'relu' ? tf.relu(h) : tf.tanh(h);
        });
        return h;
      };
      const lossOf = (xb, yb) => {
        const z = forward(xb);
        if (w.output === 'softmax') return tf.losses.softmaxCrossEntropy(yb, z);
        const p = tf.clipByValue(tf.sigmoid(z), EPS, 1 - EPS);
        return tf.neg(tf.mean(tf.add(tf.mul(yb, tf.log(p)), tf.mul(tf.sub(1, yb), tf.log(tf.sub(1, p))))));
      };
      const losses = [];
      for (let e = 0; e < w.epochs; e++) {
        let sum = 0;
        for (const { xb, yb, rows } of batches) {
          const cost = optimizer.minimize(() => lossOf(xb, yb), true);
          sum += cost.dataSync()[0] * rows;
          cost.dispose();
        }
        losses.push(sum / w.samples);
      }
      return losses;
    },
    stop: ({ layers, optimizer }) => {
      for (const l of layers) {
        l.W.dispose();
        l.b.dispose();
      }
      optimizer.dispose();
    },
  };
}
