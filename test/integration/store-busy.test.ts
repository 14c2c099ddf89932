/**
 * A database held by another process (a backup, the sqlite3 CLI) past the busy timeout: background
 * writers fail with SQLITE_BUSY, report it, and write again once the lock is gone; the controller keeps
 * serving throughout.
 */
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { startTestController } from "../helpers/controller.js";
import { waitFor } from "../helpers/processes.js";

describe("a write lock held by another process", () => {
  it("leaves the sign log's sampler failing softly, then recording again", async () => {
    const c = await startTestController();
    const file = `${c.ctx.settings.dataDir}/gatecast.sqlite`;
    const signEvents = () => c.ctx.db.prepare("SELECT count(*) FROM sign_events").pluck().get() as number;
    // Locked before the first sample (5 s after the start): the virtual sign comes up meanwhile, and
    // the sampler's writes of "online" and "showing" wait out the busy timeout (5 s) and fail.
    const other = new Database(file);
    other.pragma("busy_timeout = 0");
    other.exec("BEGIN IMMEDIATE");
    const errors: unknown[] = [];
    const onError = (error: unknown) => errors.push(error);
    process.on("uncaughtException", onError);
    process.on("unhandledRejection", onError);
    try {
      // Reads go on (WAL): /healthz answers between the sampler's waits.
      const until = Date.now() + 14_000;
      while (Date.now() < until) {
        const res = await fetch(`${c.url}/healthz`);
        expect(res.status).toBe(200);
        await new Promise((r) => setTimeout(r, 500));
      }
      expect(signEvents()).toBe(0);
      other.exec("ROLLBACK");
      // What could not be written is written at the next sample.
      await waitFor(async () => (signEvents() > 0 ? true : undefined), 30_000);
    } finally {
      process.off("uncaughtException", onError);
      process.off("unhandledRejection", onError);
      if (other.inTransaction) other.exec("ROLLBACK");
      other.close();
    }
    expect(errors).toEqual([]);
    expect((await fetch(`${c.url}/healthz`)).status).toBe(200);
  }, 180_000);
});
