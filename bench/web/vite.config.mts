// The worker benchmark page (bench/worker.mjs builds and serves it).
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'bench/web',
  base: './',
  logLevel: 'warn',
  worker: { format: 'es' },
  build: { outDir: '../../out/bench-web', emptyOutDir: true },
  preview: { host: '127.0.0.1', port: 0, strictPort: false },
});
