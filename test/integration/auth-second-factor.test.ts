/**
 * Accounts over HTTP: lockout by account and address together, password rules, the TOTP second
 * factor (two-step login, replay refusal, recovery codes, enrolment, required-factor gating, reset).
 */
import { userInfo } from "node:os";
import { beforeAll, describe, expect, it } from "vitest";
import { SessionStore } from "../../controller/src/auth/sessions.js";
import { totpCode, totpStep } from "../../controller/src/auth/totp.js";
import type { RunningController } from "../../controller/src/server.js";
import { listAudit } from "../../controller/src/store/audit-repo.js";
import { openDatabase } from "../../controller/src/store/database.js";
import { findUser } from "../../controller/src/store/users-repo.js";
import { startTestController } from "../helpers/controller.js";
import { tempDir } from "../helpers/fixtures.js";
import { gatecast } from "../helpers/processes.js";
import { ConsoleClient, PASSWORD, seedUsers, sharedHash, TEST_TOTP_SECRET } from "./auth-helpers.js";
import { CENTRAL_SITE, configDir } from "./central-helpers.js";

beforeAll(async () => {
  await sharedHash();
});

/** A client whose requests come from `address` (the controller trusts X-Forwarded-For from loopback). */
function from(base: string, address: string): ConsoleClient {
  const client = new ConsoleClient(base);
  const send = client.send.bind(client);
  client.send = (method, path, options = {}) =>
    send(method, path, { ...options, headers: { ...options.headers, "x-forwarded-for": address } });
  return client;
}

async function gate(): Promise<RunningController> {
  const c = await startTestController();
  await seedUsers(c, { admin: "admin", lan: "operator", mai: "supervisor" });
  return c;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The current code, or the next step's when the current one was used (as a person would wait for). */
function freshCode(secret: string, used: Set<number>): string {
  const now = totpStep(Date.now());
  const step = [now, now + 1].find((s) => !used.has(s)) ?? now + 1;
  used.add(step);
  return totpCode(secret, step);
}

describe("lockout by account and address", () => {
  it("a stranger failing 20 times for admin does not lock the admin out of the console PC", async () => {
    const c = await gate();
    const attacker = from(c.url, "203.0.113.7");
    // A patient stranger: waits out each growing delay (1, 2, 4, 8 s, told by Retry-After), not the
    // 15-minute lock. The fifth wrong password locks the pair, however slow the machine is: every
    // attempt is either checked (and counted) or refused 429 and then waited out.
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const answer = await attacker.login("admin", `guess-${i}`);
      statuses.push(answer.status);
      expect(answer.setCookies).toEqual([]);
      const retryAfterS = Number(answer.headers.get("retry-after"));
      if (answer.status === 429 && retryAfterS <= 16) await sleep(retryAfterS * 1000);
    }
    expect(statuses[0]).toBe(401);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect(statuses.filter((s) => s === 401).length).toBe(5);
    const locked = await attacker.login("admin", "guess-locked");
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(60);
    // The real admin, at another address, logs in at once (password, then the code).
    const admin = from(c.url, "192.168.1.10");
    const answer = await admin.login("admin");
    expect(answer.status).toBe(200);
    expect(answer.body.user).toEqual({ username: "admin", role: "admin" });
    // The stranger is still locked out, even with the right password (and the code, were it asked
    // for): the admin's login did not lift the stranger's lock. The lock lasts 15 minutes, far
    // longer than this test may run, so this holds however slow the run.
    const after = await attacker.login("admin");
    expect(after.status).toBe(429);
    expect(after.setCookies).toEqual([]);
    expect(attacker.cookie).toBeUndefined();
  }, 180_000);

  it("limits the second step like the password: wrong codes lock the pair, not the account", async () => {
    const c = await gate();
    const attacker = from(c.url, "203.0.113.8");
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      // The attacker knows the password but not the code.
      const first = await attacker.send("POST", "/api/v1/session", {
        body: { username: "admin", password: PASSWORD },
      });
      if (first.status !== 200) {
        statuses.push(first.status);
        continue;
      }
      expect(first.body).toMatchObject({ secondFactor: "totp", challenge: expect.any(String) });
      expect(first.setCookies).toEqual([]);
      const code = await attacker.post("/api/v1/session/second-factor", {
        challenge: first.body.challenge,
        code: "000000",
      });
      statuses.push(code.status);
    }
    expect(statuses).toContain(401);
    expect(statuses).toContain(429);
    expect(listAudit(c.ctx.db).filter((a) => a.action === "second-factor-failed").length).toBeLessThanOrEqual(
      5,
    );
    expect(c.ctx.db.prepare("SELECT count(*) AS n FROM sessions").get()).toEqual({ n: 0 });
    expect((await from(c.url, "192.168.1.10").login("admin")).status).toBe(200);
  });
});

