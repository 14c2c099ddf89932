/**
 * A night with a great deal to prune, on a real controller child process: hundreds of thousands of
 * proof rows past retention (millions with `SOAK_LONG=1`), pruned while /healthz is polled. The
 * deletes go in chunks with the event loop turning between them: every health answer comes within
 * 1 s (the slowest is recorded), the process stays alive with its memory bounded, and exactly the
 * rows past retention are gone.
 */
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addUser, Client, type ControllerChild, startChild, stopChild, tempDir } from "../../soak/lib.js";
import { expectWithinSecond, memoryMb, recordFigure, sized, watchHealth } from "../helpers/adversarial.js";
import { configDirWith } from "../helpers/site-config.js";

const AREA = "disk";

describe("pruning a large backlog", () => {
  let c: ControllerChild;
  let dataDir: string;
  let sup: Client;

  beforeAll(async () => {
    dataDir = tempDir("gatecast-adv-prune-");
    const env = {
      GATE: "cau-treo",
      DATA_DIR: dataDir,
      HOST: "127.0.0.1",
      GATECAST_CONFIG_DIR: configDirWith("cau-treo", "storage:\n  retentionDays: 60"),
    };
    addUser(env, "sup-mai", "supervisor");
    c = await startChild({ ...env, LOG_LEVEL: "warn" });
    sup = await new Client(c.url).login("sup-mai");
  }, 180_000);

  afterAll(async () => {
    if (c) await stopChild(c);
  });

  it("prunes in chunks without stalling /healthz", async () => {
    const old = sized(300_000, 3_000_000);
    const recent = 5000;
    const db = new Database(path.join(dataDir, "gatecast.sqlite"), { timeout: 30_000 });
    try {
      const insert = db.prepare(
        `INSERT INTO proof_of_play (device_id, channel_id, item_id, started_at, duration_ms, received_at)
         VALUES (?, 'hall', 'welcome', ?, 10000, ?)`,
      );
      const oldAt = Date.now() - 200 * 86_400_000;
      // In batches, so the controller (another process) is not locked out while the backlog is made.
      for (let done = 0; done < old; ) {
        db.transaction(() => {
          for (let i = 0; i < 50_000 && done < old; i++, done++) {
            const at = new Date(oldAt + done * 10).toISOString();
            insert.run(`k${done % 40}`, at, at);
          }
        })();
      }
      db.transaction(() => {
        for (let i = 0; i < recent; i++) {
          const at = new Date(Date.now() - i * 1000).toISOString();
          insert.run(`r${i % 40}`, at, at);
        }
      })();
      // Months of rows arrive with checkpoints along the way; made here in seconds, they sit in one
      // huge WAL that the controller's next commit would copy back on its event loop (a multi-second
      // stall that is the seeding's, not a night's). A bulk writer checkpoints after itself.
      db.pragma("wal_checkpoint(TRUNCATE)");
    } finally {
      db.close();
    }

    // The seeding above held this process's event loop for longer than the server's keep-alive: the
    // server has closed the connection the login left, and this process has not yet read that. A turn
    // of the loop lets fetch's pool see it rather than send the next request on a closed connection.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const watch = watchHealth(c.url, 1000, 20);
    const started = performance.now();
    expect((await sup.send("POST", "/api/v1/maintenance/prune/run")).status).toBe(202);
    let job: { lastOutcome: string; lastDetail: { tables: Record<string, { byAge: number }> } } | undefined;
    for (;;) {
      const answer = await sup.send("GET", "/api/v1/maintenance");
      job = answer.body.jobs.find((j: { job: string }) => j.job === "prune");
      if (job?.lastOutcome && !(job as unknown as { running: boolean }).running) break;
      if (performance.now() - started > 300_000) throw new Error("the prune did not finish in 5 minutes");
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = (performance.now() - started) / 1000;
    const health = await watch.stop();
    const memory = memoryMb(c.child.pid);

    expect(c.child.exitCode).toBeNull();
    expect(job?.lastOutcome).toBe("ok");
    expect(job?.lastDetail.tables.proof_of_play?.byAge).toBe(old);
    expect(health.failures).toEqual([]);
    expectWithinSecond(health);
    expect(memory.peak).toBeLessThan(400);
    const check = new Database(path.join(dataDir, "gatecast.sqlite"), { readonly: true });
    try {
      expect(check.prepare("SELECT count(*) FROM proof_of_play").pluck().get()).toBe(recent);
    } finally {
      check.close();
    }
    recordFigure({ area: AREA, figure: "proof rows pruned in one night", value: old });
    recordFigure({ area: AREA, figure: "prune duration (s)", value: Math.round(seconds) });
    recordFigure({
      area: AREA,
      figure: "/healthz slowest answer while pruning (ms)",
      value: Math.round(health.maxMs),
      limit: 1000,
    });
    recordFigure({
      area: AREA,
      figure: "controller RSS peak while pruning (MB)",
      value: Math.round(memory.peak),
    });
    console.log(
      `prune: ${old} rows in ${seconds.toFixed(1)} s, healthz max ${Math.round(health.maxMs)} ms over ` +
        `${health.samples} samples, RSS peak ${Math.round(memory.peak)} MB`,
    );
  }, 900_000);
});
