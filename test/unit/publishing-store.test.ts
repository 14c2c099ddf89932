import { describe, expect, it } from "vitest";
import { EditError } from "../../controller/src/content/editing.js";
import { importPackOnce, readPack } from "../../controller/src/content/pack.js";
import { EventBus } from "../../controller/src/event-bus.js";
import {
  approvePublication,
  type PublishTarget,
  requestPublication,
  type User,
  writeDraft,
} from "../../controller/src/publishing/service.js";
import { ensureInitialVersion } from "../../controller/src/publishing/writes.js";
import { listAudit, SYSTEM } from "../../controller/src/store/audit-repo.js";
import { getItem } from "../../controller/src/store/content-repo.js";
import { openDatabase } from "../../controller/src/store/database.js";
import { getPublication, getVersion, readLiveContent } from "../../controller/src/store/publishing-repo.js";
import { tempDir, testPack, writeTree } from "../helpers/fixtures.js";

function store(required: boolean) {
  const db = openDatabase(tempDir());
  importPackOnce(db, readPack(writeTree(testPack()), "test-gate"), SYSTEM);
  const bus = new EventBus();
  const t: PublishTarget = { db, bus, channelIds: ["hall", "gate-sign"], site: { approval: { required } } };
  return { db, bus, t };
}

const lan: User = { id: 1, name: "lan", role: "operator" };
const mai: User = { id: 2, name: "mai", role: "supervisor" };

describe("published versions", () => {
  it("record the content found at the first start as version 1, once", () => {
    const { db } = store(false);
    expect(ensureInitialVersion(db)).toBe(1);
    expect(ensureInitialVersion(db)).toBe(1);
    expect(getVersion(db, 1)).toMatchObject({
      version: 1,
      publicationId: null,
      content: readLiveContent(db),
    });
    expect(listAudit(db).filter((r) => r.entity === "version")).toHaveLength(1);
  });

  it("are immutable, and a decided publication is final, in the store itself", () => {
    const { db, t } = store(false);
    writeDraft(t, lan, "item", { id: "x", kind: "led", ledText: { vi: "x" } });
    const published = requestPublication(t, lan, { changes: "all" });
    expect(published.status).toBe("published");
    expect(() => db.prepare("UPDATE published_versions SET content = '{}'").run()).toThrow(/immutable/);
    expect(() => db.prepare("DELETE FROM published_versions").run()).toThrow(/immutable/);
    expect(() =>
      db.prepare("UPDATE publications SET status = 'pending' WHERE id = ?").run(published.id),
    ).toThrow(/cannot change/);
  });
});

describe("drafts", () => {
  it("validate with the save's checks against live content with the drafts laid over it", () => {
    const { db, t } = store(false);
    writeDraft(t, lan, "item", { id: "closed", kind: "led", ledText: { vi: "Đóng" } });
    expect(writeDraft(t, lan, "playlist", { id: "night", name: "Night", itemIds: ["closed"] }).replaced).toBe(
      false,
    );
    expect(() => writeDraft(t, lan, "playlist", { id: "p", name: "P", itemIds: ["nothing"] })).toThrow(
      EditError,
    );
    expect(() =>
      writeDraft(t, lan, "schedule", {
        id: "s",
        name: "S",
        kind: "normal",
        target: { playlistId: "night" },
        channels: ["no-such-channel"],
      }),
    ).toThrow(/channels\.0: the gate has no channel/);
    expect(getItem(db, "closed")).toBeUndefined();
  });
});

describe("publishing", () => {
  it("applies everything or nothing: a write failing half-way leaves live content and the request as they were", () => {
    const { db, bus, t } = store(true);
    const welcome = getItem(db, "welcome");
    writeDraft(t, lan, "item", { ...welcome, durationS: 77 });
    writeDraft(t, lan, "schedule", {
      id: "extra",
      name: "Extra",
      kind: "normal",
      target: { itemId: "welcome" },
      channels: ["*"],
    });
    const pending = requestPublication(t, lan, { changes: "all" });
    expect(pending.status).toBe("pending");
    // The item is written first; the schedule's insert then fails.
    db.exec(
      "CREATE TRIGGER no_schedules BEFORE INSERT ON schedules BEGIN SELECT RAISE(ABORT, 'disk on fire'); END",
    );
    let emitted = 0;
    bus.on("contentChanged", () => emitted++);
    expect(() => approvePublication(t, mai, pending.id)).toThrow(/disk on fire/);
    expect(getItem(db, "welcome")?.durationS).toBe(10);
    expect(getPublication(db, pending.id)?.status).toBe("pending");
    expect(getVersion(db, 2)).toBeUndefined();
    expect(emitted).toBe(0);

    db.exec("DROP TRIGGER no_schedules");
    expect(approvePublication(t, mai, pending.id).status).toBe("published");
    expect(getItem(db, "welcome")?.durationS).toBe(77);
    expect(emitted).toBe(1);
  });
});

describe("draft contributors and the two-person rule", () => {
  it("keeps everyone who wrote a version of a draft, and refuses each of them as approver", () => {
    const { t } = store(true);
    const hung: User = { id: 3, name: "hung", role: "admin" };
    writeDraft(t, mai, "item", { id: "closed", kind: "led", ledText: { vi: "Đóng" } });
    const { draft } = writeDraft(t, lan, "item", { id: "closed", kind: "led", ledText: { vi: "Đóng cửa" } });
    expect(draft).toMatchObject({
      author: "lan",
      contributors: [
        { id: 2, name: "mai" },
        { id: 1, name: "lan" },
      ],
    });
    // The operator requests it: the supervisor who wrote its first version may not approve it.
    const pending = requestPublication(t, lan, { changes: "all" });
    expect(pending.changes[0]?.authors).toEqual([
      { id: 2, name: "mai" },
      { id: 1, name: "lan" },
    ]);
    expect(() => approvePublication(t, mai, pending.id)).toThrow(
      /two-person rule: you wrote the item "closed" change/,
    );
    expect(getItem(t.db, "closed")).toBeUndefined();
    expect(approvePublication(t, hung, pending.id)).toMatchObject({ status: "published", decidedBy: "hung" });
    expect(getItem(t.db, "closed")?.ledText).toEqual({ vi: "Đóng cửa" });
  });
});
