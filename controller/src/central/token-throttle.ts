/**
 * Wrong gate tokens at the central office, throttled per client address: after FREE_FAILURES wrong
 * tokens an address must wait, 1 s doubling with each further failure up to MAX_LOCK_MS, before it
 * may try again (429 with Retry-After). Per address, not per gate: a stranger guessing cau-treo's
 * token from a café locks out the café, never the real gate PC. A right token clears its address.
 *
 * Memory is bounded: at most MAX_ADDRESSES addresses are remembered (the oldest forgotten first), and
 * an address quiet for FORGET_MS is forgotten.
 */

const FREE_FAILURES = 5;
const FIRST_LOCK_MS = 1000;
const MAX_LOCK_MS = 15 * 60_000;
const FORGET_MS = 60 * 60_000;
const MAX_ADDRESSES = 10_000;

interface Entry {
  failures: number;
  lockedUntil: number;
  lastAt: number;
}

export class TokenThrottle {
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Seconds this address must still wait, or 0 when it may try a token. */
  retryAfterS(address: string): number {
    const entry = this.#entries.get(address);
    if (!entry) return 0;
    const now = this.now();
    if (now - entry.lastAt > FORGET_MS) {
      this.#entries.delete(address);
      return 0;
    }
    return entry.lockedUntil > now ? Math.ceil((entry.lockedUntil - now) / 1000) : 0;
  }

  /** A wrong token from this address: the wait grows (1 s, 2 s, 4 s… up to 15 min). */
  failed(address: string): void {
    const now = this.now();
    const entry = this.#entries.get(address) ?? { failures: 0, lockedUntil: 0, lastAt: now };
    entry.failures++;
    entry.lastAt = now;
    if (entry.failures > FREE_FAILURES) {
      const lockMs = Math.min(
        MAX_LOCK_MS,
        FIRST_LOCK_MS * 2 ** Math.min(30, entry.failures - FREE_FAILURES - 1),
      );
      entry.lockedUntil = now + lockMs;
    }
    // Re-inserted so the Map's order is the order of last failure: the oldest go first.
    this.#entries.delete(address);
    this.#entries.set(address, entry);
    while (this.#entries.size > MAX_ADDRESSES) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }

  /** A right token: the address starts afresh. */
  succeeded(address: string): void {
    this.#entries.delete(address);
  }

  get size(): number {
    return this.#entries.size;
  }
}
