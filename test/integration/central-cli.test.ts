/** USB bundles and keys through the CLI, as a person at the gate PC would run them. */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { encodeBundleFile } from "../../controller/src/central/bundle.js";
import { openDatabase } from "../../controller/src/store/database.js";
import { tempDir, testPack, writeTree } from "../helpers/fixtures.js";
import { gatecast } from "../helpers/processes.js";
import { seedGateRecords } from "../helpers/proof-records.js";
import { CENTRAL_SITE, configDir, gateSite, newKey, signedLao } from "./central-helpers.js";

// Each test runs several `gatecast` children under tsx, one after another: up to a minute each on a
// loaded 2-core machine.
vi.setConfig({ testTimeout: 600_000 });

describe("gatecast keys generate", () => {
  it("writes a 0600 private key and prints the key id and public key", async () => {
    const out = path.join(tempDir(), "keys");
    const cli = gatecast(["keys", "generate", "--out", out], {});
    expect(await cli.exited).toBe(0);
    const id = /key id:\s+([0-9a-f]{16})/.exec(cli.output())?.[1] as string;
    expect(id).toBeDefined();
    expect(cli.output()).toMatch(/public key:\s+[A-Za-z0-9+/]{43}=/);
    expect(statSync(path.join(out, `${id}.key`)).mode & 0o777).toBe(0o600);
  });
});

describe("gatecast bundle import", () => {
  it("imports a good USB bundle and refuses replays and tampered files, with the same checks", async () => {
    const key = newKey();
    const env = {
      GATE: "cau-treo",
      DATA_DIR: tempDir(),
      GATECAST_CONTENT_DIR: writeTree(testPack("cau-treo")),
      GATECAST_CONFIG_DIR: configDir({ "cau-treo": gateSite({ keys: [{ key }] }) }),
    };
    const dir = tempDir();
    const good = path.join(dir, "lao-2027-v1.gcbundle.json");
    const bundle = signedLao(key, { version: 1 });
    writeFileSync(good, encodeBundleFile(bundle));

    const first = gatecast(["bundle", "import", good], env);
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/imported lao-2027 v1/);

    const replay = gatecast(["bundle", "import", good], env);
    expect(await replay.exited).toBe(2);
    expect(replay.output()).toMatch(/REFUSED lao-2027 v1 \(replay\)/);

    const v2 = signedLao(key, { version: 2 });
    const files = new Map(
      [...v2.files].map(([sha, bytes]) => [sha, Buffer.from(bytes.toString().replace("Pi Mai", "Pi Mao"))]),
    );
    const tampered = path.join(dir, "tampered.gcbundle.json");
    writeFileSync(tampered, encodeBundleFile({ ...v2, files }));
    const bad = gatecast(["bundle", "import", tampered], env);
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toMatch(/REFUSED lao-2027 v2 \(tampered\)/);

    const db = openDatabase(env.DATA_DIR);
    try {
      expect(db.prepare("SELECT version FROM central_held WHERE program_id = 'lao-2027'").get()).toEqual({
        version: 1,
      });
      expect(db.prepare("SELECT count(*) AS n FROM items WHERE id LIKE 'p-lao-2027-%'").get()).toEqual({
        n: 1,
      });
      expect(
        db.prepare("SELECT date, end_date FROM holiday_overrides WHERE holiday_id = 'lao-new-year'").get(),
      ).toEqual({
        date: "2027-04-13",
        end_date: "2027-04-15",
      });
      const refused = db.prepare("SELECT count(*) AS n FROM audit WHERE action = 'refused'").get();
      expect(refused).toEqual({ n: 2 });
    } finally {
      db.close();
    }
  });
});

describe("gatecast proof export / import", () => {
  it("carries a gate's proof of play to the central on a stick, checked line by line, counted once", async () => {
    const gateEnv = {
      GATE: "cau-treo",
      DATA_DIR: tempDir(),
      GATECAST_CONTENT_DIR: writeTree(testPack("cau-treo")),
      GATECAST_CONFIG_DIR: configDir({ "cau-treo": gateSite({ keys: [{ key: newKey() }] }) }),
    };
    const gateDb = openDatabase(gateEnv.DATA_DIR);
    seedGateRecords(gateDb, 900, Date.parse("2026-11-20T02:00:00Z"));
    gateDb.close();

    const dir = tempDir();
    const file = path.join(dir, "cau-treo.proof.jsonl");
    const exported = gatecast(["proof", "export", "--out", file], gateEnv);
    expect(await exported.exited).toBe(0);
    expect(exported.output()).toMatch(/wrote 3 batch\(es\) of cau-treo's records/);
    const again = gatecast(["proof", "export", "--out", file], gateEnv);
    expect(await again.exited).toBe(1);
    expect(again.output()).toMatch(/exists already/);
    const recent = path.join(dir, "recent.jsonl");
    expect(
      await gatecast(["proof", "export", "--out", recent, "--since", "2026-11-21"], gateEnv).exited,
    ).toBe(0);
    expect(readFileSync(recent, "utf8").trim().split("\n")).toHaveLength(1);

    const centralEnv = {
      GATE: "central-ha-tinh",
      DATA_DIR: tempDir(),
      GATECAST_CONTENT_DIR: writeTree(testPack("cau-treo")),
      GATECAST_CONFIG_DIR: configDir({ "central-ha-tinh": CENTRAL_SITE }),
    };
    // A bad line stores nothing, and says where it is.
    const lines = readFileSync(file, "utf8").split("\n");
    const broken = path.join(dir, "broken.jsonl");
    writeFileSync(
      broken,
      [...lines.slice(0, 2), lines[2]?.replace('"durationMs":10000', '"durationMs":"ten"')].join("\n"),
    );
    const bad = gatecast(["proof", "import", broken], centralEnv);
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toMatch(/broken\.jsonl:3: plays\.0\.durationMs: /);
    // The serving process stays open on the file: the import moves its log into the database itself,
    // rather than leave the serving process to copy 900 rows' pages at its next commit.
    const serving = openDatabase(centralEnv.DATA_DIR);
    const imported = gatecast(["proof", "import", file], centralEnv);
    expect(await imported.exited).toBe(0);
    expect(imported.output()).toMatch(/cau-treo: 3 batch\(es\), 902 row\(s\) stored, 0 held already/);
    expect(statSync(path.join(centralEnv.DATA_DIR, "gatecast.sqlite-wal")).size).toBe(0);
    serving.close();
    const twice = gatecast(["proof", "import", file], centralEnv);
    expect(await twice.exited).toBe(0);
    expect(twice.output()).toMatch(/0 row\(s\) stored, 902 held already/);
    const central = openDatabase(centralEnv.DATA_DIR);
    try {
      expect(
        central.prepare("SELECT count(*) AS n FROM central_plays WHERE gate_id = 'cau-treo'").get(),
      ).toEqual({ n: 900 });
      expect(
        central.prepare("SELECT action, entity_id FROM audit WHERE entity = 'proof-file'").all(),
      ).toHaveLength(2);
    } finally {
      central.close();
    }
  });
});
