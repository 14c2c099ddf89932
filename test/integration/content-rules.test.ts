/**
 * The content rules over HTTP, as people at a gate meet them: the two-person rule for a supervisor's
 * own drafts (Thanh Thủy), emergency notices bounded in time and extended only by a supervisor, and
 * central programs read-only at the gate (hidden by a schedule of the gate's own).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "../../controller/src/store/audit-repo.js";
import { listEmergencies } from "../../controller/src/store/content-repo.js";
import { getJson, startTestController } from "../helpers/controller.js";
import { ConsoleClient, seedUsers, sharedHash } from "./auth-helpers.js";
import { configDir, fakeCentral, gateSite, newKey, signedLao } from "./central-helpers.js";

beforeAll(async () => {
  await sharedHash();
});

const H = 3_600_000;
const inHours = (h: number) => new Date(Date.now() + h * H).toISOString();

async function thanhThuy() {
  const c = await startTestController({ gate: "thanh-thuy" });
  expect(c.ctx.settings.site.approval.required).toBe(true);
  await seedUsers(c, { lan: "operator", mai: "supervisor", binh: "supervisor" });
  return {
    c,
    lan: await new ConsoleClient(c.url).loginOk("lan"),
    mai: await new ConsoleClient(c.url).loginOk("mai"),
    binh: await new ConsoleClient(c.url).loginOk("binh"),
  };
}

describe("the two-person rule at Thanh Thủy", () => {
  it("refuses a supervisor approving their own drafts that an operator requested", async () => {
    const { c, lan, mai, binh } = await thanhThuy();
    // The supervisor writes the change; the operator only asks for it to be published.
    const draft = await mai.put("/api/v1/items/closed", { kind: "led", ledText: { vi: "Cửa khẩu đóng" } });
    expect(draft.status).toBe(201);
    const requested = await lan.post("/api/v1/publications", { changes: "all" });
    expect(requested.status).toBe(201);
    expect(requested.body.author).toBe("lan");
    expect(requested.body.changes[0].authors).toEqual(["mai"]);

    const own = await mai.post(`/api/v1/publications/${requested.body.id}/approve`, {});
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe("forbidden");
    expect(own.body.error.message).toMatch(/two-person rule: you wrote the item "closed" change/);
    expect((await getJson(c.url, "/api/v1/items/closed")).status).toBe(404);
    expect(c.ctx.scheduler.content().items.has("closed")).toBe(false);

    // Someone who wrote none of it may.
    const other = await binh.post(`/api/v1/publications/${requested.body.id}/approve`, {});
    expect(other.status).toBe(200);
    expect((await getJson(c.url, "/api/v1/items/closed")).status).toBe(200);
  });

  it("counts a supervisor who wrote an earlier version of a draft an operator then edited", async () => {
    const { lan, mai, binh } = await thanhThuy();
    await mai.put("/api/v1/items/closed", { kind: "led", ledText: { vi: "Đóng" } });
    await lan.put("/api/v1/items/closed", { kind: "led", ledText: { vi: "Đóng cửa" } });
    const { id } = (await lan.post("/api/v1/publications", { changes: "all" })).body;
    expect((await mai.post(`/api/v1/publications/${id}/approve`, {})).status).toBe(403);
    expect((await binh.post(`/api/v1/publications/${id}/approve`, {})).status).toBe(200);
  });
});

describe("emergency notices", () => {
  it("refuses an operator's notice until 2099, naming the limit, and stores nothing", async () => {
    const { c, lan } = await thanhThuy();
    const limits = await lan.get("/api/v1/emergencies/limits");
    expect(limits.body).toEqual({
      operatorMaxHours: 24,
      supervisorMaxHours: 168,
      yourMaxHours: 24,
      maxLeadDays: 30,
    });
    const forever = await lan.post("/api/v1/emergencies", {
      title: { vi: "Đóng cửa" },
      expiresAt: "2099-12-31T23:59:00+07:00",
    });
    expect(forever.status).toBe(400);
    expect(forever.body.error).toMatchObject({ code: "invalid", field: "expiresAt" });
    expect(forever.body.error.message).toMatch(
      /an operator's notice lasts at most 24 h .*supervisor can extend/,
    );
    expect(listEmergencies(c.ctx.db)).toEqual([]);
    expect((await getJson(c.url, "/api/v1/now")).body.alert).toBeUndefined();
  });

  it("lets a supervisor extend a running notice, audited with the reason, at most a week ahead", async () => {
    const { c, lan, mai } = await thanhThuy();
    const created = await lan.post("/api/v1/emergencies", {
      id: "flood",
      title: { vi: "Lũ quét" },
      body: { vi: "Đường QL4C bị ngập.\nVui lòng chờ." },
      expiresAt: inHours(20),
    });
    expect(created.status).toBe(201);

    const byOperator = await lan.post("/api/v1/emergencies/flood/extend", {
      expiresAt: inHours(30),
      reason: "x",
    });
    expect(byOperator.status).toBe(403);
    const tooFar = await mai.post("/api/v1/emergencies/flood/extend", {
      expiresAt: inHours(169),
      reason: "mưa",
    });
    expect(tooFar.status).toBe(400);
    expect(tooFar.body.error.message).toMatch(/at most 168 h from now/);
    const noReason = await mai.post("/api/v1/emergencies/flood/extend", { expiresAt: inHours(48) });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe("reason");
    const sooner = await mai.post("/api/v1/emergencies/flood/extend", { expiresAt: inHours(2), reason: "x" });
    expect(sooner.status).toBe(400);

    const until = inHours(72);
    const extended = await mai.post("/api/v1/emergencies/flood/extend", {
      expiresAt: until,
      reason: "Mưa tiếp tục ba ngày",
    });
    expect(extended.status).toBe(200);
    expect(extended.body).toMatchObject({ id: "flood", state: "active" });
    expect(Date.parse(extended.body.expiresAt)).toBe(Date.parse(until));
    expect(Date.parse(listEmergencies(c.ctx.db)[0]?.expiresAt ?? "")).toBe(Date.parse(until));
    expect((await getJson(c.url, "/api/v1/now")).body.alert).toMatchObject({ id: "flood" });
    const extend = listAudit(c.ctx.db, { entity: "emergency" }).find((r) => r.action === "extend");
    expect(extend).toMatchObject({
      actor: "mai",
      entityId: "flood",
      after: { reason: "Mưa tiếp tục ba ngày" },
    });

    // A cleared notice stays cleared.
    expect((await lan.post("/api/v1/emergencies/flood/clear", {})).status).toBe(200);
    const afterClear = await mai.post("/api/v1/emergencies/flood/extend", {
      expiresAt: inHours(80),
      reason: "x",
    });
    expect(afterClear.status).toBe(409);
  });

  it("lets a supervisor create a notice for a week, not longer", async () => {
    const { mai } = await thanhThuy();
    const week = await mai.post("/api/v1/emergencies", { title: { vi: "Tết" }, expiresAt: inHours(167) });
    expect(week.status).toBe(201);
    const more = await mai.post("/api/v1/emergencies", { title: { vi: "Tết" }, expiresAt: inHours(170) });
    expect(more.status).toBe(400);
    expect(more.body.error.message).toMatch(/at most 168 h/);
  });
});

describe("central programs are read-only at the gate", () => {
  async function gateWithProgram() {
    const key = newKey();
    const fake = await fakeCentral();
    fake.serve([{ bundle: signedLao(key) }]);
    const gate = await startTestController({
      gate: "cau-treo",
      env: { GATECAST_CONFIG_DIR: configDir({ "cau-treo": gateSite({ url: fake.url, keys: [{ key }] }) }) },
    });
    await seedUsers(gate, { minh: "operator", mai: "supervisor" });
    const op = await new ConsoleClient(gate.url).loginOk("minh");
    expect((await op.post("/api/v1/sync", {})).status).toBe(200);
    expect((await getJson(gate.url, "/api/v1/items/p-lao-2027-greeting")).status).toBe(200);
    return { gate, op, fake, mai: await new ConsoleClient(gate.url).loginOk("mai") };
  }

  const ON_THE_DAY = "/api/v1/now?at=2027-04-13T10:00:00%2B07:00";
  const onChannel = (now: { channels: { id: string; entries: { itemId?: string }[] }[] }, id: string) =>
    now.channels.find((c) => c.id === id)?.entries.map((e) => e.itemId) ?? [];

  it("refuses edits and deletes of a program's entities (403 read-only) and ids in its namespace", async () => {
    const { gate, op, fake } = await gateWithProgram();
    try {
      const item = (await getJson(gate.url, "/api/v1/items/p-lao-2027-greeting")).body;
      const attempts = [
        await op.put("/api/v1/items/p-lao-2027-greeting", { ...item, title: { vi: "Của trạm" } }),
        await op.put("/api/v1/items/p-lao-2027-greeting", { nonsense: true }),
        await op.delete("/api/v1/items/p-lao-2027-greeting"),
        await op.put("/api/v1/playlists/p-lao-2027-pi-mai", { name: "x", itemIds: [] }),
        await op.delete("/api/v1/schedules/p-lao-2027-pi-mai-days"),
        await op.put("/api/v1/items/p-mine", { kind: "led", ledText: { vi: "x" } }),
      ];
      for (const answer of attempts) {
        expect(answer.status).toBe(403);
        expect(answer.body.error.code).toBe("read-only");
        expect(answer.body.error.message).toMatch(/belongs to a central program .*schedule of your own/);
      }
      expect((await op.get("/api/v1/drafts")).body).toEqual([]);
      expect((await getJson(gate.url, "/api/v1/items/p-lao-2027-greeting")).body).toEqual(item);
    } finally {
      await fake.close();
    }
  });

  it("lets an operator hide a program on a channel with a higher-priority schedule of their own", async () => {
    const { gate, op, fake } = await gateWithProgram();
    try {
      expect(onChannel((await getJson(gate.url, ON_THE_DAY)).body, "hall")).toEqual(["p-lao-2027-greeting"]);
      await op.put("/api/v1/items/own-greeting", {
        kind: "article",
        title: { vi: "Chào mừng", lo: "ສະບາຍດີ", en: "Welcome" },
      });
      const hide = await op.put("/api/v1/schedules/hide-pi-mai", {
        name: "Thay chương trình Pi Mai ở sảnh",
        kind: "holiday",
        target: { itemId: "own-greeting" },
        channels: ["hall"],
        priority: 100,
        recurrence: { type: "holiday", holidayId: "lao-new-year" },
      });
      expect(hide.status).toBe(201);
      expect((await op.post("/api/v1/publications", { changes: "all" })).status).toBe(201);
      const day = (await getJson(gate.url, ON_THE_DAY)).body;
      expect(onChannel(day, "hall")).toEqual(["own-greeting"]);
      // Elsewhere the program still plays, untouched.
      expect(onChannel(day, "gate-sign")).toEqual(["p-lao-2027-greeting"]);
    } finally {
      await fake.close();
    }
  });

  it("restores the gate's own content and leaves programs as they are", async () => {
    const { gate, op, mai, fake } = await gateWithProgram();
    try {
      // Version 1 is the pack before the program arrived: restoring it changes nothing of the gate's.
      const nothing = await mai.post("/api/v1/versions/1/restore", {});
      expect(nothing.status).toBe(409);
      expect(nothing.body.error.message).toMatch(/central programs are left as they are/);

      await op.put("/api/v1/items/extra", { kind: "led", ledText: { vi: "Thêm" } });
      expect((await op.post("/api/v1/publications", { changes: "all" })).status).toBe(201);
      const restore = await mai.post("/api/v1/versions/1/restore", {});
      expect(restore.status).toBe(201);
      expect(restore.body.status).toBe("published");
      expect(restore.body.changes.map((ch: { op: string; id: string }) => `${ch.op} ${ch.id}`)).toEqual([
        "delete extra",
      ]);
      expect((await getJson(gate.url, "/api/v1/items/extra")).status).toBe(404);
      expect((await getJson(gate.url, "/api/v1/items/p-lao-2027-greeting")).status).toBe(200);
    } finally {
      await fake.close();
    }
  });
});

describe("hostile text through the content routes", () => {
  it("answers 400 naming the field for NUL, lone surrogates and bidi overrides (JSON escapes included)", async () => {
    const { c, lan } = await thanhThuy();
    const send = (path: string, raw: string) =>
      lan.send(path.startsWith("PUT ") ? "PUT" : "POST", path.slice(path.indexOf(" ") + 1), {
        body: JSON.parse(raw),
      });
    const cases: [string, string, string][] = [
      ["PUT /api/v1/items/a", '{"kind":"article","title":{"vi":"x\\u0000y"}}', "title.vi"],
      ["PUT /api/v1/items/a", '{"kind":"article","title":{"vi":"x"},"body":{"en":"\\ud800"}}', "body.en"],
      ["PUT /api/v1/playlists/p", '{"name":"a\\u202eb","itemIds":[]}', "name"],
      ["POST /api/v1/emergencies", `{"title":{"vi":"\\u2066Bão"},"expiresAt":"${inHours(1)}"}`, "title.vi"],
      ["POST /api/v1/publications", '{"changes":"all","note":"a\\u0000"}', "note"],
    ];
    for (const [path, raw, field] of cases) {
      const answer = await send(path, raw);
      expect(answer.status, `${path} ${raw}`).toBe(400);
      expect(answer.body.error.field).toBe(field);
    }
    expect((await lan.get("/api/v1/drafts")).body).toEqual([]);
    expect(listEmergencies(c.ctx.db)).toEqual([]);
  });
});
