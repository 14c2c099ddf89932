import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { verifyPassword } from "../../controller/src/auth/password.js";
import { listAudit } from "../../controller/src/store/audit-repo.js";
import { openDatabase } from "../../controller/src/store/database.js";
import { findUser } from "../../controller/src/store/users-repo.js";
import { tempDir, testPack, writeTree } from "../helpers/fixtures.js";
import { freePort, gatecast, waitFor } from "../helpers/processes.js";

// Each test runs `gatecast` children under tsx, one after another: a start has taken over a minute on
// a loaded 2-core machine.
vi.setConfig({ testTimeout: 600_000 });

function testEnv(): { GATE: string; DATA_DIR: string; GATECAST_CONTENT_DIR: string } {
  return { GATE: "cau-treo", DATA_DIR: tempDir(), GATECAST_CONTENT_DIR: writeTree(testPack("cau-treo")) };
}

async function health(port: number): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${port}/healthz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("gatecast serve", () => {
  it("serves /healthz on a fresh DATA_DIR and stops cleanly on SIGTERM", async () => {
    const env = { ...testEnv(), PORT: String(await freePort()) };
    const cli = gatecast(["serve"], env);
    const { status, body } = await waitFor(() => health(Number(env.PORT)));
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: "ok", gate: "cau-treo", version: expect.any(String) });
    expect(body.uptimeS).toBeTypeOf("number");
    // The "serving" line comes once every extension has started, a moment after the port opens.
    await waitFor(async () => (cli.output().includes(" serving ") ? true : undefined));
    expect(cli.output()).toContain(`http://127.0.0.1:${env.PORT}/kiosk/`);
    expect(cli.output()).toContain("imported the gate's default content pack");
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    expect(existsSync(path.join(env.DATA_DIR, "gatecast.sqlite"))).toBe(true);

    // A second start keeps the store and does not import again.
    const again = gatecast(["serve"], env);
    await waitFor(async () => (again.output().includes(" serving ") ? true : undefined));
    expect(again.output()).toContain("imported earlier");
    again.child.kill("SIGINT");
    expect(await again.exited).toBe(0);
  });

  it("says plainly that the port is taken, and exits non-zero", async () => {
    const env = { ...testEnv(), PORT: String(await freePort()) };
    const first = gatecast(["serve"], env);
    await waitFor(() => health(Number(env.PORT)));
    const second = gatecast(["serve"], { ...env, DATA_DIR: tempDir() });
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/gatecast: port \d+ on 127\.0\.0\.1 is already in use/);
    expect(second.output()).not.toMatch(/\n\s+at /); // no stack trace
    first.child.kill("SIGTERM");
    await first.exited;
  });

  it("refuses a broken content pack before creating a database", async () => {
    const files = testPack("cau-treo");
    files["packs/cau-treo/items/welcome.yaml"] = "id: welcome\nkind: article\ntitle: { vi: x, klingon: y }\n";
    const env = { GATE: "cau-treo", DATA_DIR: tempDir(), GATECAST_CONTENT_DIR: writeTree(files), PORT: "0" };
    const cli = gatecast(["serve"], env);
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toMatch(/welcome\.yaml:3: title\.klingon: unknown language "klingon"/);
    expect(existsSync(path.join(env.DATA_DIR, "gatecast.sqlite"))).toBe(false);
  });

  it("explains an unwritable DATA_DIR and a bad environment value", async () => {
    const blocked = path.join(writeTree({ f: "" }), "f", "data");
    const a = gatecast(["serve"], { ...testEnv(), DATA_DIR: blocked, PORT: "0" });
    expect(await a.exited).toBe(1);
    expect(a.output()).toContain(`gatecast: DATA_DIR ${blocked} is not writable`);
    const b = gatecast(["serve"], { ...testEnv(), PORT: "http" });
    expect(await b.exited).toBe(1);
    expect(b.output()).toContain("gatecast: environment: PORT:");
  });
});

describe("gatecast user", () => {
  it("adds a user with the password from stdin, hashed, audited, never echoed", async () => {
    const env = testEnv();
    const add = gatecast(
      ["user", "add", "--username", "nguyen.an", "--role", "supervisor"],
      env,
      "correct horse battery\n",
    );
    expect(await add.exited).toBe(0);
    expect(add.output()).toContain('created supervisor "nguyen.an"');
    expect(add.output()).not.toContain("correct horse");
    const db = openDatabase(env.DATA_DIR);
    const user = findUser(db, "nguyen.an");
    expect(user?.passwordHash).toMatch(/^scrypt\$/);
    expect(await verifyPassword("correct horse battery", user?.passwordHash ?? "")).toBe(true);
    expect(await verifyPassword("wrong", user?.passwordHash ?? "")).toBe(false);
    expect(JSON.stringify(listAudit(db))).not.toContain("scrypt");
    db.close();

    const dup = gatecast(
      ["user", "add", "--username", "nguyen.an", "--role", "operator"],
      env,
      "another long one\n",
    );
    expect(await dup.exited).toBe(1);
    expect(dup.output()).toContain('gatecast: user "nguyen.an" already exists');
    const list = gatecast(["user", "list"], env);
    expect(await list.exited).toBe(0);
    expect(list.output()).toMatch(/nguyen\.an\tsupervisor/);
  });

  it("refuses a short password and an unknown role", async () => {
    const env = testEnv();
    const short = gatecast(["user", "add", "--username", "an", "--role", "operator"], env, "short\n");
    expect(await short.exited).toBe(1);
    expect(short.output()).toContain("at least 10 characters");
    const role = gatecast(["user", "add", "--username", "an", "--role", "god"], env, "long enough pw\n");
    expect(await role.exited).not.toBe(0);
    expect(role.output()).toContain("expected one of operator, supervisor, admin");
  });
});

describe("gatecast config check", () => {
  it("checks the shipped site files and reports a broken one with file, line and field", async () => {
    const ok = gatecast(["config", "check", "firmware-config/sites/cau-treo.yaml"], testEnv());
    expect(await ok.exited).toBe(0);
    expect(ok.output()).toContain("ok — gate cau-treo");
    const bad = writeTree({ "cau-treo.yaml": "version: 2\n" });
    const cli = gatecast(["config", "check", path.join(bad, "cau-treo.yaml")], testEnv());
    expect(await cli.exited).toBe(1);
    expect(cli.output()).toMatch(/cau-treo\.yaml:1: version: expected version: 1/);
  });
});
