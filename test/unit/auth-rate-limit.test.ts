import { describe, expect, it } from "vitest";
import {
  ACCOUNT_RULE,
  ADDRESS_RULE,
  type LimitRules,
  LoginLimiter,
  PAIR_RULE,
} from "../../controller/src/auth/rate-limit.js";

const MIN = 60_000;

function makeLimiter(
  rules: LimitRules = {},
  known: (account: string, address: string) => boolean = () => false,
) {
  const clock = { t: 1_780_000_000_000, now: () => clock.t };
  return { clock, limiter: new LoginLimiter(clock, rules, known) };
}

describe("LoginLimiter", () => {
  it("has the documented numbers", () => {
    expect(PAIR_RULE).toEqual({
      max: 5,
      windowMs: 15 * MIN,
      lockMs: 15 * MIN,
      delay: { baseMs: 1000, maxMs: 16_000 },
    });
    expect(ADDRESS_RULE).toEqual({ max: 20, windowMs: 15 * MIN, lockMs: 15 * MIN });
    expect(ACCOUNT_RULE).toEqual({
      max: Number.POSITIVE_INFINITY,
      windowMs: 15 * MIN,
      lockMs: 0,
      delay: { baseMs: 1000, maxMs: 30_000, after: 30 },
    });
  });

  it("grows the delay after each failure (1, 2, 4, 8 s), then locks the account on that address for 15 minutes", () => {
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
    expect(locks).toEqual([[], [], [], [], ["pair"]]);
    // Only on that address: the same account from the console PC goes on at once.
    expect(limiter.begin("lan", "10.0.0.9").attempt).toBeDefined();
    // The lock expires: the operator is not locked out forever.
    expect(limiter.begin("lan", "10.0.0.5").attempt).toBeDefined();
  });

  it("does not count attempts refused during a lock (an attacker cannot extend it)", () => {
    const { clock, limiter } = makeLimiter();
    for (let i = 0; i < 5; i++) {
      limiter.begin("lan", "10.0.0.99");
      clock.t += 20_000;
    }
    const locked = limiter.begin("lan", "10.0.0.99").waitMs;
    expect(locked).toBeGreaterThan(13 * MIN);
    for (let i = 0; i < 50; i++) {
      clock.t += 10_000;
      limiter.begin("lan", "10.0.0.99");
    }
    clock.t += locked - 50 * 10_000;
    expect(limiter.begin("lan", "10.0.0.99").attempt).toBeDefined();
  });

  it("a stranger failing 20 times for admin does not lock the admin out of another address", () => {
    const { clock, limiter } = makeLimiter();
    let counted = 0;
    for (let i = 0; i < 20; i++) {
      const { attempt, waitMs } = limiter.begin("admin", "192.168.1.66");
      if (attempt) {
        counted++;
        limiter.failed(attempt);
      }
      clock.t += Math.min(waitMs, 20_000) + 1;
    }
    expect(counted).toBeLessThanOrEqual(5);
    expect(limiter.begin("admin", "192.168.1.66").attempt).toBeUndefined();
    const console = limiter.begin("admin", "192.168.1.10");
    expect(console.waitMs).toBe(0);
    expect(console.attempt).toBeDefined();
  });

  it("slows a distributed attack on one account (a delay, not a lock) but not its user's own PC", () => {
    const { clock, limiter } = makeLimiter();
    // The admin logged in from the console PC earlier.
    const first = limiter.begin("admin", "192.168.1.10");
    limiter.succeeded(first.attempt as NonNullable<typeof first.attempt>);
    // 30 addresses, one guess each: the ceiling is reached.
    for (let i = 0; i < 30; i++) {
      const { attempt } = limiter.begin("admin", `10.9.0.${i}`);
      expect(attempt).toBeDefined();
      limiter.failed(attempt as NonNullable<typeof attempt>);
    }
    // A 31st address must wait: the account as a whole is being guessed.
    const slowed = limiter.begin("admin", "10.9.1.1");
    expect(slowed.attempt).toBeUndefined();
    expect(slowed.waitMs).toBeGreaterThan(0);
    expect(slowed.waitMs).toBeLessThanOrEqual(ACCOUNT_RULE.delay?.maxMs ?? 0);
    // The console PC is known for admin: not slowed.
    expect(limiter.begin("admin", "192.168.1.10").attempt).toBeDefined();
    // After the delay, the stranger gets one more guess (a delay, never a lock).
    clock.t += slowed.waitMs;
    expect(limiter.begin("admin", "10.9.1.1").attempt).toBeDefined();
    // Delays grow to at most 30 s: about two guesses a minute for the whole botnet.
    for (let i = 0; i < 20; i++) {
      const r = limiter.begin("admin", `10.9.2.${i}`);
      if (r.attempt) limiter.failed(r.attempt);
      clock.t += Math.max(r.waitMs, 1);
    }
    expect(limiter.begin("admin", "10.9.3.1").waitMs).toBeLessThanOrEqual(30_000);
  });

  it("asks the store whether an address is known only when the ceiling is reached", () => {
    const asked: string[] = [];
    const { limiter } = makeLimiter(
      { account: { ...ACCOUNT_RULE, delay: { baseMs: 1000, maxMs: 30_000, after: 2 } } },
      (a, addr) => {
        asked.push(`${a}@${addr}`);
        return addr === "192.168.1.10";
      },
    );
    for (let i = 0; i < 2; i++) limiter.begin("admin", `10.9.0.${i}`);
    expect(asked).toEqual([]);
    expect(limiter.begin("admin", "10.9.0.9").attempt).toBeUndefined();
    expect(limiter.begin("admin", "192.168.1.10").attempt).toBeDefined();
    expect(asked).toEqual(["admin@10.9.0.9", "admin@192.168.1.10"]);
  });

  it("a right password with a code to come takes back its attempt but keeps the wrong codes", () => {
    const { limiter } = makeLimiter();
    for (let i = 0; i < 4; i++) {
      // Password right (forgiven), then a wrong code (counted).
      const pw = limiter.begin("admin", "10.0.0.5");
      if (pw.attempt) limiter.passedPassword(pw.attempt);
      const code = limiter.begin("admin", "10.0.0.5");
      if (code.attempt) limiter.failed(code.attempt);
    }
    expect(limiter.pairs.count("admin\u000010.0.0.5")).toBeGreaterThan(0);
    expect(limiter.begin("admin", "10.0.0.5").attempt).toBeUndefined();
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
    expect(limiter.pairs.waitMs(LoginLimiter.pairKey("lan", "10.0.0.5"))).toBe(0);
    expect(limiter.pairs.size).toBe(0);
    for (let i = 0; i < 10_050; i++) limiter.pairs.fail(`spray-${i}`);
    expect(limiter.pairs.size).toBeLessThanOrEqual(10_000);
  });
});
