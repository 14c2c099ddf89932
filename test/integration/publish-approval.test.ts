/**
 * The two-person rule at Thanh Thủy (`approval: { required: true }` in its site file): content changes
 * reach screens only when a supervisor or admin other than their author approves them.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "../../controller/src/store/audit-repo.js";
import { getJson, startTestController } from "../helpers/controller.js";
import { ConsoleClient, seedUsers, sharedHash } from "./auth-helpers.js";

beforeAll(async () => {
  await sharedHash();
});

const NIGHT = "2026-06-01T23:30:00+07:00";

async function twoPersonGate() {
  const c = await startTestController({ gate: "thanh-thuy" });
  expect(c.ctx.settings.site.approval).toEqual({ required: true });
  await seedUsers(c, { lan: "operator", mai: "supervisor", hung: "admin" });
  return {
    c,
    lan: await new ConsoleClient(c.url).loginOk("lan"),
    mai: await new ConsoleClient(c.url).loginOk("mai"),
    hung: await new ConsoleClient(c.url).loginOk("hung"),
  };
}

/** What the gate sign shows at `instant`, as anyone (a kiosk, the public preview) sees it. */
async function signShows(url: string, instant = NIGHT): Promise<string[]> {
  const now = await getJson(url, `/api/v1/now?at=${encodeURIComponent(instant)}`);
  const sign = now.body.channels.find((ch: { id: string }) => ch.id === "gate-sign");
  return sign.entries.map((e: { messageId?: string; itemId?: string }) => e.messageId ?? e.itemId);
}

async function draftNightNotice(client: ConsoleClient, text = "Cửa khẩu đóng") {
  expect(
    (await client.put("/api/v1/items/closed", { kind: "led", ledText: { vi: text } })).status,
  ).toBeLessThan(300);
  const schedule = await client.put("/api/v1/schedules/night-notice", {
    name: "Night notice",
    kind: "normal",
    target: { itemId: "closed" },
    channels: ["gate-sign"],
    dayparts: [{ start: "22:00", end: "06:00" }],
  });
  expect(schedule.status).toBeLessThan(300);
}

