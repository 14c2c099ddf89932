import { describe, expect, it } from "vitest";
import { isFinal, transition } from "../../controller/src/publishing/state.js";
import type { PublicationStatus } from "../../controller/src/publishing/types.js";

describe("publication state machine", () => {
  it("goes from pending to published, rejected or failed", () => {
    expect(transition("pending", "publish")).toEqual({ ok: true, status: "published" });
    expect(transition("pending", "reject")).toEqual({ ok: true, status: "rejected" });
    expect(transition("pending", "fail")).toEqual({ ok: true, status: "failed" });
    expect(isFinal("pending")).toBe(false);
  });

  it("never leaves a final state", () => {
    for (const status of ["published", "rejected", "failed"] as PublicationStatus[]) {
      expect(isFinal(status)).toBe(true);
      for (const event of ["publish", "reject", "fail"] as const) {
        const next = transition(status, event);
        expect(next.ok).toBe(false);
        if (!next.ok) expect(next.reason).toContain(`it is ${status} already`);
      }
    }
  });
});
