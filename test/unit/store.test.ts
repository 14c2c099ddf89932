import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../controller/src/config/errors.js";
import { importPackOnce, readPack } from "../../controller/src/content/pack.js";
import { listAudit, SYSTEM } from "../../controller/src/store/audit-repo.js";
import { getItem, listItems, listSchedules, saveEntity } from "../../controller/src/store/content-repo.js";
import { openDatabase, StoreError } from "../../controller/src/store/database.js";
import { applyMigrations, MIGRATIONS, schemaVersion } from "../../controller/src/store/migrations.js";
import { tempDir, testPack, writeTree } from "../helpers/fixtures.js";

describe("migrations", () => {
  it("bring an empty database to the newest version, in WAL mode", () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    expect(schemaVersion(db)).toBe(MIGRATIONS.at(-1)?.version);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
  });

  it("leave an up-to-date database and its rows alone", () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    db.prepare("INSERT INTO meta (key, value) VALUES ('k', 'v')").run();
    db.close();
    const again = openDatabase(dir);
    expect(applyMigrations(again)).toEqual([]);
    expect(again.prepare("SELECT value FROM meta WHERE key = 'k'").get()).toEqual({ value: "v" });
    again.close();
  });

  it("apply only the newer steps to an existing database, each atomically", () => {
    const db = new Database(":memory:");
    const steps = [
      { version: 1, name: "one", sql: "CREATE TABLE a (x INTEGER)" },
      { version: 2, name: "two", sql: "CREATE TABLE b (y INTEGER)" },
    ];
    expect(applyMigrations(db, steps.slice(0, 1))).toEqual([1]);
    db.prepare("INSERT INTO a VALUES (1)").run();
    expect(applyMigrations(db, steps)).toEqual([2]);
    expect(db.prepare("SELECT count(*) AS n FROM a").get()).toEqual({ n: 1 });
    // A failing step leaves the version where it was and no half-made tables.
    const broken = [
      ...steps,
      { version: 3, name: "bad", sql: "CREATE TABLE c (z INTEGER); SELECT nope FROM missing" },
    ];
    expect(() => applyMigrations(db, broken)).toThrow();
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'c'").get()).toBeUndefined();
  });

  it("refuse a database written by a newer controller", () => {
    const db = new Database(":memory:");
    db.pragma("user_version = 99");
    expect(() => applyMigrations(db)).toThrow(/schema version 99/);
  });

  it("explain an unwritable DATA_DIR", () => {
    const blocker = path.join(writeTree({ file: "x" }), "file");
    expect(() => openDatabase(path.join(blocker, "data"))).toThrow(StoreError);
    expect(() => openDatabase(path.join(blocker, "data"))).toThrow(/DATA_DIR .* is not writable \(E/);
  });
});

describe("content packs", () => {
  it("import once, and later starts keep what operators changed", () => {
    const contentDir = writeTree(testPack());
    const dataDir = tempDir();
    const db = openDatabase(dataDir);
    const pack = readPack(contentDir, "test-gate");
    expect(importPackOnce(db, pack, SYSTEM)).toEqual({
      imported: true,
      items: 2,
      playlists: 1,
      schedules: 1,
    });

    const welcome = getItem(db, "welcome");
    if (!welcome) throw new Error("welcome missing");
    saveEntity(db, { name: "op1" }, "item", {
      ...welcome,
      title: { ...welcome.title, en: "Welcome, traveller" },
    });
    db.close();

    const reopened = openDatabase(dataDir);
    const second = importPackOnce(reopened, readPack(contentDir, "test-gate"), SYSTEM);
    expect(second.imported).toBe(false);
    expect(getItem(reopened, "welcome")?.title.en).toBe("Welcome, traveller");
    expect(listItems(reopened)).toHaveLength(2);
    const audit = listAudit(reopened);
    expect(audit.map((a) => `${a.actor} ${a.action} ${a.entity}`)).toEqual([
      "op1 update item",
      "system import content-pack",
    ]);
    const before = audit[0]?.before as { title: { en: string } } | undefined;
    expect(before?.title.en).toBe("Welcome");
    reopened.close();
  });

  it("validate the whole pack before writing anything", () => {
    const files = testPack();
    files["packs/test-gate/items/hours.yaml"] = String(files["packs/test-gate/items/hours.yaml"]).replace(
      "kind: article",
      "kind: poster",
    );
    const contentDir = writeTree(files);
    expect(() => readPack(contentDir, "test-gate")).toThrow(ConfigError);
    expect(() => readPack(contentDir, "test-gate")).toThrow(/hours\.yaml:2: kind: /);
  });

  it("name a playlist entry that points at no item", () => {
    const files = testPack();
    files["packs/test-gate/pack.yaml"] = String(files["packs/test-gate/pack.yaml"]).replace(
      "[welcome, hours]",
      "[welcome, hrs]",
    );
    expect(() => readPack(writeTree(files), "test-gate")).toThrow(
      /pack\.yaml: playlists\.0\.itemIds\.1: no item "hrs"/,
    );
  });

  it("report a missing pack or item file", () => {
    expect(() => readPack(tempDir(), "test-gate")).toThrow(/pack\.yaml: content pack not found/);
  });

  it("import atomically: a failure mid-way writes nothing", () => {
    const db = openDatabase(tempDir());
    const pack = readPack(writeTree(testPack()), "test-gate");
    const [first] = pack.schedules;
    if (!first) throw new Error("the test pack has a schedule");
    const broken = { ...pack, schedules: [{ ...first, kind: "bogus" as never }] };
    db.exec(
      "CREATE TRIGGER no_bogus BEFORE INSERT ON schedules WHEN NEW.kind = 'bogus' BEGIN SELECT RAISE(ABORT, 'bogus'); END",
    );
    expect(() => importPackOnce(db, broken, SYSTEM)).toThrow(/bogus/);
    expect(listItems(db)).toEqual([]);
    expect(listSchedules(db)).toEqual([]);
    expect(listAudit(db)).toEqual([]);
    db.close();
  });
});
