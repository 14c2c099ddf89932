import { describe, expect, it } from "vitest";
import { resolve } from "../../controller/src/domain/schedule/resolve.js";
import {
  applyChanges,
  canonicalJson,
  contentOfSnapshot,
  diffContent,
  overlaySnapshot,
  referencesTo,
  sameValue,
} from "../../controller/src/publishing/changes.js";
import type { ContentChange, ContentState } from "../../controller/src/publishing/types.js";
import { at, emergency, item, ledItem, playlist, schedule, snapshot } from "./schedule/fixtures.js";

function live(): ContentState {
  return {
    items: [item("hours"), item("welcome")],
    playlists: [playlist("attract", ["welcome", "hours"])],
    schedules: [
      schedule("default-loop", { kind: "default", priority: 0, target: { playlistId: "attract" } }),
    ],
  };
}

describe("applyChanges", () => {
  it("creates, replaces and deletes, leaving its input alone and every list sorted by id", () => {
    const before = live();
    const frozen = structuredClone(before);
    const changes: ContentChange[] = [
      { entity: "item", id: "closed", op: "put", after: ledItem("closed") },
      { entity: "item", id: "alpha", op: "put", after: item("alpha") },
      { entity: "item", id: "welcome", op: "put", after: item("welcome", { durationS: 30 }) },
      { entity: "playlist", id: "night", op: "put", after: playlist("night", ["closed"]) },
      { entity: "schedule", id: "default-loop", op: "delete", after: null },
    ];
    const after = applyChanges(before, changes);
    expect(before).toEqual(frozen);
    expect(after.items.map((i) => i.id)).toEqual(["alpha", "closed", "hours", "welcome"]);
    expect(after.items.find((i) => i.id === "welcome")?.durationS).toBe(30);
    expect(after.playlists.map((p) => p.id)).toEqual(["attract", "night"]);
    expect(after.schedules).toEqual([]);
  });

  it("applies changes in order (the later one to an entity wins); deleting nothing is no error", () => {
    const after = applyChanges(live(), [
      { entity: "item", id: "x", op: "put", after: item("x") },
      { entity: "item", id: "x", op: "delete", after: null },
      { entity: "item", id: "hours", op: "put", after: item("hours", { durationS: 5 }) },
      { entity: "item", id: "hours", op: "put", after: item("hours", { durationS: 6 }) },
      { entity: "playlist", id: "nothing", op: "delete", after: null },
    ]);
    expect(after.items.map((i) => [i.id, i.durationS])).toEqual([
      ["hours", 6],
      ["welcome", 10],
    ]);
    expect(applyChanges(live(), [])).toEqual(live());
  });

  it("refuses a put whose value names another id", () => {
    expect(() => applyChanges(live(), [{ entity: "item", id: "a", op: "put", after: item("b") }])).toThrow(
      /carries the id "b"/,
    );
  });
});

describe("overlaySnapshot", () => {
  it("lays drafts over a snapshot for the resolver, keeping emergencies and the original snapshot", () => {
    const base = snapshot({
      items: [item("welcome")],
      schedules: [schedule("loop", { kind: "default", priority: 0, target: { itemId: "welcome" } })],
    });
    const drafts: ContentChange[] = [
      { entity: "item", id: "closed", op: "put", after: ledItem("closed") },
      {
        entity: "schedule",
        id: "night",
        op: "put",
        after: schedule("night", {
          target: { itemId: "closed" },
          dayparts: [{ start: "22:00", end: "06:00" }],
        }),
      },
    ];
    const overlaid = overlaySnapshot(base, drafts);
    const sign = (s: typeof base, when: number) =>
      resolve(s, when)
        .channels.find((c) => c.id === "sign-gate")
        ?.entries.map((e) => e.itemId);
    expect(sign(base, at("2026-06-01T23:30"))).toEqual(["welcome"]);
    expect(sign(overlaid, at("2026-06-01T23:30"))).toEqual(["closed"]);
    expect(sign(overlaid, at("2026-06-01T12:00"))).toEqual(["welcome"]);
    expect(base.items.has("closed")).toBe(false);
    expect(base.schedules).toHaveLength(1);

    const storm = emergency("storm", "2026-06-01T23:00", "2026-06-02T01:00");
    const withAlert = overlaySnapshot({ ...base, emergencies: [storm] }, drafts);
    expect(resolve(withAlert, at("2026-06-01T23:30")).alert?.id).toBe("storm");
  });

  it("round-trips a snapshot's content", () => {
    const base = snapshot({ items: [item("b"), item("a")], playlists: [playlist("p", ["a"])] });
    expect(contentOfSnapshot(overlaySnapshot(base, [])).items.map((i) => i.id)).toEqual(["a", "b"]);
  });
});

describe("diffContent", () => {
  it("gives the changes that turn one version into another, and none between equal ones", () => {
    const from = live();
    const to: ContentState = {
      items: [item("hours", { durationS: 99 }), item("new")],
      playlists: [playlist("attract", ["hours"])],
      schedules: [],
    };
    const changes = diffContent(from, to);
    expect(changes.map((c) => `${c.op} ${c.entity} ${c.id}`)).toEqual([
      "put item hours",
      "put item new",
      "put playlist attract",
      "delete schedule default-loop",
      "delete item welcome",
    ]);
    expect(applyChanges(from, changes)).toEqual(to);
    expect(diffContent(to, to)).toEqual([]);
  });

  it("ignores the order of object keys", () => {
    const a = item("x");
    const reordered = Object.fromEntries(Object.entries(a).reverse()) as typeof a;
    expect(canonicalJson(a)).toBe(canonicalJson(reordered));
    expect(sameValue({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(sameValue({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(diffContent({ ...live(), items: [reordered] }, { ...live(), items: [a] })).toEqual([]);
  });
});

describe("referencesTo", () => {
  it("names the playlists and schedules that use an entity", () => {
    const content: ContentState = {
      ...live(),
      schedules: [
        ...live().schedules,
        schedule("spot", { target: { itemId: "hours" } }),
        schedule("other", { target: { playlistId: "attract" } }),
      ],
    };
    expect(referencesTo(content, "item", "hours")).toEqual(['playlist "attract"', 'schedule "spot"']);
    expect(referencesTo(content, "playlist", "attract")).toEqual([
      'schedule "default-loop"',
      'schedule "other"',
    ]);
    expect(referencesTo(content, "schedule", "spot")).toEqual([]);
    expect(referencesTo(content, "item", "unused")).toEqual([]);
  });
});
