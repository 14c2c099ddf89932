/**
 * Login sessions of the operator console, kept in SQLite so a restart of the controller does not log
 * everybody out. The cookie carries a random 32-byte token; the table holds only its sha256.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../store/database.js";
import {
  deleteEndedSessions,
  deleteSession,
  deleteSessionsOfUser,
  insertSession,
  sessionRow,
  touchSession,
} from "../store/sessions-repo.js";
import type { Role } from "../store/users-repo.js";

/** Wall-clock time, injectable so tests can move it. */
export interface AuthClock {
  now(): number;
}

export const systemClock: AuthClock = { now: () => Date.now() };

const HOUR_MS = 3_600_000;
/** A session unused this long ends (a console left open over a night of no use). */
export const SESSION_IDLE_MS = 12 * HOUR_MS;
/** A session ends this long after login, used or not. */
export const SESSION_ABSOLUTE_MS = 7 * 24 * HOUR_MS;
/** last_seen is written at most this often: each write is an fsync on the gate PC's disk. */
export const LAST_SEEN_WRITE_MS = 60_000;
/**
 * A session that claims to have been created or seen later than now by more than this was made while
 * the clock was wrong (a gate PC with no RTC before NTP): it is dropped, or it would live too long.
 */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export interface Session {
  /** sha256 of the token, hex; never the token itself. */
  id: string;
  userId: number;
  username: string;
  role: Role;
  csrfToken: string;
  createdAt: number;
  /** The absolute end (ms). */
  expiresAt: number;
  lastSeen: number;
  address: string | null;
  userAgent: string | null;
  /** The user has a confirmed second factor. */
  secondFactor: boolean;
  /**
   * The user must have a second factor and has none yet: the session may only set one up (every
   * other guarded route answers 403 `second-factor-required`). Read fresh at each request.
   */
  secondFactorMissing: boolean;
}

export interface SessionOptions {
  clock?: AuthClock;
  idleMs?: number;
  absoluteMs?: number;
  /** Which roles must have a second factor (none unless told). */
  secondFactorRequired?: (role: Role) => boolean;
}

/** 32 random bytes as base64url: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

const iso = (ms: number) => new Date(ms).toISOString();

export class SessionStore {
  readonly clock: AuthClock;
  readonly idleMs: number;
  readonly absoluteMs: number;
  readonly #secondFactorRequired: (role: Role) => boolean;

  constructor(
    private readonly db: Db,
    options: SessionOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.idleMs = options.idleMs ?? SESSION_IDLE_MS;
    this.absoluteMs = options.absoluteMs ?? SESSION_ABSOLUTE_MS;
    this.#secondFactorRequired = options.secondFactorRequired ?? (() => false);
  }

  /** Starts a session; the token goes into the cookie and is not kept anywhere. */
  create(
    userId: number,
    client: { address?: string; userAgent?: string },
  ): { token: string; session: Session } {
    const token = newToken();
    const now = this.clock.now();
    const row = {
      id: hashToken(token),
      user_id: userId,
      csrf_token: newToken(),
      created_at: iso(now),
      expires_at: iso(now + this.absoluteMs),
      last_seen: iso(now),
      address: client.address ?? null,
      user_agent: client.userAgent?.slice(0, 256) ?? null,
    };
    insertSession(this.db, row);
    const session = this.#byId(row.id);
    if (!session) throw new Error("the session just written cannot be read back");
    return { token, session };
  }

  /**
   * The live session a token names, or undefined. A session past its idle or absolute end, one made
   * under a wrong clock, or one whose user is disabled is deleted on sight. The user's role is read
   * fresh each time, so a change of role applies at the next request.
   */
  find(token: string | undefined): Session | undefined {
    if (!token || !TOKEN_PATTERN.test(token)) return undefined;
    const session = this.#byId(hashToken(token));
    if (!session) return undefined;
    const now = this.clock.now();
    if (!this.#alive(session, now)) {
      this.destroyById(session.id);
      return undefined;
    }
    if (now - session.lastSeen >= LAST_SEEN_WRITE_MS) {
      touchSession(this.db, session.id, iso(now));
      session.lastSeen = now;
    }
    return session;
  }

  /** When the session ends if it is not used again (the earlier of idle and absolute end). */
  endsAt(session: Session): number {
    return Math.min(session.expiresAt, session.lastSeen + this.idleMs);
  }

  destroy(token: string): void {
    if (TOKEN_PATTERN.test(token)) this.destroyById(hashToken(token));
  }

  destroyById(id: string): void {
    deleteSession(this.db, id);
  }

  /** Ends every session of a user (disabled, password changed), except optionally one. */
  destroyForUser(userId: number, exceptId?: string): number {
    return deleteSessionsOfUser(this.db, userId, exceptId);
  }

  /** Deletes ended sessions; cheap, run at start and at each login. */
  purgeExpired(): number {
    const now = this.clock.now();
    return deleteEndedSessions(this.db, {
      now: iso(now),
      idleSince: iso(now - this.idleMs),
      futureAfter: iso(now + FUTURE_TOLERANCE_MS),
    });
  }

  #alive(s: Session, now: number): boolean {
    return (
      now < s.expiresAt &&
      now < s.lastSeen + this.idleMs &&
      s.createdAt <= now + FUTURE_TOLERANCE_MS &&
      s.lastSeen <= now + FUTURE_TOLERANCE_MS
    );
  }

  #byId(id: string): Session | undefined {
    const r = sessionRow(this.db, id);
    if (!r) return undefined;
    if (r.disabled !== 0) {
      // A disabled user's sessions stop working at once, whoever disabled them (API or CLI).
      this.destroyById(r.id);
      return undefined;
    }
    return {
      id: r.id,
      userId: r.user_id,
      username: r.username,
      role: r.role,
      csrfToken: r.csrf_token,
      createdAt: Date.parse(r.created_at),
      expiresAt: Date.parse(r.expires_at),
      lastSeen: Date.parse(r.last_seen),
      address: r.address,
      userAgent: r.user_agent,
      secondFactor: r.second_factor === 1,
      secondFactorMissing: r.second_factor !== 1 && this.#secondFactorRequired(r.role),
    };
  }
}
