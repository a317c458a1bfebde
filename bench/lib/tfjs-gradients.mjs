/**
 * Registers TensorFlow.js's gradients. tfjs-core's Node bundle leaves them out (the umbrella
 * `@tensorflow/tfjs` package registers them from tfjs-core's ES module files), and those files
 * import without file extensions, which Node's ESM resolver refuses; a resolve hook adds '.js'.
 * Registries, the engine and the Tensor class check are global in TensorFlow.js, so the
 * gradients registered from the ES module files serve the Node bundle the backends use.
 */
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    const fixable = error?.code === 'ERR_MODULE_NOT_FOUND' || error?.code === 'ERR_UNSUPPORTED_DIR_IMPORT';
    if (!fixable || !specifier.startsWith('.') || !context.parentURL?.includes('/@tensorflow/tfjs-core/dist/')) throw error;
    try {
      return await next(specifier + '.js', context);
    } catch {
      return next(specifier + '/index.js', context);
    }
  }
}`),
);
await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
