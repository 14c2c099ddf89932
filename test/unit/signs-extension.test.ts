import { describe, expect, it } from "vitest";
import type { SignProfile } from "../../controller/src/config/sign-profile-schema.js";
import type { Resolution } from "../../controller/src/domain/schedule/types.js";
import { parseSignAddress } from "../../controller/src/signs/driver/address.js";
import { gateWallClock } from "../../controller/src/signs/driver/sign-driver.js";
import { DUAL_CLOCK_ID, languagesOf, signMessages } from "../../controller/src/signs/led-text.js";
import { renderSignFrames } from "../../controller/src/signs/pipeline.js";

const entry = (itemId: string) => ({
  itemId,
  scheduleId: itemId.startsWith("emergency:") ? null : "s",
  priority: 0,
  kind: "default" as const,
  reason: "test",
  why: itemId.startsWith("emergency:")
    ? { level: "emergency" as const, noticeId: itemId.slice("emergency:".length) }
    : { level: "default" as const, scheduleId: "s", priority: 0 },
});

function resolution(itemIds: string[], alert?: Resolution["alert"]): Resolution {
  return {
    at: Date.parse("2026-02-17T08:00:00+07:00"),
    gate: "thanh-thuy",
    channels: [
      { id: "hall", kind: "kiosk", entries: [entry("other")] },
      { id: "gate-sign", kind: "sign", entries: itemIds.map(entry) },
    ],
    ...(alert ? { alert } : {}),
    nextChangeAt: null,
  };
}

const items = new Map([
  ["welcome", { ledText: { vi: "Chào mừng", en: "Welcome" } }],
  ["no-led", { ledText: {} }],
  ["clock", { ledText: { vi: "clock:dual" } }],
]);

const profile = {
  id: "bx5-128x32",
  protocol: "bx5",
  panel: { width: 128, height: 32 },
  colors: 3,
  modes: ["hold", "scroll", "flash"],
} as SignProfile;

describe("what a sign channel shows", () => {
  it("takes each entry's LED text, in play order, and says why it leaves one out", () => {
    const { messages, problems } = signMessages(
      resolution(["welcome", "no-led", "gone"]),
      "gate-sign",
      items,
    );
    expect(messages).toEqual([{ itemId: "welcome", kind: "text", text: { vi: "Chào mừng", en: "Welcome" } }]);
    expect(problems).toEqual(["no-led: no LED text", "gone: no such item"]);
  });

  it("shows the emergency notice's LED text during an emergency", () => {
    const alert = {
      id: "storm",
      title: { vi: "Bão" },
      body: {},
      ledText: { vi: "Bão lớn", en: "Storm" },
      startsAt: "2026-02-17T07:00:00+07:00",
      expiresAt: "2026-02-17T09:00:00+07:00",
    };
    const { messages } = signMessages(resolution(["emergency:storm"], alert), "gate-sign", items);
    expect(messages).toEqual([{ itemId: "emergency:storm", kind: "text", text: alert.ledText }]);
  });

  it("knows the dual clock by its pseudo id or by an item whose LED text is clock:dual", () => {
    const { messages } = signMessages(resolution([DUAL_CLOCK_ID, "clock"]), "gate-sign", items);
    expect(messages.map((m) => m.kind)).toEqual(["dualClock", "dualClock"]);
    // 08:05 in Vietnam is 09:05 in Beijing.
    const at = Date.parse("2026-02-17T08:05:30+07:00");
    const { frames, problems } = renderSignFrames(messages.slice(0, 1), ["vi", "zh-Hans", "en"], profile, at);
    expect(problems).toEqual([]);
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ itemId: DUAL_CLOCK_ID, scroll: false });
    expect(frames[0]?.bitmap).toMatchObject({ width: 128, height: 32 });
  });

  it("renders the gate's languages the message has, in the gate's order", () => {
    expect(languagesOf({ en: "Hi", vi: "Chào", km: "សួស្តី" }, ["vi", "lo", "en"], false)).toEqual(["vi", "en"]);
    expect(languagesOf({ en: "Hi", vi: "Chào", km: "សួស្តី" }, ["vi", "lo", "en"], true)).toEqual([
      "vi",
      "en",
      "km",
    ]);
    expect(languagesOf({ vi: "  " }, ["vi"], false)).toEqual([]);
  });
});

describe("sign addresses and clocks", () => {
  it("reads Alpha hex addresses and BX-5 decimal screen addresses; 00 is broadcast", () => {
    expect(parseSignAddress("alpha", "00")).toBeUndefined();
    expect(parseSignAddress("alpha", "1F")).toBe(0x1f);
    expect(() => parseSignAddress("alpha", "1")).toThrow(RangeError);
    expect(parseSignAddress("bx5", "1")).toBe(1);
    expect(parseSignAddress("bx5", "00")).toBeUndefined();
    expect(() => parseSignAddress("bx5", "x1")).toThrow(RangeError);
  });

  it("sets signs to gate-local time (UTC+7), whatever the process time zone", () => {
    expect(gateWallClock(Date.parse("2026-12-31T17:30:05Z"))).toEqual({
      year: 2027,
      month: 1,
      day: 1,
      hour: 0,
      minute: 30,
      second: 5,
    });
  });
});
