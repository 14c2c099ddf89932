import type { Db } from "./db.js";

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
  {
    version: 2,
    name: "kiosks and touch sessions",
    sql: `
      -- One row per kiosk device, upserted on every hello and proof batch.
      CREATE TABLE kiosks (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        user_agent TEXT,
        -- JSON: what the kiosk last said it shows (mode, language, item, state version).
        showing TEXT
      );
      -- One row per traveler's use of a kiosk; the unique key makes re-sent batches idempotent.
      CREATE TABLE kiosk_sessions (
        id INTEGER PRIMARY KEY,
        device_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        language TEXT NOT NULL,
        pages TEXT NOT NULL DEFAULT '[]',
        received_at TEXT NOT NULL,
        UNIQUE (device_id, started_at)
      );
      CREATE INDEX kiosk_sessions_started ON kiosk_sessions(started_at);
    `,
  },
  {
    version: 3,
    name: "operator login sessions",
    sql: `
      -- One row per logged-in console. id is the sha256 (hex) of the cookie's token: a copy of the
      -- database does not hold a usable cookie. Login failures are counted in memory (see auth/rate-limit.ts).
      CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        csrf_token TEXT NOT NULL,
        created_at TEXT NOT NULL,
        -- Absolute end; the idle end is last_seen plus the idle timeout.
        expires_at TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        address TEXT,
        user_agent TEXT
      );
      CREATE INDEX sessions_user ON sessions(user_id);
    `,
  },
  {
    version: 4,
    name: "drafts, publications and published versions",
    sql: `
      -- Operators' pending content changes: at most one per entity (editing again replaces it, with a
      -- new id: AUTOINCREMENT never reuses one, so a publication can tell whether its draft changed).
      CREATE TABLE draft_changes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        entity TEXT NOT NULL CHECK (entity IN ('item','playlist','schedule')),
        entity_id TEXT NOT NULL,
        op TEXT NOT NULL CHECK (op IN ('put','delete')),
        -- JSON of the validated entity for 'put'; NULL for 'delete'.
        after TEXT,
        author TEXT NOT NULL,
        created_at TEXT NOT NULL,
        -- The published version that was live when the draft was written.
        base_version INTEGER NOT NULL,
        UNIQUE (entity, entity_id),
        CHECK ((op = 'put') = (after IS NOT NULL))
      );
      -- A request to make changes live: pending until published, rejected or failed (final states).
      CREATE TABLE publications (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('changes','restore')),
        status TEXT NOT NULL CHECK (status IN ('pending','published','rejected','failed')),
        author TEXT NOT NULL,
        author_id INTEGER,
        note TEXT,
        -- JSON list of {entity, id, op, after, draftId?, before?}.
        changes TEXT NOT NULL,
        restore_of INTEGER REFERENCES published_versions(version),
        created_at TEXT NOT NULL,
        decided_by TEXT,
        decided_at TEXT,
        -- Why it was rejected, or why it could no longer be published.
        reason TEXT,
        version INTEGER
      );
      CREATE INDEX publications_status ON publications(status);
      -- Everything screens could show (items, playlists, schedules) after each publication; version 1
      -- is the content found at the first start with this table (the imported pack).
      CREATE TABLE published_versions (
        version INTEGER PRIMARY KEY,
        created_at TEXT NOT NULL,
        publication_id INTEGER REFERENCES publications(id),
        content TEXT NOT NULL
      );
      CREATE TRIGGER published_versions_immutable BEFORE UPDATE ON published_versions
        BEGIN SELECT RAISE(ABORT, 'published versions are immutable'); END;
      CREATE TRIGGER published_versions_kept BEFORE DELETE ON published_versions
        BEGIN SELECT RAISE(ABORT, 'published versions are immutable'); END;
      CREATE TRIGGER publications_decided_final BEFORE UPDATE ON publications WHEN OLD.status != 'pending'
        BEGIN SELECT RAISE(ABORT, 'a decided publication cannot change'); END;
    `,
  },
  {
    version: 5,
    name: "central programs, signed bundles, gate sync and heartbeats",
    sql: `
      -- At the central office: programs as composed (one validated JSON document each).
      CREATE TABLE central_programs (
        id TEXT PRIMARY KEY,
        doc TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      -- At the central office: every signed bundle. manifest holds the exact signed bytes; the files
      -- are content-addressed under DATA_DIR/central/files/. Bundles never change once signed.
      CREATE TABLE central_bundles (
        program_id TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version > 0),
        created_at TEXT NOT NULL,
        valid_until TEXT NOT NULL,
        targets TEXT NOT NULL,
        key_id TEXT NOT NULL,
        manifest BLOB NOT NULL,
        sig TEXT NOT NULL,
        published_by TEXT NOT NULL,
        PRIMARY KEY (program_id, version)
      );
      CREATE TRIGGER central_bundles_immutable BEFORE UPDATE ON central_bundles
        BEGIN SELECT RAISE(ABORT, 'signed bundles are immutable'); END;
      -- At the central office: the latest heartbeat of each gate.
      CREATE TABLE central_heartbeats (
        gate_id TEXT PRIMARY KEY,
        received_at TEXT NOT NULL,
        address TEXT,
        doc TEXT NOT NULL
      );
      -- At a gate: the version of each central program it holds (replays are refused against it) and
      -- the ids of the entities that version brought (a newer version replaces them).
      CREATE TABLE central_held (
        program_id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        key_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        valid_until TEXT NOT NULL,
        manifest_sha256 TEXT NOT NULL,
        entities TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        source TEXT NOT NULL
      );
      -- At a gate: what happened to each bundle seen (imported or refused, and why).
      CREATE TABLE central_sync_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        source TEXT NOT NULL,
        program_id TEXT,
        version INTEGER,
        outcome TEXT NOT NULL CHECK (outcome IN ('imported','refused','error')),
        code TEXT,
        reason TEXT
      );
    `,
  },
  {
    version: 6,
    name: "reports: what signs held, sign outages, uploads to the central office",
    sql: `
      -- The language a kiosk showed the item in (NULL: an alert, shown in every language at once) and
      -- where the item came from when it was shown (items.origin then; the item may be gone since).
      ALTER TABLE proof_of_play ADD COLUMN language TEXT;
      ALTER TABLE proof_of_play ADD COLUMN origin TEXT;
      -- The name of a central program as its bundle says, for the gate's reports.
      ALTER TABLE central_held ADD COLUMN name TEXT;
      -- At a gate: what each sign did, as an append-only log (so it uploads with a cursor and a power
      -- cut loses at most the event being written). A state lasts until the sign's next event:
      -- online / offline (answers or not, with the reason), showing (the frames it holds), stopped (the
      -- controller stopped: nothing known until the next event).
      CREATE TABLE sign_events (
        id INTEGER PRIMARY KEY,
        sign_id TEXT NOT NULL,
        at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('online','offline','showing','stopped')),
        detail TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX sign_events_sign_at ON sign_events(sign_id, at);
      -- At the central office: what gates uploaded. The natural keys make a re-sent batch a no-op.
      CREATE TABLE central_plays (
        gate_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        schedule_id TEXT,
        origin TEXT,
        language TEXT,
        started_at TEXT NOT NULL,
        duration_ms INTEGER NOT NULL,
        received_at TEXT NOT NULL,
        UNIQUE (gate_id, device_id, started_at, item_id)
      );
      CREATE INDEX central_plays_gate_started ON central_plays(gate_id, started_at);
      CREATE TABLE central_sessions (
        gate_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT NOT NULL,
        language TEXT NOT NULL,
        pages TEXT NOT NULL,
        received_at TEXT NOT NULL,
        UNIQUE (gate_id, device_id, started_at)
      );
      CREATE INDEX central_sessions_gate_started ON central_sessions(gate_id, started_at);
      CREATE TABLE central_sign_events (
        gate_id TEXT NOT NULL,
        sign_id TEXT NOT NULL,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        detail TEXT NOT NULL,
        received_at TEXT NOT NULL,
        UNIQUE (gate_id, sign_id, at, kind)
      );
      -- At the central office: how current each gate's uploads are (for the fleet and the reports).
      CREATE TABLE central_uploads (
        gate_id TEXT PRIMARY KEY,
        last_at TEXT NOT NULL,
        plays INTEGER NOT NULL DEFAULT 0,
        sessions INTEGER NOT NULL DEFAULT 0,
        sign_events INTEGER NOT NULL DEFAULT 0,
        -- The newest record the gate has sent: reports at the central stop there.
        observed_until TEXT
      );
    `,
  },
  {
    version: 7,
    name: "kiosk enrolment: a secret token per kiosk",
    sql: `
      -- sha256 (hex) of the kiosk's token: a copy of the database holds no usable token. NULL: not
      -- enrolled (a row from before enrolment existed, or a revoked kiosk); such a kiosk stores nothing.
      ALTER TABLE kiosks ADD COLUMN token_hash TEXT;
      ALTER TABLE kiosks ADD COLUMN enrolled_at TEXT;
      ALTER TABLE kiosks ADD COLUMN enrolled_by TEXT;
      ALTER TABLE kiosks ADD COLUMN revoked_at TEXT;
      -- A kiosk's alert plays, for the plausibility check: an alert may outlast the hour it looks back.
      CREATE INDEX proof_of_play_alerts ON proof_of_play(device_id, started_at) WHERE origin = 'emergency';
    `,
  },
  {
    version: 8,
    name: "accounts: a TOTP second factor and recovery codes",
    sql: `
      -- One authenticator per user. enabled_at NULL: enrolment begun, not yet confirmed with a code.
      -- last_step: the newest 30-second step a code was accepted for (each code is accepted once).
      -- The secret never leaves the controller after enrolment (and never goes to the log).
      CREATE TABLE user_totp (
        user_id INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        secret TEXT NOT NULL,
        created_at TEXT NOT NULL,
        enabled_at TEXT,
        last_step INTEGER NOT NULL DEFAULT 0
      );
      -- sha256 of each single-use recovery code (80 random bits each); used_at set when spent.
      CREATE TABLE user_recovery_codes (
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        code_hash TEXT NOT NULL,
        used_at TEXT,
        PRIMARY KEY (user_id, code_hash)
      );
    `,
  },
  {
    version: 9,
    name: "the gate PC's calendar jobs: last run of each",
    sql: `
      -- One row per maintenance job (backup, prune, integrity). A job whose last scheduled time
      -- passed while the PC was off runs once at start: decided from last_run_at (or since, when it
      -- never ran: a new database has missed nothing).
      CREATE TABLE maintenance_jobs (
        job TEXT PRIMARY KEY,
        since TEXT NOT NULL,
        last_run_at TEXT,
        last_finished_at TEXT,
        last_outcome TEXT CHECK (last_outcome IN ('ok','warning','failed')),
        last_message TEXT,
        last_ok_at TEXT,
        -- JSON: what the last run did (file written, rows pruned, integrity result).
        last_detail TEXT
      );
    `,
  },
  {
    version: 10,
    name: "central sync log: a refusal repeated by every poll is one row with a count",
    sql: `
      -- How many times this refusal was seen and when last (the reason is the latest); a hostile
      -- central serving the same bad bundle at every poll adds no row.
      ALTER TABLE central_sync_log ADD COLUMN count INTEGER NOT NULL DEFAULT 1;
      ALTER TABLE central_sync_log ADD COLUMN last_at TEXT;
      CREATE INDEX central_sync_log_refusal ON central_sync_log(code, program_id, version);
    `,
  },
  {
    version: 11,
    name: "drafts remember everyone who wrote them (the two-person rule covers the approver's own changes)",
    sql: `
      -- JSON list of {id, name}: each user who wrote a version of this draft since it was created.
      ALTER TABLE draft_changes ADD COLUMN contributors TEXT NOT NULL DEFAULT '[]';
    `,
  },
  {
    version: 12,
    name: "big LED screens: probed media, subtitles on items, items a screen skipped",
    sql: `
      -- JSON: what ffprobe found in a video or image (container, codecs, size, duration); null for
      -- files stored before probing existed (probed again on first use) and for subtitles.
      ALTER TABLE media ADD COLUMN probe TEXT;
      -- A still frame of a video, itself a media file (JPEG).
      ALTER TABLE media ADD COLUMN poster_sha256 TEXT;
      -- JSON {lang: sha256 of a WebVTT file}.
      ALTER TABLE items ADD COLUMN subtitles TEXT NOT NULL DEFAULT '{}';
      -- An item a screen (or kiosk) could not play and skipped; idempotent on its natural key like
      -- proof_of_play, because a player re-sends every batch it has no ack for.
      CREATE TABLE play_skips (
        id INTEGER PRIMARY KEY,
        device_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        schedule_id TEXT,
        at TEXT NOT NULL,
        reason TEXT NOT NULL,
        detail TEXT,
        language TEXT,
        received_at TEXT NOT NULL,
        UNIQUE (device_id, at, item_id)
      );
      CREATE INDEX play_skips_at ON play_skips(at);
    `,
  },
  {
    version: 13,
    name: "central office: the gates' screens and the items their screens skipped",
    sql: `
      -- Uploaded copies of a gate's play_skips; the natural key makes a re-sent batch a no-op.
      CREATE TABLE central_play_skips (
        id INTEGER PRIMARY KEY,
        gate_id TEXT NOT NULL,
        device_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        schedule_id TEXT,
        at TEXT NOT NULL,
        reason TEXT NOT NULL,
        detail TEXT,
        language TEXT,
        received_at TEXT NOT NULL,
        UNIQUE (gate_id, device_id, at, item_id)
      );
      CREATE INDEX central_play_skips_gate_at ON central_play_skips(gate_id, at);
      -- The screens each gate named in its uploads (its site file's screens[]): their plays are the
      -- report's screens, not kiosks. A screen stays once named, so its old plays keep their kind.
      CREATE TABLE central_gate_screens (
        gate_id TEXT NOT NULL,
        screen_id TEXT NOT NULL,
        name TEXT NOT NULL,
        named_at TEXT NOT NULL,
        PRIMARY KEY (gate_id, screen_id)
      );
    `,
  },
  {
    version: 14,
    name: "facts on items: their source and the date to review them by",
    sql: `
      -- JSON {source, reviewBy, checkedOn?} or null: an item that states no facts. reviewBy is kept
      -- in its own column too, so the overview and the report find facts past review by index.
      ALTER TABLE items ADD COLUMN facts TEXT;
      ALTER TABLE items ADD COLUMN review_by TEXT;
      CREATE INDEX items_review_by ON items(review_by) WHERE review_by IS NOT NULL;
    `,
  },
  {
    version: 15,
    name: "the central office's six-monthly report files and the notices that announce them",
    sql: `
      -- One row: when the office first knew the job (a run missed before it is not made up), its last
      -- run and outcome.
      CREATE TABLE report_job (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        since TEXT NOT NULL,
        last_run_at TEXT,
        last_outcome TEXT CHECK (last_outcome IN ('ok','failed')),
        last_message TEXT
      );
      -- Each half-year's report as a PDF in DATA_DIR/reports/ (kept with rotation), and its notice to
      -- the admins in the console until one dismisses it or notice_until passes.
      CREATE TABLE report_files (
        period TEXT PRIMARY KEY,
        period_from TEXT NOT NULL,
        period_to TEXT NOT NULL,
        file TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        gates INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        notice_until TEXT NOT NULL,
        dismissed_at TEXT,
        dismissed_by TEXT
      );
    `,
  },
  {
    version: 16,
    name: "the central office's plays summed per gate, gate-local day, channel, item, origin and language",
    sql: `
      -- A province's report reads 10 gates' half-years (45 million plays) from these sums, not the
      -- rows: whole days from here, only the period's edges from central_plays. Kept by triggers, so
      -- every way rows arrive (uploads, USB proof files) and leave (pruning) keeps it true. '' stands
      -- for a null origin or language (a key column cannot be null here).
      CREATE TABLE central_play_days (
        gate_id TEXT NOT NULL,
        day TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        item_id TEXT NOT NULL,
        origin TEXT NOT NULL,
        language TEXT NOT NULL,
        plays INTEGER NOT NULL,
        ms INTEGER NOT NULL,
        last_end INTEGER NOT NULL,
        PRIMARY KEY (gate_id, day, channel_id, item_id, origin, language)
      ) WITHOUT ROWID;
      INSERT INTO central_play_days
        SELECT gate_id, date(started_at, '+7 hours'), channel_id, item_id, coalesce(origin, ''),
          coalesce(language, ''), count(*), sum(duration_ms),
          max(CAST(round((julianday(started_at) - 2440587.5) * 86400000) AS INTEGER) + duration_ms)
        FROM central_plays
        GROUP BY 1, 2, 3, 4, 5, 6;
      CREATE TRIGGER central_plays_day_add AFTER INSERT ON central_plays BEGIN
        INSERT INTO central_play_days
          VALUES (NEW.gate_id, date(NEW.started_at, '+7 hours'), NEW.channel_id, NEW.item_id,
            coalesce(NEW.origin, ''), coalesce(NEW.language, ''), 1, NEW.duration_ms,
            CAST(round((julianday(NEW.started_at) - 2440587.5) * 86400000) AS INTEGER) + NEW.duration_ms)
          ON CONFLICT DO UPDATE SET plays = plays + 1, ms = ms + excluded.ms,
            last_end = max(last_end, excluded.last_end);
      END;
      CREATE TRIGGER central_plays_day_remove AFTER DELETE ON central_plays BEGIN
        UPDATE central_play_days SET plays = plays - 1, ms = ms - OLD.duration_ms
          WHERE gate_id = OLD.gate_id AND day = date(OLD.started_at, '+7 hours')
            AND channel_id = OLD.channel_id AND item_id = OLD.item_id
            AND origin = coalesce(OLD.origin, '') AND language = coalesce(OLD.language, '');
        DELETE FROM central_play_days
          WHERE gate_id = OLD.gate_id AND day = date(OLD.started_at, '+7 hours') AND plays <= 0;
      END;
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
