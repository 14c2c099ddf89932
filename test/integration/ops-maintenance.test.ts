/**
 * The gate PC's calendar jobs on a real controller: a backup to a second folder with rotation, run by
 * an operator (audited) and once at start after a simulated power-off; pruning of old proof that the
 * central office has (not of what it lacks); orphaned upload files removed at start.
 */
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyArchive } from "../../controller/src/ops/backup.js";
import { backupFileName } from "../../controller/src/ops/backup-rotation.js";
import { setJobLastRun } from "../../controller/src/store/maintenance-repo.js";
import { startTestController } from "../helpers/controller.js";
import { tempDir } from "../helpers/fixtures.js";
import { waitFor } from "../helpers/processes.js";
import { configDirWith } from "../helpers/site-config.js";
import { ConsoleClient, seedUsers, sharedHash } from "./auth-helpers.js";

beforeAll(async () => {
  await sharedHash();
});

function maintenanceYaml(backupDir: string): string {
  return [
    "maintenance:",
    "  backup:",
    `    dir: ${backupDir}`,
    "    keepNightly: 2",
    "    keepWeekly: 1",
    "    allowSameDisk: true",
  ].join("\n");
}

async function finished(client: ConsoleClient, job: string, after: string | null) {
  return waitFor(async () => {
    const answer = await client.send("GET", "/api/v1/maintenance");
    const status = answer.body.jobs.find((j: { job: string }) => j.job === job);
    return status.lastFinishedAt && status.lastFinishedAt !== after && !status.running ? status : undefined;
  }, 180_000);
}

