import { describe, expect, it } from "vitest";
import { helloSchema, proofBatchSchema, storeProof } from "../../controller/src/kiosk/proof.js";
import { openDatabase } from "../../controller/src/store/database.js";
import { enrolKiosk, listKiosks, recordSighting } from "../../controller/src/store/kiosk-registry-repo.js";
import { ProofQueue } from "../../display-ui/src/shared/proof-queue.js";
import { tempDir } from "../helpers/fixtures.js";

const who = { kioskId: "kiosk-1", channel: "hall" };
const play = {
  itemId: "welcome",
  scheduleId: "default-loop",
  startedAt: "2027-03-02T08:00:00.000Z",
  durationMs: 20_000,
};
const session = {
  startedAt: "2027-03-02T08:01:00.000Z",
  endedAt: "2027-03-02T08:02:30.000Z",
  language: "lo",
  pages: ["languages", "categories", "item:opening-hours"],
};

function memoryStore() {
  const map = new Map<string, string>();
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    map,
  };
}

describe("proof of play validation", () => {
  it("accepts plays, alert plays and sessions", () => {
    const batch = proofBatchSchema.parse({
      plays: [
        play,
        {
          itemId: "emergency:flood",
          scheduleId: null,
          startedAt: "2027-03-02T15:00:00+07:00",
          durationMs: 3000,
        },
      ],
      sessions: [session],
    });
    expect(batch.plays).toHaveLength(2);
    expect(proofBatchSchema.parse({}).plays).toEqual([]);
  });

  it.each([
    ["a bad instant", { plays: [{ ...play, startedAt: "yesterday" }] }, "plays.0.startedAt"],
    ["a negative duration", { plays: [{ ...play, durationMs: -1 }] }, "plays.0.durationMs"],
    ["an item id with markup", { plays: [{ ...play, itemId: "<b>" }] }, "plays.0.itemId"],
    [
      "a session ending before it starts",
      { sessions: [{ ...session, endedAt: "2027-03-02T07:00:00.000Z" }] },
      "sessions.0.endedAt",
    ],
    ["an unknown language", { sessions: [{ ...session, language: "fr" }] }, "sessions.0.language"],
    ["an unknown field", { plays: [], extra: 1 }, ""],
    ["too many plays", { plays: Array.from({ length: 501 }, () => play) }, "plays"],
  ])("refuses %s", (_what, input, field) => {
    const result = proofBatchSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join(".")).toBe(field);
  });

  it("checks a hello: device id, name, channel id", () => {
    expect(helloSchema.safeParse({ kioskId: "kiosk-1", name: "Sảnh A", channel: "hall" }).success).toBe(true);
    expect(helloSchema.safeParse({ kioskId: "../etc", name: "x", channel: "hall" }).success).toBe(false);
    expect(helloSchema.safeParse({ kioskId: "k", name: " ", channel: "hall" }).success).toBe(false);
    expect(helloSchema.safeParse({ kioskId: "k", name: "x", channel: "Hall!" }).success).toBe(false);
  });
});

describe("storing proof of play", () => {
  it("stores each record once however often it is sent, whatever the instant's offset", () => {
    const db = openDatabase(tempDir());
    const batch = proofBatchSchema.parse({ plays: [play], sessions: [session] });
    expect(storeProof(db, who, batch)).toEqual({ stored: 2, duplicates: 0 });
    expect(storeProof(db, who, batch)).toEqual({ stored: 0, duplicates: 2 });
    // The same instant written at +07:00 is the same record.
    const local = { ...play, startedAt: "2027-03-02T15:00:00.000+07:00" };
    expect(storeProof(db, who, { plays: [local], sessions: [] })).toEqual({ stored: 0, duplicates: 1 });
    // Another kiosk showing the same item at the same instant is another record.
    expect(storeProof(db, { ...who, kioskId: "kiosk-2" }, { plays: [play], sessions: [] }).stored).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM proof_of_play").get()).toEqual({ n: 2 });
    expect(db.prepare("SELECT device_id, language, pages FROM kiosk_sessions").all()).toEqual([
      { device_id: "kiosk-1", language: "lo", pages: JSON.stringify(session.pages) },
    ]);
    db.close();
  });

  it("records enrolled kiosks, keeping their first sighting and the last thing they showed", () => {
    const db = openDatabase(tempDir());
    enrolKiosk(
      db,
      { name: "an" },
      { id: "k1", name: "Sảnh A", channel: "hall", tokenHash: "ab".repeat(32), userAgent: "Chromium" },
      { now: "2027-03-02T08:00:00.000Z" },
    );
    recordSighting(db, "k1", {
      lastSeen: "2027-03-02T09:00:00.000Z",
      userAgent: null,
      showing: { mode: "attract", language: "vi", itemId: "welcome" },
    });
    // A kiosk that is not enrolled has no row, and a sighting of it writes none.
    recordSighting(db, "k2", { lastSeen: "2027-03-02T09:00:00.000Z" });
    expect(listKiosks(db, new Set(["k1"]))).toEqual([
      {
        id: "k1",
        name: "Sảnh A",
        channel: "hall",
        firstSeen: "2027-03-02T08:00:00.000Z",
        lastSeen: "2027-03-02T09:00:00.000Z",
        userAgent: "Chromium",
        showing: { mode: "attract", language: "vi", itemId: "welcome" },
        connected: true,
        enrolled: true,
        enrolledAt: "2027-03-02T08:00:00.000Z",
        enrolledBy: "an",
        revokedAt: null,
      },
    ]);
    db.close();
  });
});

describe("the kiosk's proof queue", () => {
  it("keeps records across reloads until they are acknowledged", () => {
    const store = memoryStore();
    const queue = new ProofQueue(store, "q");
    queue.addPlay(play);
    queue.addPlay(play); // a duplicate is not queued twice
    queue.addSession({ ...session, language: "lo" });
    expect(queue.size).toBe(2);
    const first = queue.nextBatch();
    expect(first?.batch).toEqual({ plays: [play], sessions: [session] });

    // Reload before the ack: nothing is lost.
    const reloaded = new ProofQueue(store, "q");
    expect(reloaded.nextBatch()?.keys).toEqual(first?.keys);
    reloaded.acknowledge(first?.keys ?? []);
    expect(reloaded.nextBatch()).toBeUndefined();
    expect(new ProofQueue(store, "q").size).toBe(0);
  });

  it("sends the oldest first, in batches of the size asked", () => {
    const queue = new ProofQueue(memoryStore(), "q");
    for (let i = 0; i < 5; i++) queue.addPlay({ ...play, startedAt: `2027-03-02T08:00:0${i}.000Z` });
    const batch = queue.nextBatch(3);
    expect(batch?.batch.plays.map((p) => p.startedAt.slice(17, 19))).toEqual(["00", "01", "02"]);
    queue.acknowledge(batch?.keys ?? []);
    expect(queue.nextBatch(3)?.batch.plays).toHaveLength(2);
  });

  it("starts empty from unreadable storage", () => {
    const store = memoryStore();
    store.setItem("q", "{not json");
    expect(new ProofQueue(store, "q").size).toBe(0);
  });
});
