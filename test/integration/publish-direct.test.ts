/** Publishing at a gate without the two-person rule (Cầu Treo): whoever may edit publishes at once. */
import { beforeAll, describe, expect, it } from "vitest";
import { getJson, startTestController } from "../helpers/controller.js";
import { ConsoleClient, seedUsers, sharedHash } from "./auth-helpers.js";

beforeAll(async () => {
  await sharedHash();
});

async function gate() {
  const c = await startTestController();
  expect(c.ctx.settings.site.approval).toEqual({ required: false });
  await seedUsers(c, { lan: "operator", mai: "supervisor" });
  return {
    c,
    lan: await new ConsoleClient(c.url).loginOk("lan"),
    mai: await new ConsoleClient(c.url).loginOk("mai"),
  };
}

const count = (c: Awaited<ReturnType<typeof gate>>["c"], table: string) =>
  (c.ctx.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe("at a gate without approval", () => {
  it("publishes an operator's chosen drafts at once and leaves the others as drafts", async () => {
    const { c, lan } = await gate();
    const welcome = (await lan.get("/api/v1/items/welcome")).body;
    await lan.put("/api/v1/items/welcome", { ...welcome, durationS: 25 });
    await lan.put("/api/v1/items/hours", { ...(await lan.get("/api/v1/items/hours")).body, durationS: 35 });

    const seen: string[] = [];
    c.ctx.bus.on("contentChanged", (e) => seen.push(`${e.entity} ${e.id}`));
    const published = await lan.post("/api/v1/publications", {
      changes: [{ entity: "item", id: "welcome" }],
      note: "chỉ mục chào mừng",
    });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({
      status: "published",
      author: "lan",
      decidedBy: "lan",
      version: 2,
      approvalRequired: false,
      changes: [
        {
          entity: "item",
          id: "welcome",
          op: "put",
          before: expect.objectContaining({ durationS: 10 }),
          after: expect.objectContaining({ durationS: 25 }),
        },
      ],
    });
    expect(seen).toEqual([`publication ${published.body.id}`]);
    expect(c.ctx.scheduler.content().items.get("welcome")?.durationS).toBe(25);
    expect((await getJson(c.url, "/api/v1/items/hours")).body.durationS).toBe(10);
    expect((await lan.get("/api/v1/drafts")).body.map((d: { id: string }) => d.id)).toEqual(["hours"]);
    expect((await lan.get("/api/v1/publications?status=published")).body).toHaveLength(1);
    expect((await lan.get("/api/v1/publications?status=pending")).body).toEqual([]);
    expect((await lan.get("/api/v1/versions")).body.map((v: { version: number }) => v.version)).toEqual([
      2, 1,
    ]);
  });

  it("refuses a selection that would not apply, recording nothing", async () => {
    const { c, lan } = await gate();
    await lan.put("/api/v1/items/closed", { kind: "led", ledText: { vi: "Đóng" } });
    await lan.put("/api/v1/playlists/night", { name: "Night", itemIds: ["closed"] });
    const partial = await lan.post("/api/v1/publications", {
      changes: [{ entity: "playlist", id: "night" }],
    });
    expect(partial.status).toBe(409);
    expect(partial.body.error).toMatchObject({ code: "conflict" });
    expect(partial.body.error.message).toMatch(
      /^cannot publish: playlist "night": itemIds\.0: no item "closed"/,
    );
    expect(count(c, "publications")).toBe(0);
    expect((await lan.get("/api/v1/playlists/night")).status).toBe(404);

    const unknown = await lan.post("/api/v1/publications", { changes: [{ entity: "item", id: "nothing" }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe("changes.0");
    const badBody = await lan.post("/api/v1/publications", { changes: "some" });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.field).toBe("changes");
    expect((await lan.post("/api/v1/publications", { changes: [] })).status).toBe(400);

    expect((await lan.post("/api/v1/publications", { changes: "all" })).body.status).toBe("published");
    const none = await lan.post("/api/v1/publications", { changes: "all" });
    expect(none.status).toBe(409);
    expect(none.body.error.message).toBe("there are no drafts to publish");
  });

  it("restores a version at once for a supervisor, never for an operator", async () => {
    const { lan, mai } = await gate();
    await lan.put("/api/v1/items/closed", { kind: "led", ledText: { vi: "Đóng" } });
    await lan.post("/api/v1/publications", { changes: "all" });
    expect((await lan.post("/api/v1/versions/1/restore", {})).status).toBe(403);
    const restored = await mai.post("/api/v1/versions/1/restore", {});
    expect(restored.status).toBe(201);
    expect(restored.body).toMatchObject({ kind: "restore", restoreOf: 1, status: "published", version: 3 });
    expect((await lan.get("/api/v1/items/closed")).status).toBe(404);
    expect((await mai.get("/api/v1/versions/3")).body.content).toEqual(
      (await mai.get("/api/v1/versions/1")).body.content,
    );
  });

  it("answers 400 and 404 naming what is wrong", async () => {
    const { lan } = await gate();
    expect((await lan.get("/api/v1/publications?status=maybe")).body.error.field).toBe("query.status");
    expect((await lan.get("/api/v1/publications/999")).status).toBe(404);
    expect((await lan.get("/api/v1/publications/abc")).status).toBe(400);
    expect((await lan.get("/api/v1/versions/0")).status).toBe(400);
    expect((await lan.get("/api/v1/versions/7")).status).toBe(404);
    expect((await lan.delete("/api/v1/drafts/item/nothing")).status).toBe(404);
    expect((await lan.delete("/api/v1/drafts/emergency/x")).status).toBe(404);
    expect((await lan.post("/api/v1/publications/999/reject", { reason: "x" })).status).toBe(404);
  });
});

describe("the editor's dry run with drafts", () => {
  it("accepts a playlist naming a draft-only item with ?draft=1, and refuses it against live content", async () => {
    const { c, lan } = await gate();
    await lan.put("/api/v1/items/new-notice", {
      id: "new-notice",
      kind: "article",
      title: { vi: "Thông báo mới", lo: "ແຈ້ງການໃໝ່", en: "New notice" },
    });
    const playlist = { id: "evening", name: "Buổi tối", itemIds: ["welcome", "new-notice"] };
    const withDrafts = await lan.post("/api/v1/validate/playlist?draft=1", playlist);
    expect(withDrafts.status).toBe(200);
    const live = await lan.post("/api/v1/validate/playlist", playlist);
    expect(live.status).toBe(400);
    expect(live.body.error.field).toBe("itemIds.1");
    // The draft dry run needs a session, like every other draft read.
    const anonymous = await fetch(`${c.url}/api/v1/validate/playlist?draft=1`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(playlist),
    });
    expect(anonymous.status).toBe(401);
  });
});
