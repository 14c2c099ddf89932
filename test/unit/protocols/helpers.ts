/** Shared by the protocol tests: hex in and out, a seeded PRNG, and ways to cut a byte stream into chunks. */

/** `"00 01 5A"` (spaces and newlines ignored) → bytes. */
export function hex(s: string): Uint8Array {
  const digits = s.replace(/\s+/g, "");
  if (!/^([0-9A-Fa-f]{2})*$/.test(digits)) throw new Error(`bad hex: ${s}`);
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Bytes → `"00 01 5A"`, so failures show readable frames. */
export function show(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, "0")).join(" ");
}

export function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A small seeded PRNG (xorshift32): the same seed gives the same test inputs on every run. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  /** Uniform in [0, 2^32). */
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    this.state = x;
    return x;
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + (this.next() % (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }
  bytes(n: number, min = 0, max = 255): Uint8Array {
    return Uint8Array.from({ length: n }, () => this.int(min, max));
  }
  /** A string of printable ASCII. */
  printable(min: number, max: number): string {
    return String.fromCharCode(...Array.from({ length: this.int(min, max) }, () => this.int(0x20, 0x7e)));
  }
}

/** Every way to cut `bytes` into 1, 2 and 3 pieces (empty pieces included), then one byte at a time. */
export function* chunkings(bytes: Uint8Array): Generator<Uint8Array[]> {
  const n = bytes.length;
  for (let i = 0; i <= n; i++) {
    for (let j = i; j <= n; j++) yield [bytes.subarray(0, i), bytes.subarray(i, j), bytes.subarray(j)];
  }
  yield Array.from(bytes, (b) => Uint8Array.of(b));
}

/** Feeds chunks to a parser and collects all its events. */
export function feed<E>(parser: { push(chunk: Uint8Array): E[] }, chunks: Iterable<Uint8Array>): E[] {
  const events: E[] = [];
  for (const c of chunks) events.push(...parser.push(c));
  return events;
}

/** Cuts `bytes` into random chunks of 1–`max` bytes. */
export function randomChunks(bytes: Uint8Array, rng: Rng, max = 7): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; ) {
    const n = rng.int(1, max);
    out.push(bytes.subarray(at, at + n));
    at += n;
  }
  return out;
}
