import { defineConfig } from "vitest/config";

// Every test awaits events rather than sleeping, so a time limit here only ends a test that is stuck;
// it must never end one that is merely slow. The suite must pass on a busy 2-core PC (a soak or a
// build beside it; the whole suite ran at a load average of 20 during development), where a CLI
// child under tsx takes 5–10 s and Chromium's first page several seconds. Hence minutes, not seconds,
// and `expect.poll` (default 1 s) waits as long as a browser wait does.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // A poll ends only when stuck, like a browser wait (test/helpers/browser.ts STUCK_MS).
    expect: { poll: { timeout: 90_000, interval: 50 } },
    // Serial ports, Chromium and child controllers do not like to share two cores with many workers.
    maxWorkers: 2,
  },
});
