import { describe, expect, it } from "vitest";
import { ACCOUNT_RULE, ADDRESS_RULE, LoginLimiter } from "../../controller/src/auth/rate-limit.js";

const MIN = 60_000;

function makeLimiter() {
  const clock = { t: 1_780_000_000_000, now: () => clock.t };
  return { clock, limiter: new LoginLimiter(clock) };
}

describe("LoginLimiter", () => {
  it("has the documented numbers", () => {
    expect(ACCOUNT_RULE).toEqual({
      max: 5,
      windowMs: 15 * MIN,
      lockMs: 15 * MIN,
      delay: { baseMs: 1000, maxMs: 16_000 },
    });
    expect(ADDRESS_RULE).toEqual({ max: 20, windowMs: 15 * MIN, lockMs: 15 * MIN });
  });

  it("grows the delay after each failure (1, 2, 4, 8 s), then locks the account for 15 minutes", () => {
    const { clock, limiter } = makeLimiter();
    const waits: number[] = [];
    const locks: string[][] = [];
    for (let i = 0; i < 5; i++) {
      const { waitMs, attempt } = limiter.begin("Lan", "10.0.0.5");
      locks.push(attempt?.locks ?? ["refused"]);
      const next = limiter.begin("lan", "10.0.0.5"); // case does not matter
      expect(next.attempt).toBeUndefined();
      waits.push(next.waitMs);
      clock.t += next.waitMs;
      expect(waitMs).toBe(0);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 15 * MIN]);
    expect(locks).toEqual([[], [], [], [], ["account"]]);
    // The lock expires: the operator is not locked out forever.
    expect(limiter.begin("lan", "10.0.0.5").attempt).toBeDefined();
  });

  it("does not count attempts refused during a lock (an attacker cannot extend it)", () => {
    const { clock, limiter } = makeLimiter();
    for (let i = 0; i < 5; i++) {
      limiter.begin("lan", `10.0.0.${i}`);
      clock.t += 20_000;
    }
    const locked = limiter.begin("lan", "10.0.0.99").waitMs;
    expect(locked).toBeGreaterThan(14 * MIN);
    for (let i = 0; i < 50; i++) {
      clock.t += 10_000;
      limiter.begin("lan", "10.0.0.99");
    }
    clock.t += locked - 50 * 10_000;
    expect(limiter.begin("lan", "10.0.0.99").attempt).toBeDefined();
  });

  it("a successful login clears the account's count", () => {
    const { clock, limiter } = makeLimiter();
    for (let i = 0; i < 4; i++) {
      clock.t += 20_000;
      limiter.begin("lan", "10.0.0.5");
    }
    clock.t += 20_000;
    const { attempt } = limiter.begin("lan", "10.0.0.5");
    expect(attempt).toBeDefined();
    limiter.succeeded(attempt as NonNullable<typeof attempt>);
    expect(limiter.begin("lan", "10.0.0.5").attempt).toBeDefined();
  });

  it("limits one address to 20 failures per 15 minutes over any names", () => {
    const { clock, limiter } = makeLimiter();
    for (let i = 0; i < 20; i++) expect(limiter.begin(`name-${i}`, "10.0.0.5").attempt).toBeDefined();
    const refused = limiter.begin("another", "10.0.0.5");
    expect(refused.attempt).toBeUndefined();
    expect(refused.waitMs).toBe(15 * MIN);
    expect(limiter.begin("another", "10.0.0.6").attempt).toBeDefined();
    clock.t += 15 * MIN;
    expect(limiter.begin("another", "10.0.0.5").attempt).toBeDefined();
  });

  it("counts an attempt before the password is checked, so a parallel burst gets one try", () => {
    const { limiter } = makeLimiter();
    const burst = Array.from({ length: 10 }, () => limiter.begin("lan", "10.0.0.5"));
    expect(burst.filter((b) => b.attempt).length).toBe(1);
  });

  it("forgets failures older than the window and stays bounded under a spray of names", () => {
    const { clock, limiter } = makeLimiter();
    limiter.begin("lan", "10.0.0.5");
    clock.t += 15 * MIN;
    expect(limiter.accounts.waitMs("lan")).toBe(0);
    expect(limiter.accounts.size).toBe(0);
    for (let i = 0; i < 10_050; i++) limiter.accounts.fail(`spray-${i}`);
    expect(limiter.accounts.size).toBeLessThanOrEqual(10_000);
  });
});
