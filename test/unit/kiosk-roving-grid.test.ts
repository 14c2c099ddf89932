import { describe, expect, it } from "vitest";
import { nextIndex } from "../../display-ui/src/kiosk/roving-grid.js";

describe("arrow keys in a grid of tiles", () => {
  // 7 topics two to a row (a portrait totem):  0 1 / 2 3 / 4 5 / 6
  it("moves along a row and down and up a column", () => {
    expect(nextIndex("ArrowRight", 0, 7, 2)).toBe(1);
    expect(nextIndex("ArrowRight", 1, 7, 2)).toBe(2);
    expect(nextIndex("ArrowLeft", 2, 7, 2)).toBe(1);
    expect(nextIndex("ArrowDown", 1, 7, 2)).toBe(3);
    expect(nextIndex("ArrowUp", 3, 7, 2)).toBe(1);
  });

  it("stays at the edges instead of wrapping or leaving the grid", () => {
    expect(nextIndex("ArrowLeft", 0, 7, 2)).toBe(0);
    expect(nextIndex("ArrowRight", 6, 7, 2)).toBe(6);
    expect(nextIndex("ArrowUp", 1, 7, 2)).toBe(1);
    // Below 5 there is no tile (the last row holds one): the focus stays.
    expect(nextIndex("ArrowDown", 5, 7, 2)).toBe(5);
    expect(nextIndex("ArrowDown", 4, 7, 2)).toBe(6);
  });

  it("goes to the ends with Home and End, treats a list as one column, and leaves other keys alone", () => {
    expect(nextIndex("Home", 5, 7, 3)).toBe(0);
    expect(nextIndex("End", 0, 7, 3)).toBe(6);
    expect(nextIndex("ArrowDown", 0, 3, 1)).toBe(1);
    expect(nextIndex("ArrowDown", 0, 3, 0)).toBe(1);
    expect(nextIndex("Enter", 0, 7, 2)).toBeUndefined();
    expect(nextIndex("Tab", 0, 7, 2)).toBeUndefined();
  });
});
