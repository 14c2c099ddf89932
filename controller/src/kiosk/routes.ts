/**
 * Kiosks over HTTP: a group's state, and a big screen's (public; with `draft`, the console's preview,
 * operators only),
 * the kiosk registry (public: the gate's status screens read it) and the operators' pairing routes:
 * approve a waiting kiosk (it gets its token) or revoke one. Approving and revoking are audited.
 * The socket side (hello, proof of play) is the hub's (hub.ts).
 */
import { type Request, type Response, Router } from "express";
import { z } from "zod";
import { actorOf, requireRole } from "../auth/roles.js";
import type { FeatureContext } from "../context.js";
import type { KioskEnrolled, KioskPairingRequest, KioskRecord, KioskState } from "../contract/kiosk.js";
import type { ScreenState } from "../contract/screen.js";
import { idSchema, safeTextCheck } from "../domain/schemas.js";
import { HttpError, parseOr400 } from "../errors.js";
import type { ResolveOptions } from "../playout/scheduler.js";
import { atParam, draftParam, liveOrDrafts } from "../publishing/draft-query.js";
import {
  enrolKiosk,
  listKiosks,
  MAX_KIOSKS,
  RegistryError,
  revokeKiosk,
} from "../store/kiosk-registry-repo.js";
import type { KioskEnrolment } from "./enrolment.js";
import { normalizeCode } from "./pairing.js";
import { deviceIdSchema } from "./proof.js";
import { hashSecret, newKioskToken } from "./token.js";

/**
 * `at` and `draft` are the console's preview (`/kiosk/?preview=1&at=…`): the state the group would get
 * at that instant, with every draft laid over live content when `draft` is given. Kiosks send neither.
 */
const stateQuery = z.strictObject({
  channel: idSchema.optional(),
  at: atParam.optional(),
  draft: draftParam.optional(),
});

const approveSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).superRefine(safeTextCheck()),
  channel: z.string(),
  /** The id the kiosk asked for, unless the operator gives another. */
  kioskId: deviceIdSchema.optional(),
});

/** What the routes ask of the hub, which holds the connections. */
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

export interface KioskRouteDeps {
  /**
   * A kiosk group's state now, or at `at` with `options.drafts` for a preview; undefined for a channel
   * that is not a kiosk group (the hub's, which asks Scheduler.resolveAt).
   */
  state(channel: string, at?: number, options?: ResolveOptions): KioskState | undefined;
  /** The same for a big screen; undefined for a channel that is not a screen. */
  screenState(channel: string, at?: number, options?: ResolveOptions): ScreenState | undefined;
  enrolment: KioskEnrolment;
  hooks: EnrolmentHooks;
}

export function kioskRoutes(
  ctx: FeatureContext<"db" | "disk">,
  { state, screenState, enrolment, hooks }: KioskRouteDeps,
): Router {
  const router = Router();
  const operator = requireRole("operator");

  const answerWith =
    (
      kind: "kiosk group" | "screen",
      build: (channel: string, at?: number, options?: ResolveOptions) => KioskState | ScreenState | undefined,
      fallback: () => string | undefined,
    ) =>
    (req: Request, res: Response) => {
      const { channel, at, draft } = parseOr400(stateQuery, req.query, "query");
      const id = channel ?? fallback() ?? "";
      const instant = at === undefined ? undefined : Date.parse(at);
      // A drafts preview always names its instant (now, if not given): it is never the pushed state.
      const answered = draft ? build(id, instant ?? Date.now(), { drafts: true }) : build(id, instant);
      if (!answered) {
        throw new HttpError(404, "not-found", `the gate has no ${kind} "${id}"`, "query.channel");
      }
      // The service worker caches this answer itself; no HTTP cache may serve a stale one, and a
      // preview of drafts is nobody's to keep.
      res.set("Cache-Control", draft ? "no-store" : "no-cache");
      res.json(answered);
    };
  // Drafts are not public: previewing them needs an operator's session, like `/now?draft=1`.
  router.get(
    "/kiosk/state",
    liveOrDrafts(answerWith("kiosk group", state, () => ctx.settings.site.kiosks[0]?.id)),
  );
  router.get(
    "/screen/state",
    liveOrDrafts(answerWith("screen", screenState, () => ctx.settings.site.screens[0]?.id)),
  );

  router.get("/kiosks", (_req, res) => {
    // Public (the gate's status screens read it); bounded by the registry's cap.
    res.json(listKiosks(ctx.db, hooks.connectedKiosks(), MAX_KIOSKS));
  });

  router.get("/kiosks/pairings", operator, (_req, res) => {
    const list: KioskPairingRequest[] = enrolment.pairings.list((hash) => hooks.connectedPairing(hash));
    res.json(list);
  });

  router.post("/kiosks/pairings/:code/approve", operator, (req: Request<{ code: string }>, res) => {
    const code = normalizeCode(req.params.code);
    const pending = code === undefined ? undefined : enrolment.pairings.get(code);
    if (!code || !pending) {
      throw new HttpError(
        404,
        "not-found",
        "no kiosk is waiting with this code (codes last 15 minutes; the kiosk shows a new one)",
        "code",
      );
    }
    const body = parseOr400(approveSchema, req.body, "body");
    const site = ctx.settings.site;
    if (!site.kiosks.some((k) => k.id === body.channel) && !site.screens.some((s) => s.id === body.channel)) {
      throw new HttpError(
        400,
        "invalid",
        `the gate has no kiosk group or screen "${body.channel}"`,
        "body.channel",
      );
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
      if (error instanceof RegistryError) throw new HttpError(409, error.code, error.message, "body.kioskId");
      throw error;
    }
    const enrolled: KioskEnrolled = { kioskId, token, name: body.name, channel: body.channel };
    enrolment.pairings.approve(code, enrolled);
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
    enrolment.forget(id);
    enrolment.pairings.delivered(id);
    hooks.revoked(id);
    ctx.logger.info({ kiosk: id }, "kiosk revoked by an operator");
    res.json(record);
  });
  return router;
}
