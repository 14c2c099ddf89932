/**
 * Logins waiting for their second step: the password was right, the code is still to come. Held in
 * memory (a restart asks for the password again), each for 5 minutes, at most 5 codes each, for the
 * address that gave the password; bounded in number, oldest dropped first.
 */
import { randomBytes } from "node:crypto";
import type { AuthClock } from "./sessions.js";

export const PENDING_LOGIN_MS = 5 * 60_000;
export const PENDING_LOGIN_TRIES = 5;
const MAX_PENDING = 1_000;
const CHALLENGE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface PendingLogin {
  userId: number;
  username: string;
  address: string;
  expiresAt: number;
  tries: number;
}

export class PendingLogins {
  readonly #byChallenge = new Map<string, PendingLogin>();

  constructor(private readonly clock: AuthClock) {}

  /** A new challenge for a user whose password was right; an earlier one of theirs is dropped. */
  create(userId: number, username: string, address: string): { challenge: string; expiresAt: number } {
    const now = this.clock.now();
    for (const [key, p] of this.#byChallenge) {
      if (p.expiresAt <= now || (p.userId === userId && p.address === address)) this.#byChallenge.delete(key);
    }
    while (this.#byChallenge.size >= MAX_PENDING) {
      const oldest = this.#byChallenge.keys().next().value;
      if (oldest === undefined) break;
      this.#byChallenge.delete(oldest);
    }
    const challenge = randomBytes(32).toString("base64url");
    const expiresAt = now + PENDING_LOGIN_MS;
    this.#byChallenge.set(challenge, { userId, username, address, expiresAt, tries: 0 });
    return { challenge, expiresAt };
  }

  /** The live login a challenge names, from the address it was made for; undefined otherwise. */
  find(challenge: string, address: string): PendingLogin | undefined {
    if (!CHALLENGE_PATTERN.test(challenge)) return undefined;
    const pending = this.#byChallenge.get(challenge);
    if (!pending) return undefined;
    if (pending.expiresAt <= this.clock.now() || pending.tries >= PENDING_LOGIN_TRIES) {
      this.#byChallenge.delete(challenge);
      return undefined;
    }
    return pending.address === address ? pending : undefined;
  }

  /** A wrong code: counted; the challenge ends after PENDING_LOGIN_TRIES of them. */
  failed(challenge: string): void {
    const pending = this.#byChallenge.get(challenge);
    if (pending && ++pending.tries >= PENDING_LOGIN_TRIES) this.#byChallenge.delete(challenge);
  }

  /** The login is complete (or abandoned): the challenge cannot be used again. */
  end(challenge: string): void {
    this.#byChallenge.delete(challenge);
  }

  get size(): number {
    return this.#byChallenge.size;
  }
}