describe("two-step login", () => {
  it("asks for the code after the password; refuses a wrong or replayed code; a recovery code once", async () => {
    const c = await gate();
    const client = new ConsoleClient(c.url);
    const used = new Set<number>();
    const step1 = await client.send("POST", "/api/v1/session", {
      body: { username: "admin", password: PASSWORD },
    });
    expect(step1.status).toBe(200);
    expect(step1.body.csrfToken).toBeUndefined();
    expect(step1.setCookies).toEqual([]);
    const code = freshCode(TEST_TOTP_SECRET, used);
    const ok = await client.post("/api/v1/session/second-factor", { challenge: step1.body.challenge, code });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      user: { username: "admin" },
      secondFactor: { enrolled: true, missing: false },
    });
    // The challenge is spent.
    const again = await client.post("/api/v1/session/second-factor", {
      challenge: step1.body.challenge,
      code,
    });
    expect(again.status).toBe(401);
    expect(again.body.error.code).toBe("login-expired");
    // The same code with a new password step: a replay, refused.
    const other = new ConsoleClient(c.url);
    const step2 = await other.send("POST", "/api/v1/session", {
      body: { username: "admin", password: PASSWORD },
    });
    const replay = await other.post("/api/v1/session/second-factor", {
      challenge: step2.body.challenge,
      code,
    });
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe("bad-code");
    // A recovery code works once, and says so in the audit log (from another desk: the replay above
    // slowed this one down for a second).
    const recovery = "TEST-CADE-TEST-BAAA"; // the second seeded code (index 1), typed in capitals
    const desk = from(c.url, "192.168.1.30");
    const step2b = await desk.send("POST", "/api/v1/session", {
      body: { username: "admin", password: PASSWORD },
    });
    const rec = await desk.post("/api/v1/session/second-factor", {
      challenge: step2b.body.challenge,
      code: recovery,
    });
    expect(rec.status).toBe(200);
    const desk2 = from(c.url, "192.168.1.31");
    const step3 = await desk2.send("POST", "/api/v1/session", {
      body: { username: "admin", password: PASSWORD },
    });
    expect(step3.status).toBe(200);
    const spent = await desk2.post("/api/v1/session/second-factor", {
      challenge: step3.body.challenge,
      code: recovery,
    });
    expect(spent.status).toBe(401);
    const actions = listAudit(c.ctx.db).map((a) => a.action);
    expect(actions).toContain("use-recovery-code");
    expect(actions).toContain("second-factor-failed");
  });

  it("binds the challenge to the address that gave the password", async () => {
    const c = await gate();
    const a = from(c.url, "192.168.1.20");
    const step1 = await a.send("POST", "/api/v1/session", {
      body: { username: "admin", password: PASSWORD },
    });
    const b = from(c.url, "192.168.1.21");
    const answer = await b.post("/api/v1/session/second-factor", {
      challenge: step1.body.challenge,
      code: freshCode(TEST_TOTP_SECRET, new Set()),
    });
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe("login-expired");
  });
});

