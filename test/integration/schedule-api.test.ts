import { describe, expect, it } from "vitest";
import { editTarget } from "../../controller/src/content/edit-target.js";
import { saveEmergency, saveItem, savePlaylist, saveSchedule } from "../../controller/src/content/editing.js";
import { SYSTEM } from "../../controller/src/store/audit-repo.js";
import { getJson, postJson, startTestController } from "../helpers/controller.js";

describe("GET /api/v1/now", () => {
  it("says what each channel plays, why, and when that changes", async () => {
    const c = await startTestController();
    const { status, body } = await getJson(c.url, "/api/v1/now?at=2026-06-01T09:00:00%2B07:00");
    expect(status).toBe(200);
    expect(body.at).toBe("2026-06-01T09:00:00+07:00");
    expect(body.gate).toBe("cau-treo");
    const hall = body.channels.find((ch: { id: string }) => ch.id === "hall");
    expect(hall.kind).toBe("kiosk");
    expect(hall.entries.map((e: { itemId: string }) => e.itemId)).toEqual(["welcome", "hours"]);
    expect(hall.entries[0]).toMatchObject({
      scheduleId: "default-loop",
      priority: 0,
      reason: expect.any(String),
      why: { level: "default", scheduleId: "default-loop", priority: 0 },
    });
    // Channels carry their names from the site file, for screens that show them.
    expect(hall.name).toBe("Sảnh xuất nhập cảnh");
    // The sign only gets items with LED text.
    const sign = body.channels.find((ch: { id: string }) => ch.id === "gate-sign");
    expect(sign.entries.map((e: { itemId: string }) => e.itemId)).toEqual(["welcome"]);
    expect(body.alert).toBeUndefined();
  });

  it("follows committed changes at once and an emergency interrupts every channel", async () => {
    const c = await startTestController();
    const t = editTarget(c.ctx);
    saveItem(t, SYSTEM, {
      id: "closed",
      kind: "led",
      ledText: { vi: "Cửa khẩu tạm đóng", en: "Gate closed" },
    });
    savePlaylist(t, SYSTEM, { id: "night", name: "Night", itemIds: ["hours", "closed"] });
    saveSchedule(t, SYSTEM, {
      id: "night-notice",
      name: "Night",
      kind: "normal",
      target: { playlistId: "night" },
      channels: ["*"],
      priority: 50,
      dayparts: [{ start: "22:00", end: "06:00" }],
    });
    const night = (await getJson(c.url, "/api/v1/now?at=2026-06-01T23:30:00%2B07:00")).body;
    const sign = night.channels.find((ch: { id: string }) => ch.id === "gate-sign");
    // `itemId` on every entry; an LED message also keeps its old name, `messageId` (deprecated).
    expect(sign.entries).toEqual([
      expect.objectContaining({ itemId: "closed", messageId: "closed", scheduleId: "night-notice" }),
    ]);
    const hall = night.channels.find((ch: { id: string }) => ch.id === "hall");
    expect(hall.entries.find((e: { itemId: string }) => e.itemId === "hours")).not.toHaveProperty(
      "messageId",
    );
    expect(night.nextChangeAt).toBe("2026-06-02T06:00:00+07:00");

    saveEmergency(t, SYSTEM, {
      id: "storm",
      title: { vi: "Bão", en: "Storm" },
      startsAt: "2026-06-01T10:00:00+07:00",
      expiresAt: "2026-06-01T12:00:00+07:00",
    });
    const during = (await getJson(c.url, "/api/v1/now?at=2026-06-01T11:00:00%2B07:00")).body;
    expect(during.alert).toMatchObject({ id: "storm" });
    expect(during.nextChangeAt).toBe("2026-06-01T12:00:00+07:00");
  });

  it("answers 400 naming the field for a bad instant", async () => {
    const c = await startTestController();
    const { status, body } = await getJson(c.url, "/api/v1/now?at=tomorrow");
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: "invalid", field: "query.at" });
  });
});

describe("a greeting timed from Khmer New Year's moment (the Lệ Thanh pack)", () => {
  it("takes the sign from the Songkran moment for 24 hours, and the scheduler is told exactly when", async () => {
    const c = await startTestController({ gate: "le-thanh", realContent: true });
    const sign = (body: { channels: { id: string; entries: { itemId: string; why: unknown }[] }[] }) =>
      body.channels.find((ch) => ch.id === "gate-sign")?.entries ?? [];
    // 2025: the sun enters Aries at 04:48 on 14 April, Cambodian time (= gate time).
    const before = (await getJson(c.url, "/api/v1/now?at=2025-04-14T04:47:59.999%2B07:00")).body;
    expect(sign(before).map((e) => e.itemId)).not.toEqual(["greet-khmer-new-year"]);
    expect(before.nextChangeAt).toBe("2025-04-14T04:48:00+07:00");
    const at = (await getJson(c.url, "/api/v1/now?at=2025-04-14T04:48:00%2B07:00")).body;
    expect(sign(at)).toEqual([
      expect.objectContaining({
        itemId: "greet-khmer-new-year",
        scheduleId: "greet-khmer-new-year-moment",
        holiday: "khmer-new-year",
        why: expect.objectContaining({ fromMoment: { hours: 24, known: true } }),
      }),
    ]);
    expect(at.nextChangeAt).toBe("2025-04-15T04:48:00+07:00");
    // The kiosks keep the day's holiday program.
    const hall = at.channels.find((ch: { id: string }) => ch.id === "hall");
    expect(hall.entries[0].scheduleId).toBe("holiday-khmer-new-year");
    const calendar = (await getJson(c.url, "/api/v1/calendar?year=2025")).body;
    expect(calendar.find((o: { id: string }) => o.id === "khmer-new-year").moment).toBe(
      "2025-04-14T04:48:00+07:00",
    );
  });
});

