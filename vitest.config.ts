import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // The CLI and pool tests start worker threads; keep test files from competing for 2 cores.
    fileParallelism: false,
  },
});
