import { describe, expect, it } from "vitest";
import { PENDING_LOGIN_MS, PendingLogins } from "../../controller/src/auth/pending-logins.js";

describe("PendingLogins (the wait between password and code)", () => {
  function setup() {
    const clock = { t: 1_780_000_000_000, now: () => clock.t };
    return { clock, pending: new PendingLogins(clock) };
  }

  it("answers a challenge only to its address, for 5 minutes", () => {
    const { clock, pending } = setup();
    const { challenge } = pending.create(1, "admin", "10.0.0.5");
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pending.find(challenge, "10.0.0.6")).toBeUndefined();
    expect(pending.find(challenge, "10.0.0.5")).toMatchObject({ userId: 1, username: "admin" });
    clock.t += PENDING_LOGIN_MS;
    expect(pending.find(challenge, "10.0.0.5")).toBeUndefined();
    expect(pending.size).toBe(0);
  });

  it("ends after 5 wrong codes, or once used; a new password step replaces the old challenge", () => {
    const { pending } = setup();
    const first = pending.create(1, "admin", "10.0.0.5").challenge;
    const second = pending.create(1, "admin", "10.0.0.5").challenge;
    expect(pending.find(first, "10.0.0.5")).toBeUndefined();
    for (let i = 0; i < 5; i++) pending.failed(second);
    expect(pending.find(second, "10.0.0.5")).toBeUndefined();
    const third = pending.create(1, "admin", "10.0.0.5").challenge;
    pending.end(third);
    expect(pending.find(third, "10.0.0.5")).toBeUndefined();
    expect(pending.find("not a challenge", "10.0.0.5")).toBeUndefined();
  });

  it("holds at most 1,000 at once, dropping the oldest", () => {
    const { pending } = setup();
    const oldest = pending.create(0, "u0", "10.1.0.0").challenge;
    for (let i = 1; i <= 1_050; i++) pending.create(i, `u${i}`, `10.1.${i >> 8}.${i & 255}`);
    expect(pending.size).toBeLessThanOrEqual(1_000);
    expect(pending.find(oldest, "10.1.0.0")).toBeUndefined();
  });
});
