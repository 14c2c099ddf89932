/**
 * Pairing requests of kiosks that are not enrolled: each shows a short code on its screen until an
 * operator approves it in the console. Held in memory only: a request lasts minutes, a restart
 * costs a kiosk nothing but a new code. Bounded in total and per address, and rate-limited per
 * address, so an anonymous client cannot fill the operators' list.
 */
import { randomInt } from "node:crypto";
import type { KioskEnrolled, KioskPairingCode, KioskPairingRequest } from "../contract/kiosk.js";
import { BucketMap } from "./rate-limit.js";

/** No 0/O, 1/I/L, 5/S, 8/B: read off a screen across a hall and typed by an operator. */
const ALPHABET = "234679ACDEFGHJKMNPQRTUVWXYZ";
export const PAIRING_CODE_LENGTH = 8;

export const PAIRING_LIMITS = {
  /** How long a code is valid; the kiosk gets a new one when it asks after that. */
  ttlMs: 15 * 60_000,
  /** Pending requests at once, from everyone (a gate has tens of kiosks, not hundreds). */
  maxTotal: 64,
  /** Pending requests at once from one address (a NAT'd hall may hold a few kiosks). */
  maxPerAddress: 4,
  /** New requests per address: a burst of 4, then one a minute. */
  perAddress: { capacity: 4, refillPerS: 1 / 60 },
} as const;

/** `abcd-efgh`, `ABCD EFGH` → `ABCDEFGH`; anything that cannot be a code → undefined. */
export function normalizeCode(input: string): string | undefined {
  const code = input.toUpperCase().replace(/[\s-]/g, "");
  if (code.length !== PAIRING_CODE_LENGTH) return undefined;
  for (const ch of code) if (!ALPHABET.includes(ch)) return undefined;
  return code;
}

function newCode(): string {
  let code = "";
  for (let i = 0; i < PAIRING_CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}

export interface PairingAsk {
  /** sha256 of the kiosk's pairing secret: the same kiosk finds its request again after a reconnect. */
  secretHash: string;
  kioskId: string;
  name: string;
  channel: string;
  address: string | null;
  userAgent: string | null;
}

interface Pending extends PairingAsk {
  code: string;
  requestedAt: number;
  expiresAt: number;
  /** Set once approved: the token waits here until the kiosk picks it up (or the request expires). */
  approved?: KioskEnrolled;
}

export type PairingAnswer =
  | { ok: true; pairing: KioskPairingCode; approved?: KioskEnrolled }
  | { ok: false; reason: "busy" | "address-busy" | "rate-limited" };

export class PairingBook {
  readonly #byCode = new Map<string, Pending>();
  readonly #bySecret = new Map<string, string>();
  readonly #perAddress: BucketMap;
  /** Requests refused since start (for /healthz). */
  refused = 0;

  constructor(private readonly now: () => number = Date.now) {
    this.#perAddress = new BucketMap(PAIRING_LIMITS.perAddress, 4096, now);
  }

  /** The kiosk's request: its existing one (same secret), a new one, or a refusal. */
  ask(ask: PairingAsk): PairingAnswer {
    this.#purge();
    const known = this.#find(ask.secretHash);
    if (known) {
      if (!known.approved) {
        // What the kiosk's URL says now (an operator corrected it and reloaded the kiosk).
        known.kioskId = ask.kioskId;
        known.name = ask.name;
        known.channel = ask.channel;
      }
      return {
        ok: true,
        pairing: this.#code(known),
        ...(known.approved ? { approved: known.approved } : {}),
      };
    }
    const fromAddress = [...this.#byCode.values()].filter((p) => p.address === ask.address).length;
    const refuse = (reason: "busy" | "address-busy" | "rate-limited"): PairingAnswer => {
      this.refused++;
      return { ok: false, reason };
    };
    if (fromAddress >= PAIRING_LIMITS.maxPerAddress) return refuse("address-busy");
    if (this.#byCode.size >= PAIRING_LIMITS.maxTotal) return refuse("busy");
    if (!this.#perAddress.take(ask.address ?? "?")) return refuse("rate-limited");
    let code = newCode();
    while (this.#byCode.has(code)) code = newCode();
    const now = this.now();
    const pending: Pending = { ...ask, code, requestedAt: now, expiresAt: now + PAIRING_LIMITS.ttlMs };
    this.#byCode.set(code, pending);
    this.#bySecret.set(ask.secretHash, code);
    return { ok: true, pairing: this.#code(pending) };
  }

  /** The pending (not yet approved) request with this code. */
  get(code: string): (KioskPairingRequest & { secretHash: string }) | undefined {
    this.#purge();
    const pending = this.#byCode.get(code);
    return pending && !pending.approved ? this.#view(pending, false) : undefined;
  }

  /** Marks the request approved; the token is handed over on the kiosk's next connection (or now). */
  approve(code: string, enrolled: KioskEnrolled): void {
    const pending = this.#byCode.get(code);
    if (!pending) return;
    pending.approved = enrolled;
    // The kiosk may be offline right now: give it a full lifetime to come back for its token.
    pending.expiresAt = this.now() + PAIRING_LIMITS.ttlMs;
  }

  /** The approved enrolment waiting for the kiosk with this secret, if any. */
  approvedFor(secretHash: string): KioskEnrolled | undefined {
    this.#purge();
    return this.#find(secretHash)?.approved;
  }

  /** The kiosk connected with its token: its request is done. */
  delivered(kioskId: string): void {
    for (const [code, pending] of this.#byCode) {
      if (pending.approved?.kioskId === kioskId) this.#drop(code);
    }
  }

  /** Pending requests (not yet approved), oldest first. */
  list(connected: (secretHash: string) => boolean): KioskPairingRequest[] {
    this.#purge();
    return [...this.#byCode.values()]
      .filter((p) => !p.approved)
      .sort((a, b) => a.requestedAt - b.requestedAt)
      .map((p) => {
        const { secretHash: _, ...view } = this.#view(p, connected(p.secretHash));
        return view;
      });
  }

  get size(): number {
    return this.#byCode.size;
  }

  #find(secretHash: string): Pending | undefined {
    const code = this.#bySecret.get(secretHash);
    return code === undefined ? undefined : this.#byCode.get(code);
  }

  #code(p: Pending): KioskPairingCode {
    return { code: p.code, expiresAt: new Date(p.expiresAt).toISOString() };
  }

  #view(p: Pending, connected: boolean): KioskPairingRequest & { secretHash: string } {
    return {
      code: p.code,
      kioskId: p.kioskId,
      name: p.name,
      channel: p.channel,
      address: p.address,
      userAgent: p.userAgent,
      requestedAt: new Date(p.requestedAt).toISOString(),
      expiresAt: new Date(p.expiresAt).toISOString(),
      connected,
      secretHash: p.secretHash,
    };
  }

  #drop(code: string): void {
    const pending = this.#byCode.get(code);
    if (!pending) return;
    this.#byCode.delete(code);
    if (this.#bySecret.get(pending.secretHash) === code) this.#bySecret.delete(pending.secretHash);
  }

  #purge(): void {
    const now = this.now();
    for (const [code, pending] of this.#byCode) if (pending.expiresAt <= now) this.#drop(code);
  }
}
