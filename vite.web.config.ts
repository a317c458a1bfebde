// The renderer as a plain web app (`npm run web`, and what the end-to-end tests drive).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: { outDir: '../../out/web', emptyOutDir: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: false },
  server: { host: '127.0.0.1' },
});
