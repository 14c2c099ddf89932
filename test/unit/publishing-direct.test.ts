/**
 * A publication "published directly": by its own author where the gate required no approval. The
 * history says so instead of saying the author approved their own change.
 */
import { describe, expect, it } from "vitest";
import { publishedDirectly } from "../../controller/src/publishing/approval.js";
import type { Publication } from "../../controller/src/publishing/types.js";

const decided = (over: Partial<Pick<Publication, "status" | "author" | "decidedBy">>) => ({
  status: "published" as Publication["status"],
  author: "lan",
  decidedBy: "lan" as string | null,
  ...over,
});

describe("publishedDirectly", () => {
  it("is a publication its author published (no second person was asked)", () => {
    expect(publishedDirectly(decided({}))).toBe(true);
    // The users table is case-insensitive: the same person whatever the case.
    expect(publishedDirectly(decided({ decidedBy: "Lan" }))).toBe(true);
  });

  it("is not one another person approved", () => {
    expect(publishedDirectly(decided({ decidedBy: "mai" }))).toBe(false);
  });

  it("is not one still pending, withdrawn, rejected or failed", () => {
    expect(publishedDirectly(decided({ status: "pending", decidedBy: null }))).toBe(false);
    expect(publishedDirectly(decided({ status: "rejected" }))).toBe(false);
    expect(publishedDirectly(decided({ status: "failed" }))).toBe(false);
  });
});
