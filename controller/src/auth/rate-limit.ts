/**
 * Slows down password guessing, per account and per client address.
 *
 * In memory, not in SQLite: the controller is one process, a failure would otherwise cost a
 * synchronous fsync on the gate PC's disk (an attacker could make us write as fast as they guess),
 * and what a restart forgets is at most one window of counts, while a restart needs access to the PC.
 *
 * Each failure is counted *before* the password is checked and forgiven on success, so a burst of
 * parallel guesses cannot all pass the check before the first failure is recorded.
 */
import { type AuthClock, systemClock } from "./sessions.js";

export interface LimitRule {
  /** Failures within `windowMs` that lock the key. */
  max: number;
  windowMs: number;
  /** How long a lock lasts; attempts during a lock are refused without being counted, and it ends. */
  lockMs: number;
  /** After n failures, the next attempt waits base · 2^(n−1), at most max: a growing delay. */
  delay?: { baseMs: number; maxMs: number };
}

const MINUTE_MS = 60_000;

/** 5 failures per 15 min lock an account name for 15 min; 1, 2, 4, 8 s between the failures before. */
export const ACCOUNT_RULE: LimitRule = {
  max: 5,
  windowMs: 15 * MINUTE_MS,
  lockMs: 15 * MINUTE_MS,
  delay: { baseMs: 1000, maxMs: 16_000 },
};
/** 20 failures per 15 min from one address (any account names) lock the address for 15 min. */
export const ADDRESS_RULE: LimitRule = { max: 20, windowMs: 15 * MINUTE_MS, lockMs: 15 * MINUTE_MS };

/** Keys kept per counter before the oldest are dropped: bounds memory under a spray of names. */
const MAX_KEYS = 10_000;

interface Entry {
  failures: number[];
  lockedUntil: number;
}

/** Failures of one kind of key (account names, or addresses). */
export class FailureCounter {
  readonly #entries = new Map<string, Entry>();

  constructor(
    readonly rule: LimitRule,
    private readonly clock: AuthClock,
  ) {}

  /** 0 when an attempt may go on, else how many ms until it may. */
  waitMs(key: string): number {
    const now = this.clock.now();
    const entry = this.#fresh(key, now);
    if (!entry) return 0;
    if (entry.lockedUntil > now) return entry.lockedUntil - now;
    const n = entry.failures.length;
    const last = entry.failures[n - 1];
    if (last === undefined) return 0;
    if (n >= this.rule.max) {
      entry.lockedUntil = last + this.rule.lockMs;
      entry.failures = [];
      return Math.max(0, entry.lockedUntil - now);
    }
    const delay = this.rule.delay;
    if (!delay) return 0;
    const wait = Math.min(delay.baseMs * 2 ** (n - 1), delay.maxMs);
    return Math.max(0, last + wait - now);
  }

  /** Counts a failure now; returns true when this failure reaches the lock. */
  fail(key: string): boolean {
    const now = this.clock.now();
    let entry = this.#fresh(key, now);
    if (!entry) {
      entry = { failures: [], lockedUntil: 0 };
      this.#entries.set(key, entry);
      this.#bound(now);
    }
    entry.failures.push(now);
    return entry.failures.length >= this.rule.max;
  }

  /**
   * Moves the most recent failure to now: the wait before the next guess runs from the answer the
   * guesser got, not from when the (slow, memory-hard) check began.
   */
  confirmLast(key: string): void {
    const failures = this.#entries.get(key)?.failures;
    if (failures && failures.length > 0) failures[failures.length - 1] = this.clock.now();
  }

  /** Takes back the most recent failure (an attempt counted in advance that turned out right). */
  forgiveOne(key: string): void {
    this.#entries.get(key)?.failures.pop();
  }

  reset(key: string): void {
    this.#entries.delete(key);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The entry with failures older than the window dropped; undefined (and deleted) when empty. */
  #fresh(key: string, now: number): Entry | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    // A clock stepped backwards must not make old failures immortal: drop those "from the future" too.
    entry.failures = entry.failures.filter((at) => at > now - this.rule.windowMs && at <= now + MINUTE_MS);
    if (entry.lockedUntil > now + this.rule.lockMs) entry.lockedUntil = now + this.rule.lockMs;
    if (entry.failures.length === 0 && entry.lockedUntil <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  #bound(now: number): void {
    if (this.#entries.size <= MAX_KEYS) return;
    for (const key of [...this.#entries.keys()]) this.#fresh(key, now);
    // Still too many: drop the oldest keys (Map keeps insertion order).
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= MAX_KEYS) break;
      this.#entries.delete(key);
    }
  }
}

export interface Attempt {
  account: string;
  address: string;
  /** What this attempt locks if it fails (for one log line per lock, not one per refused attempt). */
  locks: ("account" | "address")[];
}

export class LoginLimiter {
  readonly accounts: FailureCounter;
  readonly addresses: FailureCounter;

  constructor(clock: AuthClock = systemClock, rules: { account?: LimitRule; address?: LimitRule } = {}) {
    this.accounts = new FailureCounter(rules.account ?? ACCOUNT_RULE, clock);
    this.addresses = new FailureCounter(rules.address ?? ADDRESS_RULE, clock);
  }

  /** Account names compare as the users table does (ASCII case-insensitive). */
  static accountKey(username: string): string {
    return username.toLowerCase();
  }

  /**
   * Either how long the client must wait, or the attempt, already counted as a failure; call
   * `succeeded` if the password is right.
   */
  begin(
    username: string,
    address: string,
  ): { waitMs: number; attempt?: undefined } | { waitMs: 0; attempt: Attempt } {
    const account = LoginLimiter.accountKey(username);
    const waitMs = Math.max(this.accounts.waitMs(account), this.addresses.waitMs(address));
    if (waitMs > 0) return { waitMs };
    const locks: Attempt["locks"] = [];
    if (this.accounts.fail(account)) locks.push("account");
    if (this.addresses.fail(address)) locks.push("address");
    return { waitMs: 0, attempt: { account, address, locks } };
  }

  /** A wrong password: the delays count from now, when the client hears of it. */
  failed(attempt: Attempt): void {
    this.accounts.confirmLast(attempt.account);
    this.addresses.confirmLast(attempt.address);
  }

  /** A successful login clears the account's count and takes back this attempt from the address. */
  succeeded(attempt: Attempt): void {
    this.accounts.reset(attempt.account);
    this.addresses.forgiveOne(attempt.address);
  }
}
