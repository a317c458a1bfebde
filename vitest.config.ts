import react from '@vitejs/plugin-react';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

/** Debian's Chromium, started as the project's notes prescribe (no sandbox as root, no network chatter). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'test/engine/**/*.test.ts',
            'test/i18n/**/*.test.ts',
            'test/cli/**/*.test.ts',
            'test/main/**/*.test.ts',
            'test/files/**/*.test.ts',
            'test/export/**/*.test.ts',
            'test/session/**/*.test.ts',
            'test/fuzz/**/*.test.ts',
          ],
          // The CLI tests run the real `backprop` binary, which needs the compiled dist/cli.
          globalSetup: ['test/cli/build-cli.ts'],
          testTimeout: 60_000,
        },
      },
      // The engine's tests again with each kernel implementation forced, so both stay correct:
      // the plain-JavaScript fallback, and WebAssembly SIMD for every product however small.
      ...(['js', 'wasm'] as const).map((kernels) => ({
        test: {
          name: `engine-${kernels}`,
          environment: 'node' as const,
          include: ['test/engine/**/*.test.ts'],
          setupFiles: [`test/setup/kernels-${kernels}.ts`],
          testTimeout: 60_000,
        },
      })),
      {
        plugins: [react()],
        // Pre-bundled up front: discovering them mid-run makes Vite reload the page under test.
        optimizeDeps: {
          include: [
            'react',
            'react-dom',
            'react-dom/client',
            'react/jsx-dev-runtime',
            '@xyflow/react',
            'zustand',
            'zustand/vanilla',
            'zustand/react/shallow',
            'zod',
            'vitest-browser-react',
            'chart.js',
            'elkjs/lib/elk-api.js',
            'fuzzysort',
          ],
        },
        test: {
          name: 'renderer',
          include: ['test/renderer/**/*.test.{ts,tsx}'],
          testTimeout: 60_000,
          // Waits on state end as soon as it holds; the bound is for a machine whose cores are all busy.
          expect: { poll: { timeout: 20_000 } },
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs } }),
            instances: [{ browser: 'chromium' }],
            viewport: { width: 1280, height: 800 },
          },
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          // Generous bounds for a loaded machine (npm run test:stress); every wait is on the app's state.
          testTimeout: 300_000,
          hookTimeout: 180_000,
          expect: { poll: { timeout: 90_000, interval: 100 } },
          fileParallelism: false,
        },
      },
    ],
  },
});
