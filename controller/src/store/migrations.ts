import type { Db } from "./database.js";

/**
 * Versioned schema changes, applied in order at start, each in its own transaction, tracked in
 * `PRAGMA user_version`. Never edit a released migration: add the next one.
 */
export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: "content, schedules, users, audit, proof of play",
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

      -- Localized fields are JSON objects keyed by language tag.
      CREATE TABLE items (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('article','image','video','led')),
        title TEXT NOT NULL DEFAULT '{}',
        body TEXT NOT NULL DEFAULT '{}',
        led_text TEXT NOT NULL DEFAULT '{}',
        media_sha256 TEXT REFERENCES media(sha256),
        duration_s INTEGER NOT NULL CHECK (duration_s > 0),
        valid_from TEXT,
        valid_until TEXT,
        categories TEXT NOT NULL DEFAULT '[]',
        origin TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE playlists (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        item_ids TEXT NOT NULL DEFAULT '[]',
        origin TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      -- The whole schedule is one validated JSON document; kind/priority are copied out for queries.
      CREATE TABLE schedules (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        priority INTEGER NOT NULL,
        enabled INTEGER NOT NULL,
        doc TEXT NOT NULL,
        origin TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE emergencies (
        id TEXT PRIMARY KEY,
        doc TEXT NOT NULL,
        starts_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        cleared_at TEXT,
        created_by TEXT NOT NULL
      );
      CREATE TABLE holiday_overrides (
        holiday_id TEXT NOT NULL,
        year INTEGER NOT NULL,
        date TEXT NOT NULL,
        end_date TEXT,
        origin TEXT NOT NULL,
        PRIMARY KEY (holiday_id, year)
      );
      CREATE TABLE media (
        sha256 TEXT PRIMARY KEY,
        mime TEXT NOT NULL,
        size INTEGER NOT NULL,
        original_name TEXT,
        created_at TEXT NOT NULL
      );
      CREATE TABLE content_packs (
        pack_id TEXT PRIMARY KEY,
        pack_version INTEGER NOT NULL,
        digest TEXT NOT NULL,
        imported_at TEXT NOT NULL
      );
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        role TEXT NOT NULL CHECK (role IN ('operator','supervisor','admin')),
        password_hash TEXT NOT NULL,
        disabled INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        address TEXT,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT,
        before TEXT,
        after TEXT
      );
      CREATE INDEX audit_at ON audit(at);
      -- One row per item shown; the unique key makes re-sent batches idempotent.
      CREATE TABLE proof_of_play (
        id INTEGER PRIMARY KEY,
        device_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        schedule_id TEXT,
        started_at TEXT NOT NULL,
        duration_ms INTEGER NOT NULL,
        received_at TEXT NOT NULL,
        UNIQUE (device_id, started_at, item_id)
      );
      CREATE INDEX proof_of_play_started ON proof_of_play(started_at);
    `,
  },
];

export function schemaVersion(db: Db): number {
  return db.pragma("user_version", { simple: true }) as number;
}

/** Brings the database to the newest schema; refuses one written by a newer controller. */
export function applyMigrations(db: Db, migrations = MIGRATIONS): number[] {
  const current = schemaVersion(db);
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new Error(
      `the database is at schema version ${current} but this controller knows only up to ${newest}: ` +
        "it was written by a newer gatecast; upgrade the controller or restore a backup",
    );
  }
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
    applied.push(migration.version);
  }
  return applied;
}