describe("maintenance jobs", () => {
  it("backs up to the second location by hand, verified, audited, with rotation", async () => {
    const backupDir = tempDir("gatecast-usb-");
    // Old backups of this gate (older weeks) and someone else's file on the same disk.
    const old = ["2026-01-05", "2026-01-12", "2026-01-19"].map((d) =>
      backupFileName("cau-treo", Date.parse(`${d}T02:30:00+07:00`)),
    );
    for (const name of old) writeFileSync(path.join(backupDir, name), "old");
    writeFileSync(path.join(backupDir, "photos.tar"), "not ours");

    const dataDir = tempDir();
    const c = await startTestController({
      env: { GATECAST_CONFIG_DIR: configDirWith("cau-treo", maintenanceYaml(backupDir)), DATA_DIR: dataDir },
    });
    await seedUsers(c, { "sup.a": "supervisor", "op.a": "operator" });
    const op = await new ConsoleClient(c.url).loginOk("op.a");
    expect((await op.send("GET", "/api/v1/maintenance")).status).toBe(403);
    expect((await op.send("POST", "/api/v1/maintenance/backup/run")).status).toBe(403);

    const sup = await new ConsoleClient(c.url).loginOk("sup.a");
    expect((await sup.send("POST", "/api/v1/maintenance/nothing/run")).status).toBe(400);
    const started = await sup.send("POST", "/api/v1/maintenance/backup/run");
    expect(started.status).toBe(202);
    const status = await finished(sup, "backup", null);
    expect(status.lastOutcome).toBe("ok");
    const file = status.lastDetail.file as string;
    expect(path.dirname(file)).toBe(backupDir);
    expect(verifyArchive(file).manifest.gate).toBe("cau-treo");

    // Kept: the new backup, the newest old one (2 nightly) and one weekly (the new one's week);
    // the other file is untouched.
    const left = readdirSync(backupDir).sort();
    expect(left).toContain("photos.tar");
    expect(left).toContain(path.basename(file));
    expect(left).toContain(old[2]);
    expect(left).not.toContain(old[0]);
    expect(left).not.toContain(old[1]);
    expect(left.filter((n) => n.includes(".partial") || n.includes(".db-copy"))).toEqual([]);

    const audit = c.ctx.db
      .prepare("SELECT actor, action, entity, entity_id FROM audit WHERE entity = 'maintenance'")
      .all();
    expect(audit).toEqual([{ actor: "sup.a", action: "run", entity: "maintenance", entity_id: "backup" }]);

    const health = await (await fetch(`${c.url}/healthz`)).json();
    expect(health.maintenance.backup.outcome).toBe("ok");
    expect(health.disk.state).toBe("ok");
  });

  it("reports a missing backup disk as a warning, never a failure of the gate", async () => {
    const c = await startTestController({
      env: { GATECAST_CONFIG_DIR: configDirWith("cau-treo", maintenanceYaml("/nonexistent/usb-disk")) },
    });
    await seedUsers(c, { "sup.a": "supervisor" });
    const sup = await new ConsoleClient(c.url).loginOk("sup.a");
    await sup.send("POST", "/api/v1/maintenance/backup/run");
    const status = await finished(sup, "backup", null);
    expect(status.lastOutcome).toBe("warning");
    expect(status.lastMessage).toMatch(/\/nonexistent\/usb-disk is missing/);
    expect((await fetch(`${c.url}/healthz`)).status).toBe(200);
  });

  it("runs a job missed during a long power-off once at start, and removes orphaned uploads", async () => {
    const backupDir = tempDir("gatecast-usb-");
    const dataDir = tempDir();
    const configDir = configDirWith("cau-treo", maintenanceYaml(backupDir));
    const first = await startTestController({ env: { GATECAST_CONFIG_DIR: configDir, DATA_DIR: dataDir } });
    // Nothing was missed by a new database.
    expect(readdirSync(backupDir)).toEqual([]);
    // The PC was off for 40 days: the jobs last ran then.
    const longAgo = new Date(Date.now() - 40 * 86_400_000).toISOString();
    for (const job of ["backup", "prune", "integrity"] as const) setJobLastRun(first.ctx.db, job, longAgo);
    await first.stop();
    // A kill -9 mid-upload left a temporary file.
    mkdirSync(path.join(dataDir, "media", "tmp"), { recursive: true });
    const orphan = path.join(dataDir, "media", "tmp", "0123456789abcdef.part");
    writeFileSync(orphan, "half an upload");
    const past = new Date(Date.now() - 3600_000);
    utimesSync(orphan, past, past);

    const second = await startTestController({ env: { GATECAST_CONFIG_DIR: configDir, DATA_DIR: dataDir } });
    expect(existsSync(orphan)).toBe(false);
    await seedUsers(second, { "sup.a": "supervisor" });
    const sup = await new ConsoleClient(second.url).loginOk("sup.a");
    const backup = await finished(sup, "backup", null);
    const integrity = await finished(sup, "integrity", null);
    const prune = await finished(sup, "prune", null);
    expect(backup.lastOutcome).toBe("ok");
    expect(integrity.lastOutcome).toBe("ok");
    expect(integrity.lastDetail).toEqual({ ok: true, messages: ["ok"] });
    expect(prune.lastOutcome).toBe("ok");
    // Once, not once per missed day.
    expect(readdirSync(backupDir).filter((n) => n.endsWith(".tar"))).toHaveLength(1);
    const runs = second.ctx.db.prepare("SELECT job, last_run_at FROM maintenance_jobs").all() as {
      last_run_at: string;
    }[];
    for (const run of runs) expect(Date.parse(run.last_run_at)).toBeGreaterThan(Date.now() - 600_000);
  });

  it("prunes proof past retention that the central has, and keeps what it does not", async () => {
    const c = await startTestController({
      env: {
        GATECAST_CONFIG_DIR: configDirWith(
          "cau-treo",
          [
            "central:",
            "  url: http://127.0.0.1:9/",
            "  tokenFile: /nonexistent/token",
            "storage:",
            "  retentionDays: 60",
          ].join("\n"),
        ),
      },
    });
    const db = c.ctx.db;
    const insert = db.prepare(
      `INSERT INTO proof_of_play (device_id, channel_id, item_id, started_at, duration_ms, received_at)
       VALUES (?, 'hall', 'welcome', ?, 10000, ?)`,
    );
    const old = new Date(Date.now() - 90 * 86_400_000).toISOString();
    const recent = new Date(Date.now() - 86_400_000).toISOString();
    db.transaction(() => {
      for (let i = 0; i < 12_000; i++) insert.run(`k${i}`, old, old);
      for (let i = 0; i < 100; i++) insert.run(`r${i}`, recent, recent);
      // Late: old plays the central has not received yet.
      for (let i = 0; i < 50; i++) insert.run(`late${i}`, old, recent);
    })();
    // The central acknowledged the first 12,000 rows.
    db.prepare("INSERT INTO meta (key, value) VALUES ('central.upload.plays', '12000')").run();
    await seedUsers(c, { "sup.a": "supervisor" });
    const sup = await new ConsoleClient(c.url).loginOk("sup.a");
    await sup.send("POST", "/api/v1/maintenance/prune/run");
    const prune = await finished(sup, "prune", null);
    expect(prune.lastOutcome).toBe("ok");
    expect(prune.lastDetail.tables.proof_of_play).toMatchObject({
      byAge: 12_000,
      keptNotUploaded: 50,
      byBudget: 0,
    });
    expect(db.prepare("SELECT count(*) FROM proof_of_play").pluck().get()).toBe(150);
  });
});