describe("at a gate that requires approval", () => {
  it("keeps an operator's change off the screens until another supervisor approves it", async () => {
    const { c, lan, mai } = await twoPersonGate();
    await draftNightNotice(lan);
    expect(await signShows(c.url)).not.toContain("closed");

    const requested = await lan.post("/api/v1/publications", { changes: "all", note: "đóng cửa ban đêm" });
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({
      status: "pending",
      kind: "changes",
      author: "lan",
      note: "đóng cửa ban đêm",
      version: null,
      approvalRequired: true,
    });
    expect(
      requested.body.changes.map((ch: { entity: string; id: string }) => `${ch.entity} ${ch.id}`),
    ).toEqual(["item closed", "schedule night-notice"]);
    const id = requested.body.id;
    // Pending: nothing on screens, in the live reads, or in the scheduler.
    expect(await signShows(c.url)).not.toContain("closed");
    expect((await lan.get("/api/v1/items/closed")).status).toBe(404);
    expect(c.ctx.scheduler.content().items.has("closed")).toBe(false);
    expect(
      (await mai.get("/api/v1/publications?status=pending")).body.map((p: { id: number }) => p.id),
    ).toEqual([id]);

    // An operator cannot approve, not even someone else's.
    const byOperator = await lan.post(`/api/v1/publications/${id}/approve`, {});
    expect(byOperator.status).toBe(403);
    expect(byOperator.body.error.code).toBe("forbidden");

    const approved = await mai.post(`/api/v1/publications/${id}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: "published", decidedBy: "mai", version: 2 });
    expect(approved.body.decidedAt).toMatch(/\+07:00$/);
    expect(approved.body.changes[0]).toMatchObject({ entity: "item", id: "closed", op: "put", before: null });
    expect(await signShows(c.url)).toEqual(["closed"]);
    expect((await lan.get("/api/v1/drafts")).body).toEqual([]);

    // Audited: the request (lan), each entity (before/after), and the publication (mai).
    const rows = listAudit(c.ctx.db, { limit: 10 });
    expect(rows.find((r) => r.action === "request")).toMatchObject({
      actor: "lan",
      entity: "publication",
      entityId: String(id),
    });
    expect(rows.find((r) => r.action === "publish")).toMatchObject({
      actor: "mai",
      entity: "publication",
      entityId: String(id),
      after: { author: "lan", version: 2 },
    });
    expect(rows.find((r) => r.entity === "schedule" && r.action === "create")).toMatchObject({
      actor: "mai",
      entityId: "night-notice",
      before: null,
      after: { target: { itemId: "closed" } },
    });

    // Decided is final.
    const again = await mai.post(`/api/v1/publications/${id}/approve`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/published already/);
  });

  it("refuses the author's own approval (403 with the reason), whatever their role", async () => {
    const { c, mai, hung } = await twoPersonGate();
    await draftNightNotice(mai);
    const { id } = (await mai.post("/api/v1/publications", { changes: "all" })).body;
    const own = await mai.post(`/api/v1/publications/${id}/approve`, {});
    expect(own.status).toBe(403);
    expect(own.body.error).toMatchObject({ code: "forbidden" });
    expect(own.body.error.message).toMatch(/two-person rule: you requested publication \d+/);
    expect(await signShows(c.url)).not.toContain("closed");
    expect((await mai.get(`/api/v1/publications/${id}`)).body.status).toBe("pending");

    const byAdmin = await hung.post(`/api/v1/publications/${id}/approve`, {});
    expect(byAdmin.status).toBe(200);
    expect(await signShows(c.url)).toEqual(["closed"]);
  });

  it("changes nothing when a publication is rejected; its drafts stay for another try", async () => {
    const { c, lan, mai } = await twoPersonGate();
    const welcome = (await lan.get("/api/v1/items/welcome")).body;
    await lan.put("/api/v1/items/welcome", { ...welcome, title: { vi: "Sai chính tả" } });
    const { id } = (await lan.post("/api/v1/publications", { changes: [{ entity: "item", id: "welcome" }] }))
      .body;

    const noReason = await mai.post(`/api/v1/publications/${id}/reject`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe("reason");

    const versionsBefore = (await mai.get("/api/v1/versions")).body;
    const rejected = await mai.post(`/api/v1/publications/${id}/reject`, { reason: "lỗi chính tả" });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: "rejected", reason: "lỗi chính tả", decidedBy: "mai" });
    expect((await lan.get("/api/v1/items/welcome")).body).toEqual(welcome);
    expect((await mai.get("/api/v1/versions")).body).toEqual(versionsBefore);
    expect(listAudit(c.ctx.db, { limit: 1 })[0]).toMatchObject({
      actor: "mai",
      action: "reject",
      entity: "publication",
      after: { reason: "lỗi chính tả" },
    });
    expect((await lan.get("/api/v1/drafts")).body).toEqual([expect.objectContaining({ id: "welcome" })]);
    expect((await mai.post(`/api/v1/publications/${id}/approve`, {})).status).toBe(409);
    expect((await mai.get("/api/v1/publications?status=rejected")).body).toHaveLength(1);
  });

  it("publishes what was approved: a draft edited after the request stays a draft (marked stale)", async () => {
    const { c, lan, mai } = await twoPersonGate();
    const welcome = (await lan.get("/api/v1/items/welcome")).body;
    await lan.put("/api/v1/items/welcome", { ...welcome, durationS: 15 });
    const { id } = (await lan.post("/api/v1/publications", { changes: "all" })).body;
    await lan.put("/api/v1/items/welcome", { ...welcome, durationS: 99 });

    expect((await mai.post(`/api/v1/publications/${id}/approve`, {})).status).toBe(200);
    expect((await lan.get("/api/v1/items/welcome")).body.durationS).toBe(15);
    const drafts = (await lan.get("/api/v1/drafts")).body;
    expect(drafts).toEqual([
      expect.objectContaining({
        id: "welcome",
        before: expect.objectContaining({ durationS: 15 }),
        after: expect.objectContaining({ durationS: 99 }),
        baseVersion: 1,
        stale: true,
      }),
    ]);
    expect(c.ctx.scheduler.content().items.get("welcome")?.durationS).toBe(15);
  });

  it("refuses, atomically, a publication that no longer validates when approved", async () => {
    const { c, lan, mai, hung } = await twoPersonGate();
    // An LED message goes live.
    await lan.put("/api/v1/items/extra", { kind: "led", ledText: { vi: "Thêm" } });
    const first = (await lan.post("/api/v1/publications", { changes: "all" })).body;
    expect((await mai.post(`/api/v1/publications/${first.id}/approve`, {})).status).toBe(200);

    // A playlist using it and a schedule using the playlist wait for approval…
    await lan.put("/api/v1/playlists/evening", { name: "Evening", itemIds: ["extra", "hours"] });
    await lan.put("/api/v1/schedules/evening-loop", {
      name: "Evening",
      kind: "normal",
      target: { playlistId: "evening" },
      channels: ["*"],
      dayparts: [{ start: "18:00", end: "22:00" }],
    });
    const pending = (await lan.post("/api/v1/publications", { changes: "all" })).body;
    expect(pending.status).toBe("pending");

    // …while the drafts are dropped and the message deleted through another publication.
    expect((await lan.delete("/api/v1/drafts/playlist/evening")).status).toBe(409); // the schedule uses it
    expect((await lan.delete("/api/v1/drafts/schedule/evening-loop")).status).toBe(204);
    expect((await lan.delete("/api/v1/drafts/playlist/evening")).status).toBe(204);
    expect((await lan.delete("/api/v1/items/extra")).status).toBe(200);
    const removal = (await lan.post("/api/v1/publications", { changes: "all" })).body;
    expect((await hung.post(`/api/v1/publications/${removal.id}/approve`, {})).status).toBe(200);
    expect((await lan.get("/api/v1/items/extra")).status).toBe(404);

    const auditBefore = listAudit(c.ctx.db, { limit: 1 })[0]?.id ?? 0;
    const versionsBefore = (await mai.get("/api/v1/versions")).body.length;
    const refused = await mai.post(`/api/v1/publications/${pending.id}/approve`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("conflict");
    expect(refused.body.error.message).toMatch(/playlist "evening": itemIds\.0: no item "extra"/);
    expect(refused.body.error.message).toMatch(/nothing was applied/);
    // Nothing of it applied: not the playlist, and not the schedule that was valid on its own.
    expect((await lan.get("/api/v1/playlists/evening")).status).toBe(404);
    expect((await lan.get("/api/v1/schedules/evening-loop")).status).toBe(404);
    expect((await mai.get("/api/v1/versions")).body).toHaveLength(versionsBefore);
    const failed = (await mai.get(`/api/v1/publications/${pending.id}`)).body;
    expect(failed).toMatchObject({ status: "failed", decidedBy: "mai", version: null });
    expect(failed.reason).toMatch(/no item "extra"/);
    const newRows = listAudit(c.ctx.db, { limit: 50 }).filter((r) => r.id > auditBefore);
    expect(newRows.map((r) => `${r.action} ${r.entity}`)).toEqual(["fail publication"]);
  });

  it("restores an earlier version exactly, through a publication that needs another approver", async () => {
    const { c, lan, mai, hung } = await twoPersonGate();
    const v1 = (await mai.get("/api/v1/versions/1")).body;
    expect(v1).toMatchObject({ version: 1, publicationId: null });
    expect(v1.content.items.map((i: { id: string }) => i.id)).toEqual(["hours", "welcome"]);

    // Change, add and delete things, published as version 2.
    const welcome = (await lan.get("/api/v1/items/welcome")).body;
    await lan.put("/api/v1/items/welcome", { ...welcome, title: { vi: "Mới" }, durationS: 42 });
    await draftNightNotice(lan);
    await lan.delete("/api/v1/schedules/default-loop");
    const change = (await lan.post("/api/v1/publications", { changes: "all" })).body;
    expect((await mai.post(`/api/v1/publications/${change.id}/approve`, {})).body.version).toBe(2);
    expect(await signShows(c.url)).toEqual(["closed"]);

    expect((await lan.post("/api/v1/versions/1/restore", {})).status).toBe(403);
    const restore = await mai.post("/api/v1/versions/1/restore", { note: "quay lại gói ban đầu" });
    expect(restore.status).toBe(201);
    expect(restore.body).toMatchObject({ kind: "restore", restoreOf: 1, status: "pending", author: "mai" });
    expect(
      restore.body.changes.map(
        (ch: { op: string; entity: string; id: string }) => `${ch.op} ${ch.entity} ${ch.id}`,
      ),
    ).toEqual([
      "put item welcome",
      "put schedule default-loop",
      "delete schedule night-notice",
      "delete item closed",
    ]);
    expect((await mai.post(`/api/v1/publications/${restore.body.id}/approve`, {})).status).toBe(403);
    const restored = await hung.post(`/api/v1/publications/${restore.body.id}/approve`, {});
    expect(restored.status).toBe(200);
    expect(restored.body.version).toBe(3);

    expect((await getJson(c.url, "/api/v1/items")).body).toEqual(v1.content.items);
    expect((await getJson(c.url, "/api/v1/playlists")).body).toEqual(v1.content.playlists);
    expect((await getJson(c.url, "/api/v1/schedules")).body).toEqual(v1.content.schedules);
    expect((await mai.get("/api/v1/versions/3")).body.content).toEqual(v1.content);
    expect(await signShows(c.url)).not.toContain("closed");
    const versions = (await mai.get("/api/v1/versions")).body;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect(versions[2]).toMatchObject({
      publicationId: null,
      counts: { items: 2, playlists: 1, schedules: 1 },
    });

    // Restoring what is live already is refused.
    expect((await mai.post("/api/v1/versions/3/restore", {})).status).toBe(409);
    expect((await mai.post("/api/v1/versions/99/restore", {})).status).toBe(404);
  });

  it("previews drafts with ?draft=1 (operator and up) without touching what screens show", async () => {
    const { c, lan } = await twoPersonGate();
    await draftNightNotice(lan);
    const evaluations = c.ctx.scheduler.evaluations;
    const preview = await lan.get(`/api/v1/now?at=${encodeURIComponent(NIGHT)}&draft=1`);
    expect(preview.status).toBe(200);
    expect(preview.body.draft).toBe(true);
    const sign = preview.body.channels.find((ch: { id: string }) => ch.id === "gate-sign");
    expect(sign.entries).toEqual([
      expect.objectContaining({ messageId: "closed", scheduleId: "night-notice", level: "normal" }),
    ]);
    expect(await signShows(c.url)).not.toContain("closed");
    expect(c.ctx.scheduler.evaluations).toBe(evaluations);
    expect((await getJson(c.url, "/api/v1/now?draft=1")).status).toBe(401);
    expect((await lan.get("/api/v1/now?draft=yes")).body.error.field).toBe("query.draft");
    expect((await lan.get("/api/v1/schedules?draft=1")).body.map((s: { id: string }) => s.id)).toEqual([
      "default-loop",
      "night-notice",
    ]);
  });

  it("lets emergency notices bypass drafts and approval", async () => {
    const { c, lan } = await twoPersonGate();
    const created = await lan.post("/api/v1/emergencies", {
      id: "storm",
      title: { vi: "Bão" },
      ledText: { vi: "BÃO" },
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect(created.status).toBe(201);
    expect((await getJson(c.url, "/api/v1/now")).body.alert).toMatchObject({ id: "storm" });
    expect((await lan.get("/api/v1/drafts")).body).toEqual([]);
    expect((await lan.get("/api/v1/publications")).body).toEqual([]);
    expect(listAudit(c.ctx.db, { limit: 1 })[0]).toMatchObject({
      actor: "lan",
      action: "create",
      entity: "emergency",
    });
  });
});
