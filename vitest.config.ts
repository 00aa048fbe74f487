import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // tfjs training and browser tests are slow on 2 cores; keep generous per-test budgets
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // the CLI tests run the built binary; `pretest` builds it first
  },
});
