/**
 * A big screen is a channel like a kiosk group and a sign: schedules name it, the resolver gives it
 * entries with reasons, an emergency interrupts it, and its state carries what the player needs.
 */
import { describe, expect, it } from "vitest";
import { loadSettings } from "../../controller/src/config/settings.js";
import { siteSchema } from "../../controller/src/config/site-schema.js";
import type { ScreenMedia } from "../../controller/src/contract/screen.js";
import { resolve } from "../../controller/src/domain/schedule/resolve.js";
import type { ContentItem, Schedule, Snapshot } from "../../controller/src/domain/types.js";
import { channelsOf } from "../../controller/src/playout/scheduler.js";
import { buildScreenState } from "../../controller/src/screen/state.js";

const site = loadSettings({ GATE: "thanh-thuy" }).site;
const VIDEO = "a".repeat(64);
const VI_VTT = "b".repeat(64);
const EN_VTT = "c".repeat(64);
const MISSING = "d".repeat(64);

const media = new Map<string, ScreenMedia>([
  [VIDEO, { sha256: VIDEO, mime: "video/mp4", durationMs: 30_000, width: 1280, height: 720 }],
  [VI_VTT, { sha256: VI_VTT, mime: "text/vtt" }],
  [EN_VTT, { sha256: EN_VTT, mime: "text/vtt" }],
]);

function item(id: string, extra: Partial<ContentItem> = {}): ContentItem {
  return {
    id,
    kind: "article",
    title: { vi: `${id} vi`, "zh-Hans": `${id} zh`, en: `${id} en`, km: "not this gate's" },
    body: { vi: "Thân bài", "zh-Hans": "正文", en: "Body" },
    ledText: { vi: "LED" },
    durationS: 10,
    categories: ["welcome"],
    ...extra,
  };
}

const schedule = (id: string, channels: string[], itemId: string, priority = 0): Schedule => ({
  id,
  name: id,
  kind: priority ? "normal" : "default",
  target: { itemId },
  channels,
  priority,
  recurrence: { type: "daily" },
  dayparts: [],
  enabled: true,
});

function snapshot(extra: Partial<Snapshot> = {}): Snapshot {
  const items = [
    item("welcome"),
    item("film", { kind: "video", mediaSha256: VIDEO, subtitles: { vi: VI_VTT, en: EN_VTT, km: VI_VTT } }),
    item("downloading", { kind: "video", mediaSha256: MISSING }),
    item("led-only", { kind: "led", title: {}, ledText: { vi: "Chỉ bảng LED" } }),
  ];
  return {
    gateId: site.id,
    languages: site.languages,
    channels: channelsOf(site),
    items: new Map(items.map((i) => [i.id, i])),
    playlists: new Map([
      ["loop", { id: "loop", name: "loop", itemIds: ["welcome", "film", "downloading", "led-only"] }],
    ]),
    schedules: [
      { ...schedule("everywhere", ["*"], "welcome"), target: { playlistId: "loop" } },
      schedule("screen-film", ["gate-screen"], "film", 50),
    ],
    emergencies: [],
    holidayOverrides: [],
    ...extra,
  };
}

const AT = Date.parse("2027-05-10T10:00:00+07:00");

