import { describe, expect, it, vi } from "vitest";
import { Authenticator, type PasswordHasher } from "../../controller/src/auth/login.js";
import { LoginLimiter } from "../../controller/src/auth/rate-limit.js";
import { SYSTEM } from "../../controller/src/store/audit-repo.js";
import { openDatabase } from "../../controller/src/store/database.js";
import { createUser, updateUser } from "../../controller/src/store/users-repo.js";
import { tempDir } from "../helpers/fixtures.js";

/** A hasher that records what it verified; "hash:<password>" stands in for scrypt. */
function fakeHasher() {
  const hasher: PasswordHasher = {
    hash: vi.fn(async (password: string) => `hash:${password}`),
    verify: vi.fn(async (password: string, stored: string) => stored === `hash:${password}`),
  };
  return hasher;
}

function setup() {
  const db = openDatabase(tempDir());
  createUser(db, SYSTEM, "lan", "operator", "hash:right-password");
  const hasher = fakeHasher();
  const clock = { t: 1_780_000_000_000, now: () => clock.t };
  const auth = new Authenticator(db, new LoginLimiter(clock), hasher);
  return { db, hasher, clock, auth };
}

describe("Authenticator", () => {
  it("logs in with the right password, any case of the name", async () => {
    const { auth } = setup();
    const result = await auth.login("LAN", "right-password", "10.0.0.5");
    expect(result).toMatchObject({ ok: true, user: { username: "lan", role: "operator" } });
    expect(JSON.stringify(result)).not.toContain("hash:");
  });

  it("verifies an unknown name against the dummy hash, and answers as for a wrong password", async () => {
    const { hasher, auth, clock } = setup();
    expect(hasher.hash).toHaveBeenCalledTimes(1); // the dummy, made at start
    const dummy = await vi.mocked(hasher.hash).mock.results[0]?.value;
    const unknown = await auth.login("nobody", "right-password", "10.0.0.5");
    expect(hasher.verify).toHaveBeenLastCalledWith("right-password", dummy);
    clock.t += 60_000;
    const wrong = await auth.login("lan", "wrong-password", "10.0.0.5");
    expect(hasher.verify).toHaveBeenLastCalledWith("wrong-password", "hash:right-password");
    expect(unknown).toEqual({ ok: false, reason: "bad-credentials", locks: [] });
    expect(wrong).toEqual(unknown);
    expect(hasher.verify).toHaveBeenCalledTimes(2);
  });

  it("refuses a disabled user after the same verification, with the same answer", async () => {
    const { db, hasher, auth } = setup();
    updateUser(db, SYSTEM, "lan", { disabled: true });
    expect(await auth.login("lan", "right-password", "10.0.0.5")).toMatchObject({
      ok: false,
      reason: "bad-credentials",
    });
    expect(hasher.verify).toHaveBeenCalledTimes(1);
  });

  it("answers rate-limited without verifying anything", async () => {
    const { hasher, auth } = setup();
    await auth.login("lan", "wrong-password", "10.0.0.5");
    const limited = await auth.login("lan", "right-password", "10.0.0.5");
    expect(limited).toEqual({ ok: false, reason: "rate-limited", retryAfterMs: 1000 });
    expect(hasher.verify).toHaveBeenCalledTimes(1);
  });
});

describe("Authenticator under a flood", () => {
  it("checks at most 2 passwords at once, queues 32, and refuses the rest without counting them", async () => {
    const db = openDatabase(tempDir());
    createUser(db, SYSTEM, "lan", "operator", "hash:right-password");
    let running = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    let hold = true;
    const hasher: PasswordHasher = {
      hash: async (p) => `hash:${p}`,
      verify: async (p, stored) => {
        running++;
        peak = Math.max(peak, running);
        if (hold) await new Promise<void>((r) => release.push(r));
        running--;
        return stored === `hash:${p}`;
      },
    };
    const clock = { t: 1_780_000_000_000, now: () => clock.t };
    const auth = new Authenticator(db, new LoginLimiter(clock), hasher);
    await new Promise((r) => setTimeout(r, 0)); // the dummy hash
    const results = Array.from({ length: 40 }, (_, i) => auth.login(`name-${i}`, "guess", `10.1.0.${i}`));
    await new Promise((r) => setTimeout(r, 0));
    expect(auth.checksInFlight).toBe(34);
    // Full, but the operator at the PC they have a session from goes ahead of the strangers.
    auth.limiter.remember("lan", "192.168.1.10");
    const order: string[] = [];
    const vip = auth.login("lan", "right-password", "192.168.1.10").then((r) => {
      order.push("vip");
      return r;
    });
    void Promise.all(results).then(() => order.push("strangers"));
    await new Promise((r) => setTimeout(r, 0));
    expect(auth.checksInFlight).toBe(35);
    while (release.length > 0 || running > 0) {
      release.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    }
    const answers = await Promise.all(results);
    hold = false;
    expect((await vip).ok).toBe(true);
    expect(order).toEqual(["vip", "strangers"]);
    expect(peak).toBe(2);
    expect(answers.filter((a) => !a.ok && a.reason === "rate-limited")).toHaveLength(6);
    expect(answers.filter((a) => !a.ok && a.reason === "bad-credentials")).toHaveLength(34);
    // The refused ones were not counted against their addresses.
    expect(auth.limiter.addresses.count("10.1.0.39")).toBe(0);
    expect((await auth.login("lan", "right-password", "10.1.0.200")).ok).toBe(true);
  });
});
