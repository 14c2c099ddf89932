import { describe, expect, it } from "vitest";
import { hashToken, LAST_SEEN_WRITE_MS, SessionStore } from "../../controller/src/auth/sessions.js";
import { SYSTEM } from "../../controller/src/store/audit-repo.js";
import { openDatabase } from "../../controller/src/store/database.js";
import { createUser, updateUser } from "../../controller/src/store/users-repo.js";
import { tempDir } from "../helpers/fixtures.js";

const HOUR = 3_600_000;

function setup() {
  const db = openDatabase(tempDir());
  // The hash is never checked here.
  const lan = createUser(db, SYSTEM, "lan", "operator", "scrypt$unused");
  const mai = createUser(db, SYSTEM, "mai", "admin", "scrypt$unused");
  const clock = { t: Date.parse("2026-06-01T01:00:00Z"), now: () => clock.t };
  const store = new SessionStore(db, { clock });
  const lastSeen = (id: string) =>
    (db.prepare("SELECT last_seen FROM sessions WHERE id = ?").get(id) as { last_seen: string } | undefined)
      ?.last_seen;
  return { db, lan, mai, clock, store, lastSeen };
}

describe("SessionStore", () => {
  it("stores only the token's sha256 and finds the session by the token", () => {
    const { db, lan, store } = setup();
    const { token, session } = store.create(lan.id, { address: "10.0.0.5", userAgent: "x".repeat(1000) });
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.id).toBe(hashToken(token));
    expect(JSON.stringify(db.prepare("SELECT * FROM sessions").all())).not.toContain(token);
    expect(session.userAgent).toHaveLength(256);
    expect(store.find(token)).toMatchObject({ username: "lan", role: "operator", address: "10.0.0.5" });
    expect(store.find(session.id)).toBeUndefined();
    expect(store.find("not a token")).toBeUndefined();
    expect(store.find(undefined)).toBeUndefined();
  });

  it("ends a session 12 h after its last use", () => {
    const { lan, clock, store } = setup();
    const { token } = store.create(lan.id, {});
    clock.t += 12 * HOUR - 1;
    expect(store.find(token)).toBeDefined();
    clock.t += 12 * HOUR - 1;
    expect(store.find(token)).toBeDefined();
    clock.t += 12 * HOUR;
    expect(store.find(token)).toBeUndefined();
    // Deleted on sight, not just ignored.
    clock.t -= 12 * HOUR;
    expect(store.find(token)).toBeUndefined();
  });

  it("ends a session 7 days after login however much it is used", () => {
    const { lan, clock, store } = setup();
    const { token, session } = store.create(lan.id, {});
    while (clock.t + 6 * HOUR < session.expiresAt) {
      clock.t += 6 * HOUR;
      expect(store.find(token)).toBeDefined();
    }
    clock.t = session.expiresAt;
    expect(store.find(token)).toBeUndefined();
  });

  it("writes last_seen at most once a minute", () => {
    const { lan, clock, store, lastSeen } = setup();
    const { token, session } = store.create(lan.id, {});
    const first = lastSeen(session.id);
    clock.t += LAST_SEEN_WRITE_MS - 1;
    store.find(token);
    expect(lastSeen(session.id)).toBe(first);
    clock.t += 1;
    store.find(token);
    expect(lastSeen(session.id)).toBe(new Date(clock.t).toISOString());
  });

  it("drops a session of a disabled user, and one made under a clock that was ahead", () => {
    const { db, lan, mai, clock, store } = setup();
    const a = store.create(lan.id, {});
    updateUser(db, SYSTEM, "lan", { disabled: true });
    expect(store.find(a.token)).toBeUndefined();
    expect(db.prepare("SELECT count(*) AS n FROM sessions").get()).toEqual({ n: 0 });

    clock.t += 365 * 24 * HOUR; // the PC booted with a wrong date
    const b = store.create(mai.id, {});
    clock.t -= 365 * 24 * HOUR; // NTP corrects it
    expect(store.find(b.token)).toBeUndefined();
  });

  it("reads the role fresh, ends a user's sessions on demand and purges ended ones", () => {
    const { db, lan, mai, clock, store } = setup();
    const a = store.create(lan.id, {});
    const b = store.create(lan.id, {});
    const c = store.create(mai.id, {});
    updateUser(db, SYSTEM, "lan", { role: "supervisor" });
    expect(store.find(a.token)?.role).toBe("supervisor");
    expect(store.destroyForUser(lan.id, a.session.id)).toBe(1);
    expect(store.find(b.token)).toBeUndefined();
    expect(store.find(a.token)).toBeDefined();
    clock.t += 13 * HOUR;
    expect(store.purgeExpired()).toBe(2);
    expect(store.find(c.token)).toBeUndefined();
  });

  it("computes when an unused session ends", () => {
    const { lan, clock, store } = setup();
    const { session } = store.create(lan.id, {});
    expect(store.endsAt(session)).toBe(clock.t + 12 * HOUR);
  });
});
