import { describe, expect, it } from "vitest";
import { canApprove, canReject, samePerson } from "../../controller/src/publishing/approval.js";
import type { Publication, PublicationStatus } from "../../controller/src/publishing/types.js";

const TWO_PERSON = { approval: { required: true } };
const ONE_PERSON = { approval: { required: false } };

function publication(over: Partial<Publication> = {}): Publication {
  return {
    id: 7,
    kind: "changes",
    status: "pending",
    author: "lan",
    authorId: 1,
    note: null,
    changes: [],
    restoreOf: null,
    createdAt: "2026-06-01T01:00:00.000Z",
    decidedBy: null,
    decidedAt: null,
    reason: null,
    version: null,
    ...over,
  };
}

const lan = { id: 1, name: "lan", role: "operator" } as const;
const mai = { id: 2, name: "mai", role: "supervisor" } as const;
const hung = { id: 3, name: "hung", role: "admin" } as const;
const tuan = { id: 4, name: "tuan", role: "operator" } as const;

describe("the two-person rule (approval required)", () => {
  it("lets a supervisor or admin who is not the author approve", () => {
    expect(canApprove(publication(), mai, TWO_PERSON)).toEqual({ ok: true });
    expect(canApprove(publication(), hung, TWO_PERSON)).toEqual({ ok: true });
    expect(canApprove(publication({ author: "mai", authorId: 2 }), hung, TWO_PERSON)).toEqual({ ok: true });
  });

  it("refuses the author, whatever their role, with the reason", () => {
    for (const author of [mai, hung]) {
      const verdict = canApprove(
        publication({ author: author.name, authorId: author.id }),
        author,
        TWO_PERSON,
      );
      expect(verdict).toMatchObject({ ok: false, code: "forbidden" });
      if (!verdict.ok) expect(verdict.reason).toMatch(/two-person rule: you requested publication 7/);
    }
  });

  it("knows the author by user id and by name, whatever its case", () => {
    expect(canApprove(publication({ author: "MAI", authorId: null }), mai, TWO_PERSON).ok).toBe(false);
    expect(canApprove(publication({ author: "someone-else", authorId: 2 }), mai, TWO_PERSON).ok).toBe(false);
    expect(samePerson({ author: "Mai", authorId: 9 }, { id: 2, name: "mai" })).toBe(true);
    expect(samePerson({ author: "lan", authorId: 1 }, { id: 2, name: "mai" })).toBe(false);
  });

  it("refuses an operator, even one who is not the author", () => {
    const verdict = canApprove(publication(), tuan, TWO_PERSON);
    expect(verdict).toMatchObject({ ok: false, code: "forbidden" });
    if (!verdict.ok) expect(verdict.reason).toMatch(/supervisor or admin.*you are operator/);
  });

  it("refuses a decided publication to everyone (conflict)", () => {
    for (const status of ["published", "rejected", "failed"] as PublicationStatus[]) {
      expect(canApprove(publication({ status }), hung, TWO_PERSON)).toMatchObject({
        ok: false,
        code: "conflict",
      });
    }
  });
});

describe("the two-person rule covers the approver's own changes", () => {
  const closed = { ledText: { vi: "Đóng" } };
  const change = (authors: { id: number | null; name: string }[], id = "closed") =>
    ({ entity: "item", id, op: "put", after: { id, kind: "led", ...closed }, authors }) as never;

  it("refuses a supervisor whose draft an operator requested, naming the change", () => {
    const p = publication({
      changes: [change([{ id: 1, name: "lan" }]), change([{ id: 2, name: "mai" }], "x")],
    });
    const verdict = canApprove(p, mai, TWO_PERSON);
    expect(verdict).toMatchObject({ ok: false, code: "forbidden" });
    if (!verdict.ok) {
      expect(verdict.reason).toMatch(/two-person rule: you wrote the item "x" change in publication 7/);
    }
    expect(canApprove(p, hung, TWO_PERSON)).toEqual({ ok: true });
  });

  it("refuses anyone who wrote a version of the draft, by id or by name whatever its case", () => {
    const both = [
      { id: 2, name: "mai" },
      { id: 1, name: "lan" },
    ];
    expect(canApprove(publication({ changes: [change(both)] }), mai, TWO_PERSON).ok).toBe(false);
    expect(
      canApprove(publication({ changes: [change([{ id: null, name: "MAI" }])] }), mai, TWO_PERSON).ok,
    ).toBe(false);
    expect(
      canApprove(publication({ changes: [change([{ id: 2, name: "renamed" }])] }), mai, TWO_PERSON).ok,
    ).toBe(false);
  });

  it("lets a supervisor approve changes they did not write, and changes of unknown authors", () => {
    expect(canApprove(publication({ changes: [change([{ id: 1, name: "lan" }])] }), mai, TWO_PERSON)).toEqual(
      {
        ok: true,
      },
    );
    expect(canApprove(publication({ changes: [change(undefined as never)] }), mai, TWO_PERSON)).toEqual({
      ok: true,
    });
  });

  it("does not apply where approval is not required", () => {
    expect(canApprove(publication({ changes: [change([{ id: 2, name: "mai" }])] }), mai, ONE_PERSON)).toEqual(
      {
        ok: true,
      },
    );
  });
});

describe("approval not required", () => {
  it("lets anyone who may edit publish, the author included", () => {
    expect(canApprove(publication(), lan, ONE_PERSON)).toEqual({ ok: true });
    expect(canApprove(publication(), tuan, ONE_PERSON)).toEqual({ ok: true });
    expect(canApprove(publication({ status: "rejected" }), lan, ONE_PERSON).ok).toBe(false);
  });
});

describe("rejecting", () => {
  it("is for supervisors and admins, and for the author withdrawing their own", () => {
    expect(canReject(publication(), mai)).toEqual({ ok: true });
    expect(canReject(publication(), hung)).toEqual({ ok: true });
    expect(canReject(publication(), lan)).toEqual({ ok: true });
    expect(canReject(publication({ author: "mai", authorId: 2 }), mai)).toEqual({ ok: true });
    expect(canReject(publication(), tuan)).toMatchObject({ ok: false, code: "forbidden" });
    expect(canReject(publication({ status: "published" }), hung)).toMatchObject({
      ok: false,
      code: "conflict",
    });
  });
});
