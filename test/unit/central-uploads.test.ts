import { describe, expect, it } from "vitest";
import {
  nextBatch,
  storeUpload,
  type Upload,
  uploadPending,
  uploadSchema,
} from "../../controller/src/central/uploads.js";
import { storeProof } from "../../controller/src/kiosk/proof.js";
import { openDatabase } from "../../controller/src/store/database.js";
import { readUploadCursors as readCursors } from "../../controller/src/store/uploads-repo.js";
import { tempDir } from "../helpers/fixtures.js";
import { seedGateRecords } from "../helpers/proof-records.js";

function gateDb(plays: number) {
  const db = openDatabase(tempDir());
  seedGateRecords(db, plays, Date.parse("2026-11-01T00:00:00Z"));
  return db;
}

describe("uploads from a gate", () => {
  it("send everything in batches, resume after a failure where they stopped, and never count a row twice", async () => {
    const gate = gateDb(1000);
    const central = openDatabase(tempDir());
    const received: Upload[] = [];
    let fail = 2;
    const send = async (upload: Upload) => {
      // What the central does with a request body, then its answer is lost after the second batch.
      storeUpload(central, uploadSchema.parse(JSON.parse(JSON.stringify(upload))));
      received.push(upload);
      if (received.length === 2 && fail-- > 0) throw new Error("socket hang up");
    };
    const first = await uploadPending(gate, "cau-treo", send);
    expect(first).toMatchObject({ batches: 1, more: true, error: "socket hang up" });
    expect(readCursors(gate).plays).toBe(400);
    const second = await uploadPending(gate, "cau-treo", send);
    expect(second).toMatchObject({ more: false, error: null });
    expect(readCursors(gate)).toEqual({ plays: 1000, sessions: 1, signEvents: 1, skips: 0 });
    // The second batch went twice (its answer was lost): the central holds each row once.
    expect(received.map((r) => r.plays.length)).toEqual([400, 400, 400, 200]);
    expect(central.prepare("SELECT count(*) AS n FROM central_plays").get()).toEqual({ n: 1000 });
    expect(central.prepare("SELECT plays, sessions, sign_events FROM central_uploads").get()).toEqual({
      plays: 1000,
      sessions: 1,
      sign_events: 1,
    });
    expect(await uploadPending(gate, "cau-treo", send)).toEqual({
      batches: 0,
      rows: 0,
      more: false,
      error: null,
    });
  });

  it("stop after a bounded number of batches per cycle, and keep each request under the body limit", async () => {
    const gate = gateDb(1000);
    const outcome = await uploadPending(gate, "cau-treo", async () => undefined, 2);
    expect(outcome).toMatchObject({ batches: 2, rows: 802, more: true });
    const pages = Array.from({ length: 100 }, (_, i) => `item:${"x".repeat(90)}${i}`);
    const db = openDatabase(tempDir());
    storeProof(
      db,
      { kioskId: "kiosk-1", channel: "hall" },
      {
        plays: [],
        sessions: Array.from({ length: 200 }, (_, i) => ({
          startedAt: new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString(),
          endedAt: new Date(Date.UTC(2026, 10, 1, 0, i, 30)).toISOString(),
          language: "vi" as const,
          pages,
        })),
      },
    );
    const batch = nextBatch(db, "cau-treo", readCursors(db));
    expect(Buffer.byteLength(JSON.stringify(batch?.upload))).toBeLessThan(256 * 1024);
    expect(batch?.upload.sessions.length).toBeLessThan(200);
  });
});
