import { beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "../../controller/src/store/audit-repo.js";
import { startTestController } from "../helpers/controller.js";
import { ConsoleClient, seedUsers, sharedHash } from "./auth-helpers.js";

beforeAll(async () => {
  await sharedHash();
});

async function operatorAt() {
  const c = await startTestController();
  await seedUsers(c, { lan: "operator" });
  return { c, lan: await new ConsoleClient(c.url).loginOk("lan") };
}

const lastAudit = (c: Awaited<ReturnType<typeof operatorAt>>["c"]) => listAudit(c.ctx.db, { limit: 1 })[0];

const signAt = async (client: ConsoleClient, instant: string, draft = false) => {
  const now = await client.get(`/api/v1/now?at=${encodeURIComponent(instant)}${draft ? "&draft=1" : ""}`);
  return now.body.channels.find((ch: { id: string }) => ch.id === "gate-sign");
};

describe("PUT and DELETE items, playlists, schedules (drafts)", () => {
  it("drafts (201 new, 200 replaced), audits each with before, after, user and address, and publishes", async () => {
    const { c, lan } = await operatorAt();
    const created = await lan.put("/api/v1/items/closed", {
      kind: "led",
      ledText: { vi: "Tạm đóng", en: "Closed" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      entity: "item",
      id: "closed",
      op: "put",
      before: null,
      after: { id: "closed", kind: "led", durationS: 10 },
      author: "lan",
      baseVersion: 1,
      stale: false,
    });
    expect(created.body.createdAt).toMatch(/\+07:00$/);
    expect(lastAudit(c)).toMatchObject({
      actor: "lan",
      address: expect.stringMatching(/127\.0\.0\.1/),
      action: "draft",
      entity: "item",
      entityId: "closed",
      before: null,
      after: { id: "closed", ledText: { vi: "Tạm đóng", en: "Closed" } },
    });

    const replaced = await lan.put("/api/v1/items/closed", {
      id: "closed",
      kind: "led",
      ledText: { vi: "Đóng cửa" },
      durationS: 20,
    });
    expect(replaced.status).toBe(200);
    expect(lastAudit(c)).toMatchObject({
      action: "draft",
      before: { ledText: { vi: "Tạm đóng", en: "Closed" }, durationS: 10 },
      after: { ledText: { vi: "Đóng cửa" }, durationS: 20 },
    });
    // Live reads do not see a draft; `?draft=1` does.
    expect((await lan.get("/api/v1/items/closed")).status).toBe(404);
    expect((await lan.get("/api/v1/items/closed?draft=1")).body.durationS).toBe(20);

    // A new playlist draft may name a new item draft; a schedule draft the new playlist.
    const playlist = await lan.put("/api/v1/playlists/night", {
      name: "Night",
      itemIds: ["hours", "closed"],
    });
    expect(playlist.status).toBe(201);
    const schedule = await lan.put("/api/v1/schedules/night-notice", {
      name: "Night",
      kind: "normal",
      target: { playlistId: "night" },
      channels: ["*"],
      dayparts: [{ start: "22:00", end: "06:00" }],
    });
    expect(schedule.status).toBe(201);
    expect((await lan.get("/api/v1/drafts")).body.map((d: { id: string }) => d.id)).toEqual([
      "closed",
      "night",
      "night-notice",
    ]);
    // Screens show nothing of it yet; the preview with drafts does.
    expect((await signAt(lan, "2026-06-01T23:30:00+07:00")).entries).not.toContainEqual(
      expect.objectContaining({ messageId: "closed" }),
    );
    expect((await signAt(lan, "2026-06-01T23:30:00+07:00", true)).entries).toEqual([
      expect.objectContaining({ messageId: "closed", scheduleId: "night-notice" }),
    ]);

    // This gate needs no approval: the operator publishes, and the scheduler follows at once.
    const published = await lan.post("/api/v1/publications", { changes: "all" });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({
      status: "published",
      version: 2,
      author: "lan",
      decidedBy: "lan",
    });
    expect((await signAt(lan, "2026-06-01T23:30:00+07:00")).entries).toEqual([
      expect.objectContaining({ messageId: "closed", scheduleId: "night-notice" }),
    ]);
    expect((await lan.get("/api/v1/items/closed")).body.durationS).toBe(20);
    expect((await lan.get("/api/v1/drafts")).body).toEqual([]);
    const applied = listAudit(c.ctx.db, { entity: "item" }).find((r) => r.action === "create");
    expect(applied).toMatchObject({
      actor: "lan",
      entityId: "closed",
      before: null,
      after: { durationS: 20 },
    });
  });

  it("refuses a body whose id differs from the path, invalid content, and a body that is not an object", async () => {
    const { c, lan } = await operatorAt();
    const moved = await lan.put("/api/v1/items/a", { id: "b", kind: "led", ledText: { vi: "x" } });
    expect(moved.status).toBe(400);
    expect(moved.body.error).toMatchObject({ code: "invalid", field: "id" });
    const invalid = await lan.put("/api/v1/playlists/p", { name: "P", itemIds: ["no-such-item"] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toMatchObject({ code: "invalid", field: "itemIds.0" });
    const badId = await lan.put("/api/v1/items/Not_An_Id", { kind: "led", ledText: { vi: "x" } });
    expect(badId.body.error.field).toBe("id");
    const array = await lan.put("/api/v1/schedules/s", [1, 2]);
    expect(array.status).toBe(400);
    const noType = await lan.send("PUT", "/api/v1/items/x", { headers: { "content-type": "text/plain" } });
    expect(noType.status).toBe(400);
    expect(
      c.ctx.db.prepare("SELECT count(*) AS n FROM audit WHERE actor = 'lan' AND action != 'login'").get(),
    ).toEqual({ n: 0 });
    expect((await lan.get("/api/v1/drafts")).body).toEqual([]);
  });

  it("drafts deletes of what nothing uses (drafts included), refuses what something uses (409)", async () => {
    const { c, lan } = await operatorAt();
    const used = await lan.delete("/api/v1/items/welcome");
    expect(used.status).toBe(409);
    expect(used.body.error.message).toContain('playlist "attract"');
    expect((await lan.delete("/api/v1/playlists/attract")).status).toBe(409);
    expect((await lan.delete("/api/v1/items/nothing")).status).toBe(404);

    const loop = await lan.delete("/api/v1/schedules/default-loop");
    expect(loop.status).toBe(200);
    expect(loop.body).toMatchObject({
      entity: "schedule",
      id: "default-loop",
      op: "delete",
      before: { id: "default-loop", kind: "default" },
      after: null,
    });
    expect(lastAudit(c)).toMatchObject({
      actor: "lan",
      address: expect.any(String),
      action: "draft-delete",
      entity: "schedule",
      entityId: "default-loop",
      before: { id: "default-loop", kind: "default" },
      after: null,
    });
    // With the schedule's delete drafted, nothing (drafts included) uses the playlist any more.
    expect((await lan.delete("/api/v1/playlists/attract")).status).toBe(200);
    expect((await lan.delete("/api/v1/items/hours")).status).toBe(200);
    expect((await lan.get("/api/v1/items/hours")).status).toBe(200);
    expect((await lan.get("/api/v1/items/hours?draft=1")).status).toBe(404);

    // Deleting something that exists only as a draft discards that draft.
    expect((await lan.put("/api/v1/items/temp", { kind: "led", ledText: { vi: "x" } })).status).toBe(201);
    expect((await lan.delete("/api/v1/items/temp")).status).toBe(204);
    expect(lastAudit(c)).toMatchObject({ action: "discard", entity: "item", entityId: "temp", after: null });

    expect((await lan.post("/api/v1/publications", { changes: "all" })).body.status).toBe("published");
    expect((await lan.get("/api/v1/items/hours")).status).toBe(404);
    expect((await lan.get("/api/v1/schedules")).body).toEqual([]);
    expect(listAudit(c.ctx.db, { entity: "schedule", limit: 1 })[0]).toMatchObject({
      actor: "lan",
      action: "delete",
      entityId: "default-loop",
      before: { id: "default-loop" },
      after: null,
    });
  });
});

describe("emergency notices", () => {
  it("creates with a generated id and startsAt now, lists, and clears (audited, once)", async () => {
    const { c, lan } = await operatorAt();
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString();
    const created = await lan.post("/api/v1/emergencies", {
      title: { vi: "Bão số 3", en: "Typhoon" },
      ledText: { vi: "BÃO - TẠM DỪNG THÔNG QUAN" },
      expiresAt,
    });
    expect(created.status).toBe(201);
    const { id } = created.body;
    expect(id).toMatch(/^emergency-\d{8}-\d{4}-[0-9a-f]{6}$/);
    expect(created.body.state).toBe("active");
    expect(Math.abs(Date.parse(created.body.startsAt) - Date.now())).toBeLessThan(60_000);
    expect(created.body.startsAt).toMatch(/\+07:00$/);
    expect(lastAudit(c)).toMatchObject({ actor: "lan", action: "create", entity: "emergency", entityId: id });
    expect((await lan.get("/api/v1/now")).body.alert).toMatchObject({ id });

    const list = await lan.get("/api/v1/emergencies");
    expect(list.body).toEqual([expect.objectContaining({ id, state: "active" })]);
    // Urgent: live at once, never a draft, whatever the gate's approval rule.
    expect((await lan.get("/api/v1/drafts")).body).toEqual([]);

    const cleared = await lan.post(`/api/v1/emergencies/${id}/clear`, {});
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({
      id,
      state: "cleared",
      clearedAt: expect.stringMatching(/\+07:00$/),
    });
    const audit = lastAudit(c);
    expect(audit).toMatchObject({ actor: "lan", action: "update", entity: "emergency", entityId: id });
    expect((audit?.before as { clearedAt?: string } | undefined)?.clearedAt).toBeUndefined();
    expect((audit?.after as { clearedAt?: string } | undefined)?.clearedAt).toBe(cleared.body.clearedAt);
    expect((await lan.get("/api/v1/now")).body.alert).toBeUndefined();

    // A second clear (double click, a colleague) changes and audits nothing.
    const again = await lan.post(`/api/v1/emergencies/${id}/clear`, {});
    expect(again.body.clearedAt).toBe(cleared.body.clearedAt);
    expect(lastAudit(c)?.id).toBe(audit?.id);
    expect((await lan.post("/api/v1/emergencies/nothing/clear", {})).status).toBe(404);
  });

  it("needs expiresAt in the future, refuses a taken id and a pre-cleared notice", async () => {
    const { lan } = await operatorAt();
    const missing = await lan.post("/api/v1/emergencies", { title: { vi: "Bão" } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.field).toBe("expiresAt");
    const past = await lan.post("/api/v1/emergencies", {
      title: { vi: "Bão" },
      expiresAt: "2020-01-01T00:00:00+07:00",
    });
    expect(past.body.error).toMatchObject({ code: "invalid", field: "expiresAt" });
    const future = new Date(Date.now() + 60_000).toISOString();
    const cleared = await lan.post("/api/v1/emergencies", {
      title: { vi: "Bão" },
      expiresAt: future,
      clearedAt: future,
    });
    expect(cleared.body.error.field).toBe("clearedAt");
    const badLang = await lan.post("/api/v1/emergencies", { title: { fr: "Tempête" }, expiresAt: future });
    expect(badLang.body.error.field).toBe("title.fr");
    expect(
      (await lan.post("/api/v1/emergencies", { id: "storm", title: { vi: "Bão" }, expiresAt: future }))
        .status,
    ).toBe(201);
    const taken = await lan.post("/api/v1/emergencies", {
      id: "storm",
      title: { vi: "Bão" },
      expiresAt: future,
    });
    expect(taken.status).toBe(409);
  });
});
