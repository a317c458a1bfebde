// The renderer as a plain web app (`npm run web`, and what the end-to-end tests drive).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { WEB_SECURITY_HEADERS } from './src/main/security.js';

export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: { outDir: '../../out/web', emptyOutDir: true },
  // The page's <meta> policy cannot forbid framing; the served build sends the whole policy as
  // headers. The dev server only refuses framing: hot reload needs more than the built app.
  preview: { host: '127.0.0.1', port: 4173, strictPort: false, headers: WEB_SECURITY_HEADERS },
  server: {
    host: '127.0.0.1',
    headers: { 'Content-Security-Policy': "frame-ancestors 'none'", 'X-Frame-Options': 'DENY' },
  },
});
