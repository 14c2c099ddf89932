import { beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "../../controller/src/store/audit-repo.js";
import { findUser } from "../../controller/src/store/users-repo.js";
import { startTestController } from "../helpers/controller.js";
import { ConsoleClient, PASSWORD, seedUsers, sharedHash } from "./auth-helpers.js";

beforeAll(async () => {
  await sharedHash();
});

async function gate(users: Parameters<typeof seedUsers>[1] = { root: "admin", lan: "operator" }) {
  const c = await startTestController();
  await seedUsers(c, users);
  return { c, root: await new ConsoleClient(c.url).loginOk("root") };
}

describe("users API (admin)", () => {
  it("lists users without password hashes and creates one who can log in", async () => {
    const { c, root } = await gate();
    const list = await root.get("/api/v1/users");
    expect(list.status).toBe(200);
    expect(list.body.map((u: { username: string }) => u.username)).toEqual(["lan", "root"]);
    expect(list.text).not.toContain("scrypt");

    const created = await root.post("/api/v1/users", {
      username: "hoa",
      role: "supervisor",
      password: "mật-khẩu-dài-đủ",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: "hoa", role: "supervisor", disabled: false });
    expect(listAudit(c.ctx.db, { entity: "user", limit: 1 })[0]).toMatchObject({
      actor: "root",
      address: expect.any(String),
      action: "create",
      after: { username: "hoa", role: "supervisor" },
    });
    expect((await new ConsoleClient(c.url).login("hoa", "mật-khẩu-dài-đủ")).status).toBe(200);
  });

  it("refuses a taken name (409), a short password and a bad name (400)", async () => {
    const { root } = await gate();
    const taken = await root.post("/api/v1/users", {
      username: "LAN",
      role: "operator",
      password: "long-enough-pw",
    });
    expect(taken.status).toBe(409);
    const short = await root.post("/api/v1/users", { username: "tuan", role: "operator", password: "short" });
    expect(short.body.error).toMatchObject({ code: "password-too-short", field: "body.password" });
    const name = await root.post("/api/v1/users", {
      username: "a b",
      role: "operator",
      password: "long-enough-pw",
    });
    expect(name.body.error.field).toBe("body.username");
    const role = await root.post("/api/v1/users", {
      username: "tuan",
      role: "root",
      password: "long-enough-pw",
    });
    expect(role.body.error.field).toBe("body.role");
    expect((await root.patch("/api/v1/users/lan", {})).status).toBe(400);
    expect((await root.patch("/api/v1/users/nobody", { role: "admin" })).status).toBe(404);
  });

  it("disabling a user ends their sessions at once; a role change applies at the next request", async () => {
    const { c, root } = await gate({ root: "admin", lan: "operator", mai: "operator" });
    const lan = await new ConsoleClient(c.url).loginOk("lan");
    const mai = await new ConsoleClient(c.url).loginOk("mai");

    expect((await mai.get("/api/v1/audit")).status).toBe(403);
    const promoted = await root.patch("/api/v1/users/mai", { role: "supervisor" });
    expect(promoted.body).toMatchObject({ username: "mai", role: "supervisor" });
    expect((await mai.get("/api/v1/audit")).status).toBe(200);

    const disabled = await root.patch("/api/v1/users/lan", { disabled: true });
    expect(disabled.body.disabled).toBe(true);
    expect(
      c.ctx.db
        .prepare("SELECT count(*) AS n FROM sessions WHERE user_id = ?")
        .get(findUser(c.ctx.db, "lan")?.id),
    ).toEqual({
      n: 0,
    });
    expect((await lan.put("/api/v1/items/x", { kind: "led", ledText: { vi: "x" } })).status).toBe(401);
    expect((await new ConsoleClient(c.url).login("lan")).status).toBe(401);
    expect(listAudit(c.ctx.db, { entity: "user", limit: 1 })[0]).toMatchObject({
      actor: "root",
      before: { disabled: false },
      after: { disabled: true },
    });
  });

  it("a new password ends the user's other sessions but keeps the admin's own", async () => {
    const { c, root } = await gate();
    const lan = await new ConsoleClient(c.url).loginOk("lan");
    expect((await root.patch("/api/v1/users/lan", { password: "một-mật-khẩu-mới" })).status).toBe(200);
    expect((await lan.get("/api/v1/session")).status).toBe(401);
    expect((await new ConsoleClient(c.url).login("lan", "một-mật-khẩu-mới")).status).toBe(200);
    expect((await new ConsoleClient(c.url).login("lan", PASSWORD)).status).toBe(401);

    const other = await new ConsoleClient(c.url).loginOk("root");
    expect((await root.patch("/api/v1/users/root", { password: "a-new-one-for-the-admin" })).status).toBe(
      200,
    );
    expect((await root.get("/api/v1/session")).status).toBe(200);
    expect((await other.get("/api/v1/session")).status).toBe(401);
  });

  it("the last active admin can neither disable nor demote themself", async () => {
    const { c, root } = await gate({ root: "admin", lan: "operator", old: "admin" });
    // A disabled admin does not count.
    expect((await root.patch("/api/v1/users/old", { disabled: true })).status).toBe(200);
    const disable = await root.patch("/api/v1/users/root", { disabled: true });
    expect(disable.status).toBe(409);
    expect(disable.body.error).toMatchObject({ code: "last-admin", field: "disabled" });
    const demote = await root.patch("/api/v1/users/root", { role: "supervisor" });
    expect(demote.body.error).toMatchObject({ code: "last-admin", field: "role" });
    expect(findUser(c.ctx.db, "root")).toMatchObject({ role: "admin", disabled: false });
    expect((await root.get("/api/v1/users")).status).toBe(200);

    // With a second active admin, stepping down is fine.
    expect((await root.patch("/api/v1/users/lan", { role: "admin" })).status).toBe(200);
    expect((await root.patch("/api/v1/users/root", { role: "supervisor" })).status).toBe(200);
    expect((await root.get("/api/v1/users")).status).toBe(403);
  });
});
