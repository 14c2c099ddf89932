import { describe, expect, it } from "vitest";
import { TokenThrottle } from "../../controller/src/central/token-throttle.js";

describe("TokenThrottle", () => {
  it("lets five wrong tokens pass, then doubles the wait up to 15 minutes, per address", () => {
    let now = 0;
    const t = new TokenThrottle(() => now);
    for (let i = 0; i < 5; i++) {
      expect(t.retryAfterS("10.0.0.9")).toBe(0);
      t.failed("10.0.0.9");
    }
    expect(t.retryAfterS("10.0.0.9")).toBe(0);
    t.failed("10.0.0.9");
    expect(t.retryAfterS("10.0.0.9")).toBe(1);
    expect(t.retryAfterS("10.0.0.1")).toBe(0);
    now += 1000;
    t.failed("10.0.0.9");
    expect(t.retryAfterS("10.0.0.9")).toBe(2);
    for (let i = 0; i < 30; i++) t.failed("10.0.0.9");
    expect(t.retryAfterS("10.0.0.9")).toBe(15 * 60);
    t.succeeded("10.0.0.9");
    expect(t.retryAfterS("10.0.0.9")).toBe(0);
  });

  it("forgets quiet addresses and remembers at most 10,000", () => {
    let now = 0;
    const t = new TokenThrottle(() => now);
    for (let i = 0; i < 6; i++) t.failed("a");
    now += 61 * 60_000;
    expect(t.retryAfterS("a")).toBe(0);
    for (let i = 0; i < 10_050; i++) t.failed(`addr-${i}`);
    expect(t.size).toBe(10_000);
  });
});
