import { describe, expect, it } from "vitest";
import { CENTRAL_MAX_PRIORITY, namespaced } from "../../controller/src/central/manifest.js";
import {
  centralOwnedProblem,
  gateOwnedChanges,
  isCentralOwned,
} from "../../controller/src/publishing/central-owned.js";

describe("central programs are read-only at a gate", () => {
  it("knows a program's entities by their namespace", () => {
    expect(isCentralOwned("p-lao-2027-greeting")).toBe(true);
    expect(isCentralOwned("p-")).toBe(true);
    expect(isCentralOwned("pi-mai")).toBe(false);
    expect(isCentralOwned("welcome")).toBe(false);
  });

  it("says why a change is refused and how to hide the entity instead", () => {
    expect(centralOwnedProblem("item", "welcome", "put")).toBeUndefined();
    expect(centralOwnedProblem("item", "p-x-a", "put")).toMatch(
      /^item "p-x-a" belongs to a central program .* cannot be changed at the gate; .*schedule of your own with a higher priority/,
    );
    expect(centralOwnedProblem("schedule", "p-x-s", "delete")).toMatch(/cannot be deleted/);
  });

  it("keeps a restore to the gate's own content", () => {
    const changes = [{ id: "welcome" }, { id: "p-x-a" }, { id: "hours" }];
    expect(gateOwnedChanges(changes)).toEqual([{ id: "welcome" }, { id: "hours" }]);
  });

  it("ranks a program's schedules below the gate's top priority, so a gate schedule can hide them", () => {
    const schedule = (priority: number) => ({
      id: "days",
      name: "Days",
      kind: "normal" as const,
      target: { itemId: "a" },
      channels: ["*"],
      priority,
      recurrence: { type: "daily" as const },
      dayparts: [],
      enabled: true,
    });
    const content = {
      programId: "x",
      items: [],
      playlists: [],
      schedules: [schedule(100), schedule(40)].map((s, i) => ({ ...s, id: `s${i}` })),
      holidayOverrides: [],
    };
    // biome-ignore lint/suspicious/noExplicitAny: a minimal content file, as parsed.
    const { schedules } = namespaced(content as any);
    expect(schedules.map((s) => [s.id, s.priority])).toEqual([
      ["p-x-s0", CENTRAL_MAX_PRIORITY],
      ["p-x-s1", 40],
    ]);
    expect(CENTRAL_MAX_PRIORITY).toBe(99);
  });
});
