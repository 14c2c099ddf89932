/**
 * Slows down password guessing without letting a stranger lock a real user out.
 *
 * Three counters, each over a 15-minute window:
 * - per (account, address) pair: a growing delay, then a lock of that pair only. Five wrong passwords
 *   for "admin" from a traveller's phone lock "admin" on that phone, not on the console PC;
 * - per address, over any account names: a lock of the address (password spraying);
 * - per account, over all addresses: a ceiling that only slows a distributed attack down (a delay
 *   between attempts, never a lock), and does not apply at all from an address where the account
 *   logged in before (the console PC the user works at).
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
  /** Failures within `windowMs` that lock the key (Infinity: never locks). */
  max: number;
  windowMs: number;
  /** How long a lock lasts; attempts during a lock are refused without being counted, and it ends. */
  lockMs: number;
  /**
   * After n failures (n ≥ after, default 1), the next attempt waits base · 2^(n−after), at most max:
   * a growing delay. Attempts refused during a delay are not counted.
   */
  delay?: { baseMs: number; maxMs: number; after?: number };
}

const MINUTE_MS = 60_000;

/** 5 failures per 15 min lock one account on one address for 15 min; 1, 2, 4, 8 s between them before. */
export const PAIR_RULE: LimitRule = {
  max: 5,
  windowMs: 15 * MINUTE_MS,
  lockMs: 15 * MINUTE_MS,
  delay: { baseMs: 1000, maxMs: 16_000 },
};
/** 20 failures per 15 min from one address (any account names) lock the address for 15 min. */
export const ADDRESS_RULE: LimitRule = { max: 20, windowMs: 15 * MINUTE_MS, lockMs: 15 * MINUTE_MS };
/**
 * Past 30 failures per 15 min for one account from all addresses together, attempts from addresses
 * the account has not logged in from wait 1, 2, 4 … 30 s: a distributed guesser gets about two
 * guesses a minute, the user at their usual PC is not slowed at all.
 */
export const ACCOUNT_RULE: LimitRule = {
  max: Number.POSITIVE_INFINITY,
  windowMs: 15 * MINUTE_MS,
  lockMs: 0,
  delay: { baseMs: 1000, maxMs: 30_000, after: 30 },
};
/** How long a successful login makes its address "known" for the account (a month of shifts). */
export const KNOWN_ADDRESS_MS = 30 * 24 * 60 * MINUTE_MS;

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
    const from = Math.max(delay?.after ?? 1, 1);
    if (!delay || n < from) return 0;
    const wait = Math.min(delay.baseMs * 2 ** Math.min(n - from, 30), delay.maxMs);
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

  /** Failures of the key within the window. */
  count(key: string): number {
    return this.#fresh(key, this.clock.now())?.failures.length ?? 0;
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
  /** Whether the address is one the account logged in from: the per-account ceiling does not apply. */
  known: boolean;
  /** What this attempt locks if it fails (for one log line per lock, not one per refused attempt). */
  locks: ("pair" | "address")[];
}

export interface LimitRules {
  pair?: LimitRule;
  address?: LimitRule;
  account?: LimitRule;
}

/** Says whether `address` is one `account` logged in from earlier (a live session there, say). */
export type KnownAddress = (account: string, address: string) => boolean;

/** Accounts, and addresses per account, remembered as known: bounded like the counters. */
const MAX_KNOWN_ACCOUNTS = 2_000;
const MAX_KNOWN_PER_ACCOUNT = 16;

export class LoginLimiter {
  readonly pairs: FailureCounter;
  readonly addresses: FailureCounter;
  readonly accounts: FailureCounter;
  /** account → address → when it last logged in from there. */
  readonly #known = new Map<string, Map<string, number>>();

