import { randomBytes } from "node:crypto";
import type { Db } from "../store/database.js";
import { findUser, type User } from "../store/users-repo.js";
import { hashPassword, verifyPassword } from "./password.js";
import { LoginLimiter } from "./rate-limit.js";

/** How passwords are hashed and checked; injectable so a test can see which hash was verified. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, stored: string): Promise<boolean>;
}

export const scryptHasher: PasswordHasher = { hash: hashPassword, verify: verifyPassword };

export type LoginResult =
  | { ok: true; user: User }
  | { ok: false; reason: "bad-credentials"; locks: ("account" | "address")[] }
  | { ok: false; reason: "rate-limited"; retryAfterMs: number };

/**
 * Checks a username and password. A wrong name, a wrong password and a disabled account all give the
 * same answer after the same work: an unknown name is verified against a dummy hash of the same cost.
 */
export class Authenticator {
  readonly #dummyHash: Promise<string>;

  constructor(
    private readonly db: Db,
    readonly limiter: LoginLimiter = new LoginLimiter(),
    private readonly hasher: PasswordHasher = scryptHasher,
  ) {
    // Made at start, not at the first unknown name: that first answer would otherwise take twice as long.
    this.#dummyHash = hasher.hash(randomBytes(24).toString("base64url"));
    this.#dummyHash.catch(() => undefined);
  }

  async login(username: string, password: string, address: string): Promise<LoginResult> {
    const { waitMs, attempt } = this.limiter.begin(username, address);
    if (!attempt) return { ok: false, reason: "rate-limited", retryAfterMs: waitMs };
    const user = findUser(this.db, username);
    const stored = user ? user.passwordHash : await this.#dummyHash;
    const matches = await this.hasher.verify(password, stored);
    if (!user || !matches || user.disabled) {
      this.limiter.failed(attempt);
      return { ok: false, reason: "bad-credentials", locks: attempt.locks };
    }
    this.limiter.succeeded(attempt);
    const { passwordHash: _hash, ...withoutHash } = user;
    return { ok: true, user: withoutHash };
  }
}
