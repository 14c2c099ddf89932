import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { Auth } from "../../controller/src/auth/auth.js";
import { authRoutes } from "../../controller/src/auth/routes.js";
import { hashToken } from "../../controller/src/auth/sessions.js";
import { emergencyRoutes } from "../../controller/src/content/emergency-routes.js";
import { createApp } from "../../controller/src/http/app.js";
import { createLogger } from "../../controller/src/log.js";
import { listAudit, SYSTEM } from "../../controller/src/store/audit-repo.js";
import { updateUser } from "../../controller/src/store/users-repo.js";
import { startTestController } from "../helpers/controller.js";
import { ConsoleClient, seedUsers, sharedHash } from "./auth-helpers.js";

beforeAll(async () => {
  await sharedHash();
});

async function gate() {
  const c = await startTestController();
  await seedUsers(c, { lan: "operator", mai: "supervisor", root: "admin" });
  return c;
}

describe("POST /api/v1/session (login)", () => {
  it("sets an HttpOnly, SameSite=Strict, Path=/ cookie and answers the user and a CSRF token", async () => {
    const c = await gate();
    const client = new ConsoleClient(c.url);
    const answer = await client.login("LAN");
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      user: { username: "lan", role: "operator" },
      csrfToken: expect.any(String),
    });
    expect(answer.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    const [cookie] = answer.setCookies;
    expect(cookie).toMatch(/^gc_session=[A-Za-z0-9_-]{43}; /);
    const attributes = (cookie as string).split("; ").slice(1);
    expect(attributes).toEqual(expect.arrayContaining(["HttpOnly", "SameSite=Strict", "Path=/"]));
    // Plain HTTP on the gate LAN: a Secure cookie would never come back.
    expect(attributes).not.toContain("Secure");
    expect(attributes).toContain(`Max-Age=${7 * 24 * 3600}`);
    // Only the token's sha256 is stored.
    const token = client.cookie as string;
    const rows = c.ctx.db.prepare("SELECT id, address, user_agent FROM sessions").all() as {
      id: string;
      address: string;
    }[];
    expect(rows).toEqual([
      expect.objectContaining({ id: hashToken(token), address: expect.stringMatching(/127\.0\.0\.1/) }),
    ]);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(listAudit(c.ctx.db, { entity: "session" })[0]).toMatchObject({ actor: "lan", action: "login" });
  });

  it("marks the cookie Secure when the request came over HTTPS (through a proxy on loopback)", async () => {
    const c = await gate();
    const client = new ConsoleClient(c.url);
    const answer = await client.send("POST", "/api/v1/session", {
      body: { username: "lan", password: "gác-cổng-Lệ-Thanh" },
      headers: { "x-forwarded-proto": "https" },
    });
    expect(answer.status).toBe(200);
    expect(answer.setCookies[0]).toMatch(/; Secure$/);
  });

  it("answers a wrong password and an unknown user the same way", async () => {
    const c = await gate();
    const wrong = await new ConsoleClient(c.url).login("lan", "not-the-password");
    const unknown = await new ConsoleClient(c.url).login("nobody-here", "not-the-password");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toEqual({ error: { code: "bad-credentials", message: "wrong username or password" } });
    expect(wrong.setCookies).toEqual([]);
  });

  it("slows repeated failures down with 429 and Retry-After, for known and unknown names alike", async () => {
    const c = await gate();
    for (const name of ["lan", "ghost"]) {
      const client = new ConsoleClient(c.url);
      expect((await client.login(name, "guess-number-1")).status).toBe(401);
      const again = await client.login(name, "guess-number-2");
      expect(again.status).toBe(429);
      expect(again.body.error.code).toBe("rate-limited");
      expect(Number(again.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    }
    // The limit is per account: another operator at the same desk is not slowed down.
    expect((await new ConsoleClient(c.url).login("mai")).status).toBe(200);
  });

  it("refuses a disabled user with the same answer, and a disabled user's session stops working", async () => {
    const c = await gate();
    const lan = await new ConsoleClient(c.url).loginOk("lan");
    expect((await lan.get("/api/v1/session")).status).toBe(200);
    // Disabled from the CLI (no API involved): the session must stop working all the same.
    updateUser(c.ctx.db, SYSTEM, "lan", { disabled: true });
    const after = await lan.get("/api/v1/session");
    expect(after.status).toBe(401);
    // The stale cookie is cleared.
    expect(after.setCookies[0]).toMatch(/^gc_session=; .*Max-Age=0/);
    const again = await new ConsoleClient(c.url).login("lan");
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe("bad-credentials");
  });

  it("refuses a login posted from another origin", async () => {
    const c = await gate();
    const answer = await new ConsoleClient(c.url).send("POST", "/api/v1/session", {
      body: { username: "lan", password: "gác-cổng-Lệ-Thanh" },
      origin: "http://evil.example",
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe("csrf");
  });

  it("validates the login body", async () => {
    const c = await gate();
    const answer = await new ConsoleClient(c.url).post("/api/v1/session", { username: "lan" });
    expect(answer.status).toBe(400);
    expect(answer.body.error.field).toBe("body.password");
  });

  it("replaces the session a browser still had (no session fixation)", async () => {
    const c = await gate();
    const client = await new ConsoleClient(c.url).loginOk("lan");
    const first = client.cookie;
    await client.loginOk("mai");
    expect(client.cookie).not.toBe(first);
    expect(c.ctx.db.prepare("SELECT count(*) AS n FROM sessions").get()).toEqual({ n: 1 });
    expect((await client.get("/api/v1/session")).body.user).toEqual({ username: "mai", role: "supervisor" });
  });
});

describe("GET and DELETE /api/v1/session", () => {
  it("answers 401 without a session and clears a cookie that names none", async () => {
    const c = await gate();
    const client = new ConsoleClient(c.url);
    expect((await client.get("/api/v1/session")).body.error.code).toBe("unauthenticated");
    client.cookie = "A".repeat(43);
    const answer = await client.get("/api/v1/session");
    expect(answer.status).toBe(401);
    expect(answer.setCookies[0]).toMatch(/^gc_session=; Path=\/; Max-Age=0; .*HttpOnly; SameSite=Strict/);
  });

  it("logs out only with the CSRF token, then the cookie no longer works", async () => {
    const c = await gate();
    const client = await new ConsoleClient(c.url).loginOk("mai");
    const token = client.cookie;
    const current = await client.get("/api/v1/session");
    expect(current.body).toMatchObject({
      user: { username: "mai", role: "supervisor" },
      csrfToken: client.csrfToken,
    });
    expect((await client.delete("/api/v1/session", { csrf: false })).status).toBe(403);
    const out = await client.delete("/api/v1/session");
    expect(out.status).toBe(204);
    expect(client.cookie).toBeUndefined();
    client.cookie = token;
    expect((await client.get("/api/v1/session")).status).toBe(401);
    expect(listAudit(c.ctx.db, { entity: "session" })[0]).toMatchObject({ actor: "mai", action: "logout" });
  });
});

describe("session expiry (injectable clock)", () => {
  const servers: http.Server[] = [];
  afterEach(() => {
    for (const s of servers.splice(0)) s.close();
  });

  it("ends a session after 12 h idle and 7 days in all, through the real middleware", async () => {
    const c = await gate();
    let now = Date.parse("2026-06-01T08:00:00+07:00");
    const auth = new Auth(c.ctx.db, createLogger("silent", false), { clock: { now: () => now } });
    const app = createApp(c.ctx, {
      api: [authRoutes(c.ctx, auth), emergencyRoutes(c.ctx)],
      health: new Map(),
      apiGuards: auth.guards(),
    });
    const server = http.createServer(app).listen(0, "127.0.0.1");
    servers.push(server);
    await new Promise((resolve) => server.once("listening", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const hour = 3_600_000;

    const client = await new ConsoleClient(base).loginOk("lan");
    // Used every 11 h: idle never reached, for the whole week.
    for (let i = 0; i < 15; i++) {
      now += 11 * hour;
      expect((await client.get("/api/v1/emergencies")).status).toBe(200);
    }
    now += 3 * hour; // 168 h after login
    expect((await client.get("/api/v1/emergencies")).status).toBe(401);

    const idle = await new ConsoleClient(base).loginOk("lan");
    now += 12 * hour - 1000;
    expect((await idle.get("/api/v1/session")).status).toBe(200);
    now += 12 * hour;
    expect((await idle.get("/api/v1/session")).status).toBe(401);
  });
});
