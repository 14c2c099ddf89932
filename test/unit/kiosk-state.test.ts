import { describe, expect, it } from "vitest";
import { loadSettings } from "../../controller/src/config/settings.js";
import type { Resolution } from "../../controller/src/domain/schedule/types.js";
import type { ContentItem } from "../../controller/src/domain/types.js";
import { buildKioskState } from "../../controller/src/kiosk/state.js";

const site = loadSettings({ GATE: "cau-treo" }).site;

function item(id: string, extra: Partial<ContentItem> = {}): ContentItem {
  return {
    id,
    kind: "article",
    title: { vi: `${id} vi`, lo: `${id} lo`, en: `${id} en`, "zh-Hans": `${id} zh` },
    body: { vi: "Thân bài", lo: "ເນື້ອໃນ", en: "Body", km: "អត្ថបទ" },
    ledText: {},
    durationS: 12,
    categories: ["hours"],
    ...extra,
  };
}

const items = new Map<string, ContentItem>([
  ["welcome", item("welcome", { categories: ["welcome"] })],
  ["hours", item("hours", { categories: ["hours"] })],
  ["customs", item("customs", { categories: ["customs", "procedures"] })],
  ["old-news", item("old-news", { categories: ["news"], validUntil: "2027-03-01" })],
  ["future-news", item("future-news", { categories: ["news"], validFrom: "2027-03-03" })],
  [
    "today-news",
    item("today-news", { categories: ["news"], validFrom: "2027-03-02", validUntil: "2027-03-02" }),
  ],
  ["sign-only", item("sign-only", { kind: "led", categories: ["hours"], ledText: { vi: "Mở cửa" } })],
  [
    "photo",
    item("photo", { kind: "image", categories: ["tourism"], mediaSha256: "a".repeat(64), durationS: 8 }),
  ],
]);

function resolution(extra: Partial<Resolution> = {}): Resolution {
  return {
    // 23:30 on 2 March gate time is still 16:30 UTC: the date must be read as gate-local.
    at: Date.parse("2027-03-02T23:30:00+07:00"),
    gate: "cau-treo",
    channels: [
      {
        id: "hall",
        kind: "kiosk",
        entries: [
          {
            itemId: "welcome",
            scheduleId: "default-loop",
            priority: 0,
            kind: "default",
            reason: "default loop",
            why: { level: "default", scheduleId: "default-loop", priority: 0 },
          },
          {
            itemId: "photo",
            scheduleId: "default-loop",
            priority: 0,
            kind: "default",
            reason: "default loop",
            why: { level: "default", scheduleId: "default-loop", priority: 0 },
          },
          {
            itemId: "deleted",
            scheduleId: "default-loop",
            priority: 0,
            kind: "default",
            reason: "default loop",
            why: { level: "default", scheduleId: "default-loop", priority: 0 },
          },
        ],
      },
      { id: "gate-sign", kind: "sign", entries: [] },
    ],
    nextChangeAt: Date.parse("2027-03-03T00:00:00+07:00"),
    ...extra,
  };
}

const AT = "2027-03-02T16:30:00.000Z";

