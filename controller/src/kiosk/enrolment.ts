/**
 * Kiosk enrolment: who a connecting kiosk is (its token, checked against the registry's hash) and the
 * pairing requests of kiosks that are not enrolled yet. The operators' routes to approve one (which
 * gives the kiosk its token) or revoke a kiosk are in routes.ts.
 */
import { z } from "zod";
import type { FeatureContext } from "../context.js";
import { type EnrolledKiosk, findEnrolled } from "../store/kiosk-registry-repo.js";
import { PairingBook } from "./pairing.js";
import { deviceIdSchema } from "./proof.js";
import { hashSecret, TOKEN_PATTERN, tokenMatches } from "./token.js";

/** The handshake's `auth`: anything else in it is ignored; a malformed field counts as absent. */
const authSchema = z.object({
  kioskId: deviceIdSchema.optional().catch(undefined),
  token: z.string().regex(TOKEN_PATTERN).optional().catch(undefined),
  pairing: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,128}$/)
    .optional()
    .catch(undefined),
});

/** Who a connection is, as far as its handshake proves. */
export interface Verified {
  /** The enrolled kiosk the token belongs to. */
  kiosk?: EnrolledKiosk;
  /** sha256 of the pairing secret, for a kiosk that is not enrolled. */
  pairingHash?: string;
  /** A token was sent and is not valid (wrong, revoked, unknown id): the kiosk should pair again. */
  tokenRefused: boolean;
}

export class KioskEnrolment {
  readonly pairings = new PairingBook();
  /** Last verified registry rows: who a kiosk is when the store cannot be read this instant. */
  readonly #known = new Map<string, EnrolledKiosk>();

  constructor(private readonly ctx: FeatureContext<"db">) {}

  /** Reads the handshake's auth; never throws. */
  verify(rawAuth: unknown): Verified {
    const auth = authSchema.safeParse(rawAuth ?? {});
    if (!auth.success) return { tokenRefused: false };
    const { kioskId, token, pairing } = auth.data;
    const pairingHash = pairing ? hashSecret(pairing) : undefined;
    const base = pairingHash ? { pairingHash } : {};
    if (!kioskId || !token) return { ...base, tokenRefused: false };
    let kiosk: EnrolledKiosk | undefined;
    try {
      kiosk = findEnrolled(this.ctx.db, kioskId);
      if (kiosk) this.#known.set(kioskId, kiosk);
      else this.#known.delete(kioskId);
    } catch (error) {
      // The store cannot answer now: trust the last answer it gave; never tell a kiosk to forget a
      // token because of a store error.
      this.ctx.logger.warn(
        { err: error, kiosk: kioskId },
        "could not read the kiosk registry; using its last answer",
      );
      kiosk = this.#known.get(kioskId);
      if (!kiosk) return { ...base, tokenRefused: false };
    }
    if (kiosk && tokenMatches(token, kiosk.tokenHash)) return { ...base, kiosk, tokenRefused: false };
    return { ...base, tokenRefused: true };
  }

  /** A revoked kiosk: its last verified row is not trusted again, even while the store is down. */
  forget(kioskId: string): void {
    this.#known.delete(kioskId);
  }
}
