/**
 * The console's login sessions: the only place their SQL lives. A row holds the sha256 of the
 * cookie's token, never the token; the rules of when a session lives are in auth/sessions.ts.
 */
import type { Db } from "./database.js";
import type { Role } from "./users-repo.js";

export interface NewSessionRow {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen: string;
  address: string | null;
  user_agent: string | null;
}

/** A session with what is read fresh of its user at each request. */
export interface SessionRow extends NewSessionRow {
  username: string;
  role: Role;
  disabled: number;
  /** 1 when the user has a confirmed second factor. */
  second_factor: number;
}

export function insertSession(db: Db, row: NewSessionRow): void {
  db.prepare(
    `INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at, last_seen, address, user_agent)
     VALUES (@id, @user_id, @csrf_token, @created_at, @expires_at, @last_seen, @address, @user_agent)`,
  ).run(row);
}

export function sessionRow(db: Db, id: string): SessionRow | undefined {
  return db
    .prepare(
      `SELECT s.*, u.username, u.role, u.disabled,
         EXISTS (SELECT 1 FROM user_totp t WHERE t.user_id = u.id AND t.enabled_at IS NOT NULL)
           AS second_factor
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`,
    )
    .get(id) as SessionRow | undefined;
}

export function touchSession(db: Db, id: string, lastSeen: string): void {
  db.prepare("UPDATE sessions SET last_seen = ? WHERE id = ?").run(lastSeen, id);
}

export function deleteSession(db: Db, id: string): void {
  db.prepare("DELETE FROM sessions WHERE id = ?").run(id);
}

/** Every session of a user except optionally one; how many went. */
export function deleteSessionsOfUser(db: Db, userId: number, exceptId?: string): number {
  return db.prepare("DELETE FROM sessions WHERE user_id = ? AND id IS NOT ?").run(userId, exceptId ?? null)
    .changes;
}

/** Sessions past their absolute end, idle since `idleSince`, or created after `futureAfter`. */
export function deleteEndedSessions(
  db: Db,
  bounds: { now: string; idleSince: string; futureAfter: string },
): number {
  return db
    .prepare("DELETE FROM sessions WHERE expires_at <= ? OR last_seen <= ? OR created_at > ?")
    .run(bounds.now, bounds.idleSince, bounds.futureAfter).changes;
}

/**
 * A check (prepared once: it runs at every login) of whether an account has a live session from an
 * address.
 */
export function sessionFromAddress(db: Db): (username: string, address: string) => boolean {
  const statement = db.prepare(
    `SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = ? AND s.address = ? LIMIT 1`,
  );
  return (username, address) => statement.get(username, address) !== undefined;
}