  constructor(
    private readonly clock: AuthClock = systemClock,
    rules: LimitRules = {},
    private readonly knownElsewhere: KnownAddress = () => false,
  ) {
    this.pairs = new FailureCounter(rules.pair ?? PAIR_RULE, clock);
    this.addresses = new FailureCounter(rules.address ?? ADDRESS_RULE, clock);
    this.accounts = new FailureCounter(rules.account ?? ACCOUNT_RULE, clock);
  }

  /** Account names compare as the users table does (ASCII case-insensitive). */
  static accountKey(username: string): string {
    return username.toLowerCase();
  }

  static pairKey(account: string, address: string): string {
    return `${account}\u0000${address}`;
  }

  /** True when the account logged in from this address within `KNOWN_ADDRESS_MS`. */
  isKnown(account: string, address: string): boolean {
    const at = this.#known.get(account)?.get(address);
    if (at !== undefined && this.clock.now() - at < KNOWN_ADDRESS_MS) return true;
    try {
      return this.knownElsewhere(account, address);
    } catch {
      // A store that cannot answer (busy, full) makes no address known: only the ceiling is stricter.
      return false;
    }
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
    const pair = LoginLimiter.pairKey(account, address);
    let waitMs = Math.max(this.pairs.waitMs(pair), this.addresses.waitMs(address));
    if (waitMs > 0) return { waitMs };
    // The ceiling is asked only when it could matter: the known-address lookup may read the store.
    const ceiling = this.accounts.waitMs(account);
    const known = ceiling > 0 && this.isKnown(account, address);
    if (!known) waitMs = ceiling;
    if (waitMs > 0) return { waitMs };
    const locks: Attempt["locks"] = [];
    if (this.pairs.fail(pair)) locks.push("pair");
    if (this.addresses.fail(address)) locks.push("address");
    // A known address's failures during a slowdown do not count towards the ceiling: its user
    // mistyping cannot lengthen the slowdown for everyone else.
    if (!known) this.accounts.fail(account);
    return { waitMs: 0, attempt: { account, address, known, locks } };
  }

  /** A wrong password (or second-factor code): the delays count from now, when the client hears of it. */
  failed(attempt: Attempt): void {
    this.pairs.confirmLast(LoginLimiter.pairKey(attempt.account, attempt.address));
    this.addresses.confirmLast(attempt.address);
    if (!attempt.known) this.accounts.confirmLast(attempt.account);
  }

  /**
   * A successful login clears the pair's count, takes back this attempt from the address and the
   * account, and makes the address known for the account.
   */
  succeeded(attempt: Attempt): void {
    this.pairs.reset(LoginLimiter.pairKey(attempt.account, attempt.address));
    this.addresses.forgiveOne(attempt.address);
    if (!attempt.known) this.accounts.forgiveOne(attempt.account);
    this.remember(attempt.account, attempt.address);
  }

  /**
   * A right password for an account with a second factor: this attempt is taken back, but earlier
   * failures stay (wrong codes among them) and the address is not yet known: only the code completes it.
   */
  passedPassword(attempt: Attempt): void {
    this.pairs.forgiveOne(LoginLimiter.pairKey(attempt.account, attempt.address));
    this.addresses.forgiveOne(attempt.address);
    if (!attempt.known) this.accounts.forgiveOne(attempt.account);
  }

  /** Remembers that the account logged in from this address (bounded; oldest dropped first). */
  remember(account: string, address: string): void {
    let addresses = this.#known.get(account);
    if (!addresses) {
      addresses = new Map();
      this.#known.set(account, addresses);
      if (this.#known.size > MAX_KNOWN_ACCOUNTS) {
        const oldest = this.#known.keys().next().value;
        if (oldest !== undefined) this.#known.delete(oldest);
      }
    }
    addresses.delete(address);
    addresses.set(address, this.clock.now());
    if (addresses.size > MAX_KNOWN_PER_ACCOUNT) {
      const oldest = addresses.keys().next().value;
      if (oldest !== undefined) addresses.delete(oldest);
    }
  }
}