describe("the kiosk state builder", () => {
  it("inlines the channel's entries in play order, skipping items that no longer exist", () => {
    const state = buildKioskState(resolution(), { items }, site, "hall", AT);
    expect(state?.entries.map((e) => e.itemId)).toEqual(["welcome", "photo"]);
    expect(state?.entries[1]).toMatchObject({
      scheduleId: "default-loop",
      item: { kind: "image", mediaSha256: "a".repeat(64), durationS: 8 },
    });
    expect(state?.nextChangeAt).toBe("2027-03-03T00:00:00+07:00");
    expect(state?.generatedAt).toBe(AT);
  });

  it("keeps only the gate's languages, in the gate's order", () => {
    const state = buildKioskState(resolution(), { items }, site, "hall", AT);
    const welcome = state?.entries[0]?.item;
    expect(Object.keys(welcome?.title ?? {})).toEqual(["vi", "lo", "en"]);
    expect(welcome?.body).toEqual({ vi: "Thân bài", lo: "ເນື້ອໃນ", en: "Body" });
    expect(state?.gate).toEqual({
      id: "cau-treo",
      name: { vi: site.name.vi, lo: site.name.lo, en: site.name.en },
      languages: ["vi", "lo", "en"],
      neighbourCountry: "LA",
    });
    expect(state?.channel).toEqual({ id: "hall", name: site.kiosks[0]?.name, idleTimeoutS: 60 });
  });

  it("lists browseable topics valid on the gate-local date: no LED-only items, no welcome", () => {
    const state = buildKioskState(resolution(), { items }, site, "hall", AT);
    expect(state?.catalogue.map((c) => [c.id, c.items.map((i) => i.id)])).toEqual([
      ["procedures", ["customs"]],
      ["customs", ["customs"]],
      ["hours", ["hours"]],
      ["tourism", ["photo"]],
      ["news", ["today-news"]],
    ]);
  });

  it("leaves the emergency entry out of the loop and carries the notice as the alert", () => {
    const notice = {
      id: "flood",
      title: { vi: "Lũ", en: "Flood", km: "ទឹកជំនន់" },
      body: { vi: "Đóng cửa", en: "Closed" },
      ledText: {},
      startsAt: "2027-03-02T16:00:00.000Z",
      expiresAt: "2027-03-02T18:00:00.000Z",
    };
    const emergency = {
      itemId: "emergency:flood",
      scheduleId: null,
      priority: 101,
      kind: "emergency" as const,
      reason: "emergency notice",
      why: { level: "emergency" as const, noticeId: "flood" },
    };
    const base = resolution();
    const r = resolution({
      alert: notice,
      channels: base.channels.map((c) => ({ ...c, entries: [emergency, ...c.entries] })),
    });
    const state = buildKioskState(r, { items }, site, "hall", AT);
    expect(state?.entries.map((e) => e.itemId)).toEqual(["welcome", "photo"]);
    expect(state?.alert).toEqual({
      id: "flood",
      title: { vi: "Lũ", en: "Flood" },
      body: { vi: "Đóng cửa", en: "Closed" },
      startsAt: notice.startsAt,
      expiresAt: notice.expiresAt,
    });
    expect(buildKioskState(resolution(), { items }, site, "hall", AT)?.alert).toBeNull();
  });

  it("gives equal states equal versions, whenever they were made, and any change a new one", () => {
    const a = buildKioskState(resolution(), { items }, site, "hall", AT);
    const b = buildKioskState(resolution(), { items }, site, "hall", "2027-03-02T16:30:05.000Z");
    expect(a?.version).toMatch(/^[0-9a-f]{16}$/);
    expect(b?.version).toBe(a?.version);
    const edited = new Map(items);
    edited.set("welcome", item("welcome", { categories: ["welcome"], title: { vi: "Xin chào" } }));
    expect(buildKioskState(resolution(), { items: edited }, site, "hall", AT)?.version).not.toBe(a?.version);
    // A language the gate does not show changes nothing the kiosk gets.
    const foreign = new Map(items);
    foreign.set(
      "welcome",
      item("welcome", { categories: ["welcome"], body: { ...items.get("welcome")?.body, km: "x" } }),
    );
    expect(buildKioskState(resolution(), { items: foreign }, site, "hall", AT)?.version).toBe(a?.version);
  });

  it("answers undefined for a channel that is not a kiosk group", () => {
    expect(buildKioskState(resolution(), { items }, site, "gate-sign", AT)).toBeUndefined();
    expect(buildKioskState(resolution(), { items }, site, "nope", AT)).toBeUndefined();
  });

  it("gives an empty loop for a kiosk group the resolution does not mention", () => {
    const state = buildKioskState(resolution({ channels: [] }), { items }, site, "hall", AT);
    expect(state?.entries).toEqual([]);
    expect(state?.catalogue.length).toBeGreaterThan(0);
  });
});
