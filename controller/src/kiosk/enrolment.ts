/**
 * Kiosk enrolment: who a connecting kiosk is (its token, checked against the registry's hash), the
 * pairing requests of kiosks that are not enrolled yet, and the operators' routes to approve one
 * (which gives the kiosk its token) or revoke a kiosk. Approving and revoking are audited.
 */
import { type Request, Router } from "express";
import { z } from "zod";
import { actorOf, requireRole } from "../auth/roles.js";
import type { Context } from "../context.js";
import { safeTextCheck } from "../domain/schemas.js";
import { HttpError, parseOr400 } from "../errors.js";
import type { KioskEnrolled, KioskPairingRequest, KioskRecord } from "./contract.js";
import { normalizeCode, PairingBook } from "./pairing.js";
import { deviceIdSchema } from "./proof.js";
import {
  type EnrolledKiosk,
  enrolKiosk,
  findEnrolled,
  listKiosks,
  MAX_KIOSKS,
  RegistryError,
  revokeKiosk,
} from "./registry.js";
import { hashSecret, newKioskToken, TOKEN_PATTERN, tokenMatches } from "./token.js";

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

const approveSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).superRefine(safeTextCheck()),
  channel: z.string(),
  /** The id the kiosk asked for, unless the operator gives another. */
  kioskId: deviceIdSchema.optional(),
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

export interface EnrolmentHooks {
  /** Kiosk ids connected now (for the lists). */
  connectedKiosks(): ReadonlySet<string>;
  /** Pairing secrets (hashed) connected now. */
  connectedPairing(secretHash: string): boolean;
  /** Hands a kiosk its token when it is connected now. */
  deliver(secretHash: string, enrolled: KioskEnrolled): void;
  /** Closes the connections of a revoked kiosk. */
  revoked(kioskId: string): void;
}

export class KioskEnrolment {
  readonly pairings = new PairingBook();
  /** Last verified registry rows: who a kiosk is when the store cannot be read this instant. */
  readonly #known = new Map<string, EnrolledKiosk>();

  constructor(private readonly ctx: Context) {}

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

  routes(hooks: EnrolmentHooks): Router {
    const router = Router();
    const ctx = this.ctx;
    const operator = requireRole("operator");

    router.get("/kiosks", (_req, res) => {
      // Public (the gate's status screens read it); bounded by the registry's cap.
      res.json(listKiosks(ctx.db, hooks.connectedKiosks(), MAX_KIOSKS));
    });

    router.get("/kiosks/pairings", operator, (_req, res) => {
      const list: KioskPairingRequest[] = this.pairings.list((hash) => hooks.connectedPairing(hash));
      res.json(list);
    });

    router.post("/kiosks/pairings/:code/approve", operator, (req: Request<{ code: string }>, res) => {
      const code = normalizeCode(req.params.code);
      const pending = code === undefined ? undefined : this.pairings.get(code);
      if (!code || !pending) {
        throw new HttpError(
          404,
          "not-found",
          "no kiosk is waiting with this code (codes last 15 minutes; the kiosk shows a new one)",
          "code",
        );
      }
      const body = parseOr400(approveSchema, req.body, "body");
      if (!ctx.settings.site.kiosks.some((k) => k.id === body.channel)) {
        throw new HttpError(400, "invalid", `the gate has no kiosk group "${body.channel}"`, "body.channel");
      }
      const token = newKioskToken();
      const kioskId = body.kioskId ?? pending.kioskId;
      let record: KioskRecord;
      try {
        record = ctx.disk.guard("a kiosk's enrolment", () =>
          enrolKiosk(ctx.db, actorOf(req), {
            id: kioskId,
            name: body.name,
            channel: body.channel,
            tokenHash: hashSecret(token),
            userAgent: pending.userAgent,
          }),
        );
      } catch (error) {
        if (error instanceof RegistryError)
          throw new HttpError(409, error.code, error.message, "body.kioskId");
        throw error;
      }
      const enrolled: KioskEnrolled = { kioskId, token, name: body.name, channel: body.channel };
      this.pairings.approve(code, enrolled);
      hooks.deliver(pending.secretHash, enrolled);
      ctx.logger.info({ kiosk: kioskId, channel: body.channel }, "kiosk enrolled by an operator");
      res.status(201).json({ ...record, connected: false });
    });

    router.post("/kiosks/:id/revoke", operator, (req: Request<{ id: string }>, res) => {
      const id = parseOr400(deviceIdSchema, req.params.id, "params.id");
      let record: KioskRecord;
      try {
        record = revokeKiosk(ctx.db, actorOf(req), id);
      } catch (error) {
        if (error instanceof RegistryError) throw new HttpError(404, "not-found", error.message, "params.id");
        throw error;
      }
      this.#known.delete(id);
      this.pairings.delivered(id);
      hooks.revoked(id);
      ctx.logger.info({ kiosk: id }, "kiosk revoked by an operator");
      res.json(record);
    });
    return router;
  }
}
