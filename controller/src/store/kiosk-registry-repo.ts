/**
 * The kiosk registry (table `kiosks`): which kiosks are enrolled, with what token (its hash), name
 * and group, and when each was last seen and what it showed. Only enrolled kiosks get a row; a kiosk
 * that is not enrolled stores nothing. Enrolling and revoking are audited.
 */
import type { KioskRecord, KioskShowing } from "../contract/kiosk.js";
import { type Actor, recordAudit } from "./audit-repo.js";
import type { Db } from "./database.js";

/** Enrolled kiosks a gate may have: tens in practice; the cap bounds the table and its list. */
export const MAX_KIOSKS = 500;

export class RegistryError extends Error {
  constructor(
    readonly code: "conflict" | "registry-full" | "not-found",
    message: string,
  ) {
    super(message);
  }
}

export interface EnrolledKiosk {
  id: string;
  name: string;
  channel: string;
  tokenHash: string;
}

interface KioskRow {
  id: string;
  name: string;
  channel_id: string;
  first_seen: string;
  last_seen: string;
  user_agent: string | null;
  showing: string | null;
  token_hash: string | null;
  enrolled_at: string | null;
  enrolled_by: string | null;
  revoked_at: string | null;
}

/** The enrolled kiosk with this id (a valid token hash, not revoked), or undefined. */
export function findEnrolled(db: Db, id: string): EnrolledKiosk | undefined {
  const row = db
    .prepare("SELECT id, name, channel_id, token_hash FROM kiosks WHERE id = ? AND token_hash IS NOT NULL")
    .get(id) as Pick<KioskRow, "id" | "name" | "channel_id" | "token_hash"> | undefined;
  return row?.token_hash
    ? { id: row.id, name: row.name, channel: row.channel_id, tokenHash: row.token_hash }
    : undefined;
}

export function countEnrolled(db: Db): number {
  return (
    (db.prepare("SELECT count(*) FROM kiosks WHERE token_hash IS NOT NULL").pluck().get() as number) ?? 0
  );
}

/**
 * Enrols a kiosk: its row gets the token's hash, the operator's name and group. An id that holds a
 * valid token is refused unless `replace` (the provisioning script re-issuing the gate PC's own
 * kiosk's token): ids cannot be taken over by pairing. Audited.
 */
export function enrolKiosk(
  db: Db,
  actor: Actor,
  kiosk: { id: string; name: string; channel: string; tokenHash: string; userAgent?: string | null },
  options: { replace?: boolean; now?: string } = {},
): KioskRecord {
  const now = options.now ?? new Date().toISOString();
  return db.transaction(() => {
    const before = db.prepare("SELECT * FROM kiosks WHERE id = ?").get(kiosk.id) as KioskRow | undefined;
    if (before?.token_hash && !options.replace) {
      throw new RegistryError(
        "conflict",
        `kiosk "${kiosk.id}" is enrolled already; revoke it first to give its id to another kiosk`,
      );
    }
    if (!before?.token_hash && countEnrolled(db) >= MAX_KIOSKS) {
      throw new RegistryError(
        "registry-full",
        `a gate enrols at most ${MAX_KIOSKS} kiosks; revoke unused ones`,
      );
    }
    db.prepare(
      `INSERT INTO kiosks (id, name, channel_id, first_seen, last_seen, user_agent, showing, token_hash, enrolled_at, enrolled_by, revoked_at)
       VALUES (@id, @name, @channel, @now, @now, @userAgent, NULL, @tokenHash, @now, @by, NULL)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, channel_id = excluded.channel_id,
         token_hash = excluded.token_hash, enrolled_at = excluded.enrolled_at,
         enrolled_by = excluded.enrolled_by, revoked_at = NULL,
         user_agent = COALESCE(excluded.user_agent, kiosks.user_agent)`,
    ).run({
      id: kiosk.id,
      name: kiosk.name,
      channel: kiosk.channel,
      now,
      userAgent: kiosk.userAgent ?? null,
      tokenHash: kiosk.tokenHash,
      by: actor.name,
    });
    recordAudit(
      db,
      actor,
      before?.token_hash ? "re-enrol" : "enrol",
      "kiosk",
      kiosk.id,
      before
        ? { name: before.name, channel: before.channel_id, enrolled: before.token_hash !== null }
        : undefined,
      { name: kiosk.name, channel: kiosk.channel },
    );
    return recordOf(db.prepare("SELECT * FROM kiosks WHERE id = ?").get(kiosk.id) as KioskRow, false);
  })();
}

/** Takes an enrolled kiosk's token away: it stores nothing from now on (its past records stay). */
export function revokeKiosk(db: Db, actor: Actor, id: string, now = new Date().toISOString()): KioskRecord {
  return db.transaction(() => {
    const before = db.prepare("SELECT * FROM kiosks WHERE id = ?").get(id) as KioskRow | undefined;
    if (!before?.token_hash) throw new RegistryError("not-found", `no enrolled kiosk "${id}"`);
    db.prepare("UPDATE kiosks SET token_hash = NULL, revoked_at = ? WHERE id = ?").run(now, id);
    recordAudit(
      db,
      actor,
      "revoke",
      "kiosk",
      id,
      { name: before.name, channel: before.channel_id },
      undefined,
    );
    return recordOf(db.prepare("SELECT * FROM kiosks WHERE id = ?").get(id) as KioskRow, false);
  })();
}

export interface Sighting {
  lastSeen: string;
  userAgent?: string | null;
  showing?: KioskShowing;
}

/** Last seen, and what it shows when told; only for an enrolled kiosk. */
export function recordSighting(db: Db, id: string, seen: Sighting): void {
  db.prepare(
    `UPDATE kiosks SET last_seen = max(last_seen, @lastSeen),
       user_agent = COALESCE(@userAgent, user_agent), showing = COALESCE(@showing, showing)
     WHERE id = @id AND token_hash IS NOT NULL`,
  ).run({
    id,
    lastSeen: seen.lastSeen,
    userAgent: seen.userAgent ?? null,
    showing: seen.showing ? JSON.stringify(seen.showing) : null,
  });
}

function recordOf(r: KioskRow, connected: boolean): KioskRecord {
  let showing: KioskShowing | null = null;
  try {
    showing = r.showing ? (JSON.parse(r.showing) as KioskShowing) : null;
  } catch {
    showing = null;
  }
  return {
    id: r.id,
    name: r.name,
    channel: r.channel_id,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    userAgent: r.user_agent,
    showing,
    connected,
    enrolled: r.token_hash !== null,
    enrolledAt: r.enrolled_at,
    enrolledBy: r.enrolled_by,
    revokedAt: r.revoked_at,
  };
}

/** The registry, enrolled kiosks first, at most `limit` rows (the public list is bounded). */
export function listKiosks(db: Db, connected: ReadonlySet<string>, limit = MAX_KIOSKS): KioskRecord[] {
  const rows = db
    .prepare(`SELECT * FROM kiosks ORDER BY token_hash IS NULL, channel_id, name, id LIMIT ?`)
    .all(limit) as KioskRow[];
  return rows.map((r) => recordOf(r, connected.has(r.id)));
}