describe("budgets and the bundle cache", () => {
  it("prunes the oldest rows of a table over its budget, uploaded or not, in chunks", async () => {
    const c = await startTestController({
      env: {
        GATECAST_CONFIG_DIR: configDirWith("cau-treo", "storage:\n  budgets: { proofOfPlayMB: 1 }"),
      },
    });
    const db = c.ctx.db;
    const insert = db.prepare(
      `INSERT INTO proof_of_play (device_id, channel_id, item_id, started_at, duration_ms, received_at)
       VALUES (?, 'hall', 'welcome', ?, 10000, ?)`,
    );
    const base = Date.now() - 10 * 86_400_000;
    db.transaction(() => {
      for (let i = 0; i < 30_000; i++) {
        const at = new Date(base + i * 1000).toISOString();
        insert.run(`kiosk-with-a-long-device-name-${i}`, at, at);
      }
    })();
    await seedUsers(c, { "sup.a": "supervisor" });
    const sup = await new ConsoleClient(c.url).loginOk("sup.a");
    await sup.send("POST", "/api/v1/maintenance/prune/run");
    const prune = await finished(sup, "prune", null);
    const result = prune.lastDetail.tables.proof_of_play;
    expect(result.bytesBefore).toBeGreaterThan(1024 * 1024);
    expect(result.byBudget).toBeGreaterThan(0);
    expect(result.byAge).toBe(0);
    const left = db.prepare("SELECT count(*) AS n, min(started_at) AS oldest FROM proof_of_play").get() as {
      n: number;
      oldest: string;
    };
    expect(left.n).toBe(30_000 - result.byBudget);
    // The oldest went first.
    expect(left.oldest).toBe(new Date(base + result.byBudget * 1000).toISOString());
    // Measured again, the table fits its budget.
    const again = (await import("../../controller/src/ops/maintenance-tasks.js")).tableSizes(
      path.join(c.ctx.settings.dataDir, "gatecast.sqlite"),
      ["proof_of_play"],
    );
    expect(again.proof_of_play?.bytes).toBeLessThanOrEqual(1024 * 1024);
  });

  it("drops old versions and unreferenced files from the bundle cache, keeps what the held version needs", async () => {
    const { pruneBundleCache } = await import("../../controller/src/ops/pruning.js");
    const c = await startTestController();
    const dataDir = c.ctx.settings.dataDir;
    const cache = path.join(dataDir, "bundles");
    const sha = (n: number) => String(n).repeat(64).slice(0, 64);
    const write = (rel: string, text: string, old = true) => {
      const file = path.join(cache, rel);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
      if (old) {
        const past = new Date(Date.now() - 3 * 86_400_000);
        utimesSync(file, past, past);
        utimesSync(path.dirname(file), past, past);
      }
    };
    write("p-tet/3/manifest.json", JSON.stringify({ files: [{ sha256: sha(1) }, { sha256: sha(2) }] }));
    write("p-tet/2/manifest.json", JSON.stringify({ files: [{ sha256: sha(3) }] }));
    write("p-gone/1/manifest.json", JSON.stringify({ files: [{ sha256: sha(4) }] }));
    for (const n of [1, 2, 3, 4]) write(`files/${sha(n)}`, "x");
    write(`files/${sha(5)}`, "a download in progress", false);
    // A resumable download weeks old, and the list of what pending programs lack: the sync's own.
    write(`partial/${sha(6)}`, "the first bytes of a Tết film");
    write(`partial/${sha(6)}.len`, "29");
    write("pending.json", JSON.stringify({ "p-film": [sha(6)] }));
    c.ctx.db
      .prepare(
        `INSERT INTO central_held (program_id, version, key_id, created_at, valid_until, manifest_sha256,
           entities, imported_at, source) VALUES ('p-tet', 3, 'k', '', '', '', '{}', '', 'test')`,
      )
      .run();
    const result = pruneBundleCache(c.ctx.db, dataDir);
    expect(result).toEqual({ versionDirs: 2, files: 2 });
    expect(existsSync(path.join(cache, "p-tet", "3", "manifest.json"))).toBe(true);
    expect(existsSync(path.join(cache, "p-tet", "2"))).toBe(false);
    expect(existsSync(path.join(cache, "p-gone"))).toBe(false);
    expect(readdirSync(path.join(cache, "files")).sort()).toEqual([sha(1), sha(2), sha(5)].sort());
    expect(readdirSync(path.join(cache, "partial")).sort()).toEqual([sha(6), `${sha(6)}.len`]);
    expect(existsSync(path.join(cache, "pending.json"))).toBe(true);
  });
});
