import { randomBytes } from "node:crypto";
import type { Db } from "../store/database.js";
import { secondFactorState } from "../store/second-factor-repo.js";
import { findUser, type User } from "../store/users-repo.js";
import { hashPassword, verifyPassword } from "./password.js";
import { LoginLimiter } from "./rate-limit.js";

/** How passwords are hashed and checked; injectable so a test can see which hash was verified. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
}

export const scryptHasher: PasswordHasher = { hash: hashPassword, verify: verifyPassword };

/**
 * Password checks run at once, and how many may wait. scrypt takes 32 MiB and ~50 ms of a libuv
 * thread each: a flood of logins from many addresses must not take every thread (file reads and
 * media uploads share them) nor memory; past the queue, logins are answered "try again in 1 s".
 */
export const MAX_CONCURRENT_CHECKS = 2;
export const MAX_WAITING_CHECKS = 32;
/**
 * Extra places, at the front of the queue, for an account at an address it has a session from (the
 * operator at the console PC): a flood from elsewhere cannot keep them out.
 */
export const KNOWN_EXTRA_CHECKS = 8;

export type LoginResult =
  /** `secondFactor`: the password was right and a code must follow before there is a session. */
  | { ok: true; user: User; secondFactor: boolean }
  | { ok: false; reason: "bad-credentials"; locks: ("pair" | "address")[] }
  | { ok: false; reason: "rate-limited"; retryAfterMs: number };

/**
 * Checks a username and password. A wrong name, a wrong password and a disabled account all give the
 * same answer after the same work: an unknown name is verified against a dummy hash of the same cost.
 */
export class Authenticator {
  readonly #dummyHash: Promise<string>;
  /** Logins past the limiter and not yet answered (waiting for or running their check). */
  #inFlight = 0;
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    private readonly db: Db,
    readonly limiter: LoginLimiter = new LoginLimiter(),
    private readonly hasher: PasswordHasher = scryptHasher,
  ) {
    // Made at start, not at the first unknown name: that first answer would otherwise take twice as long.
    this.#dummyHash = hasher.hash(randomBytes(24).toString("base64url"));
    this.#dummyHash.catch(() => undefined);
  }

  /** Password checks waiting or running now (for tests and the adversarial suite). */
  get checksInFlight(): number {
    return this.#inFlight;
  }

  async login(username: string, password: string, address: string): Promise<LoginResult> {
    // Full: refused before anything is counted, so a flood cannot lock anyone out by itself; but
    // the user at their usual PC goes ahead of the strangers.
    const full = this.checksInFlight >= MAX_CONCURRENT_CHECKS + MAX_WAITING_CHECKS;
    const known = full && this.limiter.isKnown(LoginLimiter.accountKey(username), address);
    if (
      full &&
      (!known || this.checksInFlight >= MAX_CONCURRENT_CHECKS + MAX_WAITING_CHECKS + KNOWN_EXTRA_CHECKS)
    ) {
      return { ok: false, reason: "rate-limited", retryAfterMs: 1000 };
    }
    const { waitMs, attempt } = this.limiter.begin(username, address);
    if (!attempt) return { ok: false, reason: "rate-limited", retryAfterMs: waitMs };
    const user = findUser(this.db, username);
    let matches: boolean;
    this.#inFlight++;
    try {
      const stored = user ? user.passwordHash : await this.#dummyHash;
      matches = await this.#check(password, stored, known);
    } finally {
      this.#inFlight--;
    }
    if (!user || !matches || user.disabled) {
      this.limiter.failed(attempt);
      return { ok: false, reason: "bad-credentials", locks: attempt.locks };
    }
    const { passwordHash: _hash, ...withoutHash } = user;
    if (secondFactorState(this.db, user.id).enabled) {
      this.limiter.passedPassword(attempt);
      return { ok: true, user: withoutHash, secondFactor: true };
    }
    this.limiter.succeeded(attempt);
    return { ok: true, user: withoutHash, secondFactor: false };
  }

  /** One password check, at most MAX_CONCURRENT_CHECKS at a time, in arrival order (`first`: ahead). */
  async #check(password: string, stored: string, first: boolean): Promise<boolean> {
    if (this.#running >= MAX_CONCURRENT_CHECKS) {
      await new Promise<void>((resolve) =>
        first ? this.#waiting.unshift(resolve) : this.#waiting.push(resolve),
      );
    } else {
      this.#running++;
    }
    try {
      return await this.hasher.verify(password, stored);
    } finally {
      // Hand the slot straight to the next waiter (running stays the same), or free it.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
