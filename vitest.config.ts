import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Serial ports, Chromium and child controllers do not like to share two cores with many workers.
    maxWorkers: 2,
  },
});