describe("GET /api/v1/calendar", () => {
  it("lists every holiday that starts in the year, with names", async () => {
    const c = await startTestController();
    const { status, body } = await getJson(c.url, "/api/v1/calendar?year=2026");
    expect(status).toBe(200);
    const byId = new Map(body.map((o: { id: string }) => [o.id, o]));
    expect(byId.get("tet")).toMatchObject({ date: "2026-02-17", name: { vi: "Tết Nguyên đán" } });
    expect(byId.get("tet-holiday")).toMatchObject({ date: "2026-02-16", endDate: "2026-02-20" });
    expect(byId.get("hung-kings")).toMatchObject({ date: "2026-04-26" });
    expect((await getJson(c.url, "/api/v1/calendar?year=1850")).status).toBe(400);
    expect((await getJson(c.url, "/api/v1/calendar")).body.error.field).toBe("query.year");
  });
});

describe("read and validate content", () => {
  it("lists items, playlists and schedules and 404s a missing one", async () => {
    const c = await startTestController();
    expect((await getJson(c.url, "/api/v1/items")).body).toHaveLength(2);
    expect((await getJson(c.url, "/api/v1/items/welcome")).body.title.lo).toBe("ຍິນດີຕ້ອນຮັບ");
    expect((await getJson(c.url, "/api/v1/playlists/attract")).body.itemIds).toEqual(["welcome", "hours"]);
    expect((await getJson(c.url, "/api/v1/schedules")).body[0].id).toBe("default-loop");
    const missing = await getJson(c.url, "/api/v1/items/nope");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not-found");
  });

  const schedule = {
    id: "s1",
    name: "S1",
    kind: "normal",
    target: { playlistId: "attract" },
    channels: ["hall"],
    priority: 50,
  };
  it.each([
    [{ ...schedule, dayparts: [{ start: "08:00", end: "08:00" }] }, "dayparts.0.end", /start equals its end/],
    [{ ...schedule, startDate: "2027-02-31" }, "startDate", /no such date/],
    [{ ...schedule, startDate: "2027-03-01", endDate: "2027-02-01" }, "endDate", /empty/],
    [
      { ...schedule, recurrence: { type: "weekly", weekdays: [] } },
      "recurrence.weekdays",
      /at least one weekday/,
    ],
    [{ ...schedule, recurrence: { type: "yearly", month: 2, day: 31 } }, "recurrence.day", /no such day/],
    [{ ...schedule, channels: ["lobby"] }, "channels.0", /no channel "lobby"/],
    [{ ...schedule, target: { playlistId: "ghost" } }, "target.playlistId", /no playlist "ghost"/],
    [{ ...schedule, kind: "interrupt" }, "interrupt", /share of the hour/],
    // Timed from a holiday's moment: only a holiday that has one, for 1–72 hours, with no dayparts.
    [
      { ...schedule, recurrence: { type: "holiday", holidayId: "lao-new-year", fromMoment: { hours: 24 } } },
      "recurrence.fromMoment",
      /'lao-new-year' has no moment .*khmer-new-year/,
    ],
    [
      {
        ...schedule,
        recurrence: { type: "holiday", holidayId: "khmer-new-year", fromMoment: { hours: 73 } },
      },
      "recurrence.fromMoment.hours",
      /72/,
    ],
    [
      {
        ...schedule,
        recurrence: { type: "holiday", holidayId: "khmer-new-year", fromMoment: { hours: 24 } },
        dayparts: [{ start: "08:00", end: "12:00" }],
      },
      "dayparts",
      /leave dayparts empty/,
    ],
  ])("refuses a bad schedule with a 400 naming the field (%#)", async (input, field, message) => {
    const c = await startTestController();
    const { status, body } = await postJson(c.url, "/api/v1/validate/schedule", input);
    expect(status).toBe(400);
    expect(body.error.field).toBe(field);
    expect(body.error.message).toMatch(message);
  });

  it("refuses an unknown language and malformed JSON", async () => {
    const c = await startTestController();
    const bad = await postJson(c.url, "/api/v1/validate/item", {
      id: "x",
      kind: "article",
      title: { fr: "Bonjour" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      field: "title.fr",
      message: expect.stringContaining('unknown language "fr"'),
    });
    const json = await postJson(c.url, "/api/v1/validate/item", "{oops");
    expect(json.status).toBe(400);
    expect(json.body.error.code).toBe("bad-json");
    const ok = await postJson(c.url, "/api/v1/validate/schedule", schedule);
    expect(ok.status).toBe(200);
  });
});

describe("GET /api/v1/lint", () => {
  it("flags schedules that can never play and exact overlaps, naming the schedule and field", async () => {
    const c = await startTestController();
    const t = editTarget(c.ctx);
    saveSchedule(t, SYSTEM, {
      id: "never",
      name: "Never",
      kind: "normal",
      target: { playlistId: "attract" },
      channels: ["hall"],
      startDate: "2027-03-01",
      endDate: "2027-03-07",
      recurrence: { type: "yearly", month: 2, day: 29 },
    });
    const { status, body } = await getJson(c.url, "/api/v1/lint");
    expect(status).toBe(200);
    expect(body).toContainEqual(
      expect.objectContaining({ scheduleId: "never", severity: expect.any(String) }),
    );
    expect(body.find((i: { scheduleId: string }) => i.scheduleId === "default-loop")).toBeUndefined();
  });
});