describe("a big screen's state", () => {
  it("is a channel the resolver answers, with reasons, for the schedule that names it", () => {
    const resolution = resolve(snapshot(), AT);
    const channel = resolution.channels.find((c) => c.id === "gate-screen");
    expect(channel?.kind).toBe("screen");
    expect(channel?.entries.map((e) => e.itemId)).toEqual(["film"]);
    expect(channel?.entries[0]?.why).toMatchObject({
      level: "normal",
      scheduleId: "screen-film",
      priority: 50,
    });
    // The kiosk group plays the loop: the screen's schedule does not reach it.
    const hall = resolution.channels.find((c) => c.id === "hall");
    expect(new Set(hall?.entries.map((e) => e.scheduleId))).toEqual(new Set(["everywhere"]));
  });

  it("carries the screen's size, sound, languages and ticker, and a video's media and subtitles", () => {
    const state = buildScreenState(resolve(snapshot(), AT), snapshot(), site, "gate-screen", (s) =>
      media.get(s),
    );
    expect(state?.channel).toEqual({
      kind: "screen",
      id: "gate-screen",
      name: "Màn hình LED quảng trường cửa khẩu",
      width: 768,
      height: 432,
      orientation: "landscape",
      sound: { enabled: true, volume: 60, quietHours: [{ start: "22:00", end: "06:00" }] },
      languages: ["vi", "zh-Hans", "en"],
      slideLanguageS: 8,
    });
    expect(state?.ticker.vi).toMatch(/Thanh Thủy/);
    expect(state?.entries).toHaveLength(1);
    const film = state?.entries[0]?.item;
    expect(film?.media).toEqual(media.get(VIDEO));
    // Only the gate's languages: the Khmer track is not this gate's.
    expect(film?.subtitles).toEqual({ vi: VI_VTT, en: EN_VTT });
    expect(film?.title.km).toBeUndefined();
    expect(state?.gate.neighbourCountry).toBe("CN");
  });

  it("leaves out a video whose file has not arrived, and LED-only messages", () => {
    const snap = snapshot({
      schedules: [{ ...schedule("all", ["*"], "welcome"), target: { playlistId: "loop" } }],
    });
    const state = buildScreenState(resolve(snap, AT), snap, site, "gate-screen", (s) => media.get(s));
    expect(state?.entries.map((e) => e.itemId)).toEqual(["welcome", "film"]);
  });

  it("is interrupted by an emergency notice, and its version changes with it", () => {
    const calm = buildScreenState(resolve(snapshot(), AT), snapshot(), site, "gate-screen", (s) =>
      media.get(s),
    );
    const snap = snapshot({
      emergencies: [
        {
          id: "closed",
          title: { vi: "Cửa khẩu tạm đóng", en: "Gate closed" },
          body: { vi: "Do mưa lũ", en: "Flooding" },
          ledText: {},
          startsAt: "2027-05-10T09:00:00+07:00",
          expiresAt: "2027-05-10T12:00:00+07:00",
        },
      ],
    });
    const alarmed = buildScreenState(resolve(snap, AT), snap, site, "gate-screen", (s) => media.get(s));
    expect(alarmed?.alert).toMatchObject({ id: "closed", title: { vi: "Cửa khẩu tạm đóng" } });
    expect(alarmed?.version).not.toBe(calm?.version);
  });

  it("is undefined for a channel that is not a screen", () => {
    expect(
      buildScreenState(resolve(snapshot(), AT), snapshot(), site, "hall", () => undefined),
    ).toBeUndefined();
  });
});

describe("screens in the site file", () => {
  const base = { ...site, screens: [] } as Record<string, unknown>;
  const withScreen = (screen: Record<string, unknown>) =>
    siteSchema.safeParse({
      ...base,
      screens: [{ id: "wall", name: "Wall", width: 768, height: 432, ...screen }],
    });

  it.each([
    [{ width: 0 }, ["screens", 0, "width"], /at least 64/],
    [{ height: 100_000 }, ["screens", 0, "height"], /at most 16384/],
    [{ languages: ["km"] }, ["screens", 0, "languages", 0], /not one of the gate's languages/],
    [{ id: "hall" }, ["screens", 0, "id"], /used twice/],
    [
      { sound: { quietHours: [{ start: "22:00", end: "22:00" }] } },
      ["screens", 0, "sound", "quietHours", 0, "end"],
      /empty span/,
    ],
  ])("refuses %j naming the field", (screen, path, message) => {
    const parsed = withScreen(screen);
    expect(parsed.success).toBe(false);
    const issue = parsed.error?.issues.find((i) => JSON.stringify(i.path) === JSON.stringify(path));
    expect(issue?.message).toMatch(message);
  });

  it("takes orientation from the size when not given", () => {
    const parsed = withScreen({ width: 432, height: 768 });
    expect(parsed.success).toBe(true);
  });
});
