/**
 * Builds the web version of the renderer once and serves it on 127.0.0.1 for the end-to-end
 * tests (module scripts do not load from file://).
 */
import type { TestProject } from 'vitest/node';
import { build, preview, type PreviewServer } from 'vite';

let server: PreviewServer | undefined;

export async function setup(project: TestProject): Promise<void> {
  // The build users get: vitest sets NODE_ENV=test, which would make Vite bundle React's
  // development build (slower, and strict mode's doubled effects).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: 'vite.web.config.ts', logLevel: 'warn', mode: 'production' });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  server = await preview({
    configFile: 'vite.web.config.ts',
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
    logLevel: 'warn',
  });
  const address = server.httpServer.address();
  if (!address || typeof address === 'string') throw new Error('preview server has no port');
  project.provide('baseUrl', `http://127.0.0.1:${address.port}/`);
}

export async function teardown(): Promise<void> {
  await new Promise<void>((resolve) => (server ? server.httpServer.close(() => resolve()) : resolve()));
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
