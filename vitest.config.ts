import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/engine/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/main/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
