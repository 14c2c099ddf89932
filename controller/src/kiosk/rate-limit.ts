/**
 * Token buckets for kiosk events: each key (a socket, a kiosk id, an address) may spend `capacity`
 * events at once and gets `refillPerS` back each second. The map of keys is bounded: past `maxKeys`
 * the oldest key is forgotten (an attacker rotating keys only resets its own buckets).
 */

export interface BucketRule {
  capacity: number;
  refillPerS: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class BucketMap {
  readonly #buckets = new Map<string, Bucket>();
  /** Events refused since start (for /healthz). */
  refused = 0;

  constructor(
    private readonly rule: BucketRule,
    private readonly maxKeys = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Spends `cost` tokens of `key`'s bucket; false (and nothing spent) when it has too few. */
  take(key: string, cost = 1): boolean {
    const now = this.now();
    let bucket = this.#buckets.get(key);
    if (bucket) {
      bucket.tokens = Math.min(
        this.rule.capacity,
        bucket.tokens + ((now - bucket.at) / 1000) * this.rule.refillPerS,
      );
      bucket.at = now;
    } else {
      bucket = { tokens: this.rule.capacity, at: now };
      this.#buckets.set(key, bucket);
      if (this.#buckets.size > this.maxKeys) {
        const oldest = this.#buckets.keys().next().value;
        if (oldest !== undefined) this.#buckets.delete(oldest);
      }
    }
    if (bucket.tokens < cost) {
      this.refused++;
      return false;
    }
    bucket.tokens -= cost;
    return true;
  }

  forget(key: string): void {
    this.#buckets.delete(key);
  }

  get size(): number {
    return this.#buckets.size;
  }
}
