/** The structured reason (`ResolvedEntry.why`): the same facts as the English `reason`, as data. */
import { describe, expect, it } from "vitest";
import { resolve, resolveChannel, timeline } from "../../../controller/src/domain/schedule/index.js";
import type { Resolution, ResolvedEntry } from "../../../controller/src/domain/schedule/types.js";
import {
  at,
  emergency,
  item,
  KIOSK,
  defaultLoop as loop,
  morning,
  hourlyNews as news,
  playlist,
  posterOverHours,
  SIGN,
  schedule,
  snapshot,
  tetGreeting as tet,
} from "./fixtures.js";

function first(r: Resolution, channelId: string): ResolvedEntry {
  const entry = r.channels.find((c) => c.id === channelId)?.entries[0];
  if (!entry) throw new Error(`nothing plays on ${channelId}`);
  return entry;
}

describe("why: each level", () => {
  it("a default schedule alone", () => {
    const r = resolve(snapshot({ schedules: [loop] }), at("2026-03-02T10:00"));
    expect(first(r, KIOSK.id).why).toEqual({ level: "default", scheduleId: "loop", priority: 0 });
  });

  it("a normal schedule outranks the default", () => {
    const r = resolve(snapshot({ schedules: [loop, morning] }), at("2026-03-02T07:00"));
    expect(first(r, KIOSK.id).why).toEqual({
      level: "normal",
      scheduleId: "morning",
      priority: 50,
      over: { level: "default", scheduleId: "loop", priority: 0 },
    });
  });

  it("a holiday program names its holiday and what it outranks", () => {
    const r = resolve(snapshot({ schedules: [morning, tet, loop] }), at("2026-02-17T08:00"));
    expect(first(r, SIGN.id).why).toEqual({
      level: "holiday",
      scheduleId: "tet-greeting",
      holiday: "tet-holiday",
      priority: 60,
      over: { level: "normal", scheduleId: "morning", priority: 50 },
    });
  });

  it("an interrupt in its slot gives its share, and outranks a holiday program with its holiday", () => {
    const r = resolve(snapshot({ schedules: [tet, news] }), at("2026-02-17T08:30:00"));
    expect(first(r, KIOSK.id).why).toEqual({
      level: "interrupt",
      scheduleId: "news",
      priority: 10,
      share: { secondsPerHour: 60, slotsPerHour: 4 },
      over: { level: "holiday", scheduleId: "tet-greeting", holiday: "tet-holiday", priority: 60 },
    });
  });

  it("an emergency names its notice on every channel", () => {
    const notice = emergency("flood", "2026-02-17T07:30", "2026-02-17T09:00");
    const snap = snapshot({ schedules: [news, morning], emergencies: [notice] });
    const r = resolve(snap, at("2026-02-17T08:00"));
    for (const ch of r.channels)
      expect(ch.entries.map((e) => e.why)).toEqual([{ level: "emergency", noticeId: "flood" }]);
    expect(resolveChannel(snap, SIGN.id, at("2026-02-17T08:00")).entries[0]?.why).toEqual({
      level: "emergency",
      noticeId: "flood",
    });
  });
});

describe("why: groups and fall-through", () => {
  it("equal priorities rotate: one shared list of the group, in play order", () => {
    const snap = snapshot({
      items: ["a1", "a2", "b1", "c1"].map((id) => item(id)),
      playlists: [playlist("pa", ["a1", "a2"]), playlist("pb", ["b1"])],
      schedules: [
        schedule("zeta", { target: { playlistId: "pb" } }),
        schedule("alpha", { target: { playlistId: "pa" } }),
        schedule("mid", { target: { itemId: "c1" }, priority: 10 }),
      ],
    });
    const entries = resolve(snap, at("2026-03-02T10:00")).channels[0]?.entries ?? [];
    expect(entries.map((e) => e.why)).toEqual([
      ...["alpha", "alpha", "zeta"].map((scheduleId) => ({
        level: "normal",
        scheduleId,
        priority: 50,
        rotation: ["alpha", "zeta"],
        over: { level: "normal", scheduleId: "mid", priority: 10 },
      })),
    ]);
    // One object per schedule, one rotation list per group: nothing copied per item.
    expect(entries[0]?.why).toBe(entries[1]?.why);
    const a = entries[0]?.why;
    const z = entries[2]?.why;
    if (a?.level === "emergency" || z?.level === "emergency") throw new Error("not a schedule");
    expect(a?.rotation).toBe(z?.rotation);
  });

  it("says which stronger schedules were skipped for having nothing playable on the channel", () => {
    const snap = posterOverHours();
    const r = resolve(snap, at("2026-02-17T10:00"));
    expect(first(r, KIOSK.id).why).toEqual({
      level: "holiday",
      scheduleId: "tet-poster",
      holiday: "tet",
      priority: 50,
      over: { level: "normal", scheduleId: "opening-hours", priority: 50 },
    });
    expect(first(r, SIGN.id).why).toEqual({
      level: "normal",
      scheduleId: "opening-hours",
      priority: 50,
      skipped: [{ level: "holiday", scheduleId: "tet-poster", holiday: "tet", priority: 50 }],
    });
  });

  it("a timeline's segments carry the same reason as resolving at their start", () => {
    const snap = snapshot({ schedules: [loop, morning] });
    const segments = timeline(snap, KIOSK.id, at("2026-03-02T00:00"), at("2026-03-03T00:00"));
    expect(segments.length).toBeGreaterThan(1);
    for (const s of segments) expect(s.entries[0]?.why).toEqual(first(resolve(snap, s.from), KIOSK.id).why);
  });
});