describe("a required second factor", () => {
  it("an admin without one reaches only the enrolment, then everything once enrolled", async () => {
    const c = await startTestController();
    await seedUsers(c, { root: "admin", lan: "operator" }, { secondFactor: false });
    const root = await new ConsoleClient(c.url).loginOk("root");
    const session = await root.get("/api/v1/session");
    expect(session.body.secondFactor).toEqual({ enrolled: false, required: true, missing: true });
    for (const [method, path] of [
      ["GET", "/api/v1/users"],
      ["GET", "/api/v1/emergencies"],
      ["GET", "/api/v1/audit"],
    ] as const) {
      const answer = await root.send(method, path);
      expect(answer.status, path).toBe(403);
      expect(answer.body.error.code).toBe("second-factor-required");
    }
    const create = await root.post("/api/v1/users", {
      username: "x1",
      role: "operator",
      password: "long enough pass",
    });
    expect(create.body.error.code).toBe("second-factor-required");
    // An operator at a gate needs none.
    const lan = await new ConsoleClient(c.url).loginOk("lan");
    expect((await lan.get("/api/v1/session")).body.secondFactor).toEqual({
      enrolled: false,
      required: false,
      missing: false,
    });

    expect((await root.get("/api/v1/account/second-factor")).body).toMatchObject({
      enrolled: false,
      required: true,
    });
    const enrol = await root.post("/api/v1/account/second-factor/enrolment", {});
    expect(enrol.status).toBe(201);
    const { secret, uri } = enrol.body as { secret: string; uri: string };
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    const bad = await root.post("/api/v1/account/second-factor/confirmation", { code: "123456" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("bad-code");
    const used = new Set<number>();
    // Wait out the delay after the wrong code, as the console does with Retry-After.
    let confirm = await root.post("/api/v1/account/second-factor/confirmation", {
      code: freshCode(secret, used),
    });
    if (confirm.status === 429) {
      await new Promise((r) => setTimeout(r, Number(confirm.headers.get("retry-after")) * 1000));
      used.clear();
      confirm = await root.post("/api/v1/account/second-factor/confirmation", {
        code: freshCode(secret, used),
      });
    }
    expect(confirm.status).toBe(200);
    expect(confirm.body.recoveryCodes).toHaveLength(10);
    expect((await root.get("/api/v1/users")).status).toBe(200);
    expect((await root.get("/api/v1/session")).body.secondFactor).toEqual({
      enrolled: true,
      required: true,
      missing: false,
    });
    // The secret is never shown again, nor stored in the audit log.
    const account = await root.get("/api/v1/account/second-factor");
    expect(account.body).toMatchObject({ enrolled: true, recoveryCodesLeft: 10 });
    expect(account.text).not.toContain(secret);
    expect((await root.get("/api/v1/users")).text).not.toContain(secret);
    expect((await root.post("/api/v1/account/second-factor/enrolment", {})).status).toBe(409);
    const audit = JSON.stringify(listAudit(c.ctx.db));
    expect(audit).not.toContain(secret);
    for (const code of confirm.body.recoveryCodes as string[]) expect(audit).not.toContain(code);
    expect(listAudit(c.ctx.db).map((a) => a.action)).toEqual(
      expect.arrayContaining(["begin-second-factor", "enable-second-factor"]),
    );
  });

  it("at a central office every account needs one", async () => {
    const c = await startTestController({
      gate: "central-ha-tinh",
      env: { GATECAST_CONFIG_DIR: configDir({ "central-ha-tinh": CENTRAL_SITE }) },
    });
    await seedUsers(c, { lan: "operator" }, { secondFactor: false });
    const lan = await new ConsoleClient(c.url).loginOk("lan");
    expect((await lan.get("/api/v1/session")).body.secondFactor).toMatchObject({
      required: true,
      missing: true,
    });
    const reports = await lan.get("/api/v1/central/programs");
    expect(reports.status).toBe(403);
    expect(reports.body.error.code).toBe("second-factor-required");
  });

  it("an admin resets a user's factor (audited, sessions ended); the CLI does too, as the OS user", async () => {
    const c = await gate();
    await seedUsers(c, { hoa: "admin" });
    const admin = await new ConsoleClient(c.url).loginOk("admin");
    const hoa = await new ConsoleClient(c.url).loginOk("hoa");
    expect((await admin.get("/api/v1/users")).body).toEqual(
      expect.arrayContaining([expect.objectContaining({ username: "hoa", secondFactor: true })]),
    );
    const reset = await admin.delete("/api/v1/users/hoa/second-factor");
    expect(reset.status).toBe(204);
    expect((await hoa.get("/api/v1/session")).status).toBe(401);
    expect(listAudit(c.ctx.db)[0]).toMatchObject({
      actor: "admin",
      action: "reset-second-factor",
      entityId: "hoa",
    });
    expect((await admin.delete("/api/v1/users/hoa/second-factor")).status).toBe(404);
    const again = await new ConsoleClient(c.url).login("hoa");
    expect(again.status).toBe(200);
    expect(again.body.secondFactor).toMatchObject({ missing: true });
  });
});

describe("password rules over the API and the CLI", () => {
  it("refuses weak passwords with a code per problem", async () => {
    const c = await gate();
    const admin = await new ConsoleClient(c.url).loginOk("admin");
    const cases: [string, string, string][] = [
      ["operator", "          ", "password-whitespace"],
      ["operator", "aaaaaaaaaa", "password-repetitive"],
      ["operator", "1234567890", "password-repetitive"],
      ["supervisor", "Cầu Treo 10", "password-too-short"],
      ["operator", "password123", "password-common"],
      ["operator", "nguyen.binh-2026", "password-contains-username"],
    ];
    for (const [role, password, code] of cases) {
      const answer = await admin.post("/api/v1/users", { username: "nguyen.binh", role, password });
      expect(answer.status, password).toBe(400);
      expect(answer.body.error).toMatchObject({ code, field: "body.password" });
    }
    expect(
      (
        await admin.post("/api/v1/users", {
          username: "nguyen.binh",
          role: "operator",
          password: "Cầu Treo 10",
        })
      ).status,
    ).toBe(201);
    // A promotion with a new password takes the new role's length.
    const promote = await admin.patch("/api/v1/users/nguyen.binh", {
      role: "admin",
      password: "Cầu Treo 11",
    });
    expect(promote.body.error.code).toBe("password-too-short");
  });

  it("gatecast user add/passwd refuse weak passwords; reset-2fa is audited with the OS user", async () => {
    const env = { GATE: "cau-treo", DATA_DIR: tempDir() };
    const weak = gatecast(["user", "add", "--username", "an", "--role", "admin"], env, "aaaaaaaaaaaaaaa\n");
    expect(await weak.exited).toBe(1);
    expect(weak.output()).toContain("repeated character");
    const short = gatecast(["user", "add", "--username", "an", "--role", "admin"], env, "Cầu Treo 11\n");
    expect(await short.exited).toBe(1);
    expect(short.output()).toContain("at least 12 characters");
    const ok = gatecast(["user", "add", "--username", "an", "--role", "admin"], env, "Cầu Treo cửa khẩu\n");
    expect(await ok.exited).toBe(0);
    const passwd = gatecast(["user", "passwd", "--username", "an"], env, "qwertyuiopasdf\n");
    expect(await passwd.exited).toBe(1);
    const none = gatecast(["user", "reset-2fa", "--username", "an"], env);
    expect(await none.exited).toBe(1);
    expect(none.output()).toContain("has no second factor");
    // With a factor (and a session): removed, the session ended, audited as the OS user.
    const db = openDatabase(env.DATA_DIR);
    const an = findUser(db, "an");
    db.prepare("INSERT INTO user_totp (user_id, secret, created_at, enabled_at) VALUES (?, ?, ?, ?)").run(
      an?.id,
      TEST_TOTP_SECRET,
      new Date().toISOString(),
      new Date().toISOString(),
    );
    new SessionStore(db).create(an?.id as number, {});
    db.close();
    const reset = gatecast(["user", "reset-2fa", "--username", "an"], env);
    expect(await reset.exited).toBe(0);
    const after = openDatabase(env.DATA_DIR);
    expect(after.prepare("SELECT count(*) AS n FROM user_totp").get()).toEqual({ n: 0 });
    expect(after.prepare("SELECT count(*) AS n FROM sessions").get()).toEqual({ n: 0 });
    expect(listAudit(after)[0]).toMatchObject({
      actor: `cli:${process.env.SUDO_USER ?? userInfo().username}`,
      action: "reset-second-factor",
      entityId: "an",
    });
    after.close();
    // Six `gatecast` children under tsx, one after another: up to a minute each on a loaded 2-core machine.
  }, 600_000);
});
