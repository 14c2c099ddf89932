import { describe, expect, it } from "vitest";
import type { ScreenEntry, ScreenSound } from "../../controller/src/contract/screen.js";
import {
  endedEarly,
  entryKind,
  gateMinuteOf,
  inQuietHours,
  overrunLimitMs,
  Rotation,
  skipReasonOf,
  slideLanguages,
  volumeAt,
} from "../../display-ui/src/screen/playout.js";
import { ProofQueue } from "../../display-ui/src/shared/proof-queue.js";

function entry(id: string, mime?: string, title: Record<string, string> = { vi: "Tiêu đề" }): ScreenEntry {
  return {
    itemId: id,
    scheduleId: null,
    item: {
      id,
      kind: mime?.startsWith("video/") ? "video" : mime ? "image" : "article",
      title,
      body: {},
      durationS: 10,
      subtitles: {},
      ...(mime ? { media: { sha256: "a".repeat(64), mime } } : {}),
    },
  };
}

const sound: ScreenSound = { enabled: true, volume: 60, quietHours: [{ start: "22:00", end: "06:00" }] };

describe("the screen's playout rules", () => {
  it("tells videos, images and slides apart by the file, not the kind", () => {
    expect(entryKind(entry("a", "video/mp4"))).toBe("video");
    expect(entryKind(entry("b", "video/webm"))).toBe("video");
    expect(entryKind(entry("c", "image/png"))).toBe("image");
    expect(entryKind(entry("d"))).toBe("slide");
  });

  it("reads gate time as UTC+7 whatever the PC's zone", () => {
    expect(gateMinuteOf(Date.parse("2027-01-01T15:30:00Z"))).toBe(22 * 60 + 30);
    expect(gateMinuteOf(Date.parse("2027-01-01T17:00:00Z"))).toBe(0);
  });

  it("keeps quiet hours across midnight and is silent when sound is off", () => {
    expect(inQuietHours(sound.quietHours, 23 * 60)).toBe(true);
    expect(inQuietHours(sound.quietHours, 5 * 60 + 59)).toBe(true);
    expect(inQuietHours(sound.quietHours, 6 * 60)).toBe(false);
    expect(inQuietHours([{ start: "12:00", end: "13:00" }], 12 * 60 + 30)).toBe(true);
    expect(inQuietHours([{ start: "bad", end: "13:00" }], 12 * 60)).toBe(false);
    expect(volumeAt(sound, 9 * 60)).toBe(0.6);
    expect(volumeAt(sound, 23 * 60)).toBe(0);
    expect(volumeAt({ ...sound, enabled: false }, 9 * 60)).toBe(0);
    expect(volumeAt({ ...sound, volume: 400 }, 9 * 60)).toBe(1);
  });

  it("rotates the language with every play, and keeps going over a new state", () => {
    const rotation = new Rotation();
    const langs = ["vi", "zh-Hans", "en"] as const;
    const a = [entry("a"), entry("b")];
    const plays = Array.from({ length: 4 }, () => rotation.next(a, [...langs]));
    expect(plays.map((p) => `${p?.entry.itemId}:${p?.language}`)).toEqual([
      "a:vi",
      "b:zh-Hans",
      "a:en",
      "b:vi",
    ]);
    expect(rotation.next([entry("c")], [...langs])?.language).toBe("zh-Hans");
    expect(rotation.next([], [...langs])).toBeUndefined();
  });

  it("shows a slide in the languages it has text in", () => {
    const e = entry("s", undefined, { vi: "Xin chào", en: "Hello" });
    expect(slideLanguages(e, ["vi", "zh-Hans", "en"])).toEqual(["vi", "en"]);
    expect(slideLanguages(entry("t", undefined, {}), ["km", "vi"])).toEqual(["km"]);
  });

  it("names a media error, a stall and a cut file", () => {
    expect(skipReasonOf(2)).toBe("network");
    expect(skipReasonOf(3)).toBe("decode-error");
    expect(skipReasonOf(4)).toBe("unsupported");
    expect(skipReasonOf(undefined)).toBe("stalled");
    expect(overrunLimitMs(4_000)).toBe(9_000);
    expect(overrunLimitMs(3_600_000)).toBe(3_660_000);
    expect(endedEarly(1_200, 6_000)).toBe(true);
    expect(endedEarly(5_900, 6_000)).toBe(false);
    expect(endedEarly(1_000, undefined)).toBe(false);
  });

  it("queues skips beside plays, once each, and sends them in a batch", () => {
    const map = new Map<string, string>();
    const store = {
      getItem: (k: string) => map.get(k) ?? null,
      setItem: (k: string, v: string) => void map.set(k, v),
    };
    const queue = new ProofQueue(store, "q");
    const skip = {
      itemId: "clip",
      scheduleId: null,
      at: "2027-03-02T08:00:00.000Z",
      reason: "decode-error" as const,
    };
    queue.addSkip(skip);
    queue.addSkip(skip);
    queue.addPlay({
      itemId: "clip",
      scheduleId: null,
      startedAt: "2027-03-02T07:59:00.000Z",
      durationMs: 4000,
    });
    const pending = queue.nextBatch();
    expect(pending?.batch.skips).toEqual([skip]);
    expect(pending?.batch.plays).toHaveLength(1);
    queue.acknowledge(pending?.keys ?? []);
    expect(queue.size).toBe(0);
    // A kiosk's batch carries no `skips` key at all.
    queue.addPlay({ itemId: "x", scheduleId: null, startedAt: "2027-03-02T08:01:00.000Z", durationMs: 1000 });
    expect(Object.keys(queue.nextBatch()?.batch ?? {})).toEqual(["plays", "sessions"]);
  });
});
