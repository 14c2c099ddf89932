/**
 * The kiosk hub: kiosks connect over socket.io (namespace /kiosk), say hello, get their channel's state
 * and every later change of it, and send proof of play back. Kiosks are read-only by construction: the
 * only events handled are `hello` and `proof`, and neither can reach the content store.
 */
import { type Request, type Response, Router } from "express";
import type { Namespace, Socket } from "socket.io";
import { z } from "zod";
import { requireRole } from "../auth/roles.js";
import type { Context } from "../context.js";
import { compileSnapshot } from "../domain/schedule/compile.js";
import { resolve } from "../domain/schedule/resolve.js";
import { firstIssue, idSchema } from "../domain/schemas.js";
import type { Extension } from "../extension.js";
import { HttpError, parseOr400 } from "../http/errors.js";
import { channelsOf } from "../playout/scheduler.js";
import { draftSnapshot } from "../publishing/service.js";
import {
  type HelloAck,
  KIOSK_NAMESPACE,
  type KioskClientEvents,
  type KioskError,
  type KioskServerEvents,
  type KioskState,
  type ProofAck,
} from "./contract.js";
import {
  helloSchema,
  type Identity,
  listKiosks,
  proofBatchSchema,
  storeProof,
  touchKiosk,
  upsertKiosk,
} from "./proof.js";
import { buildKioskState } from "./state.js";

/** Catches what no bus event announces, such as an item's validity ending at midnight. */
const RECHECK_MS = 60_000;

type KioskNamespace = Namespace<KioskClientEvents, KioskServerEvents>;
type KioskSocket = Socket<KioskClientEvents, KioskServerEvents>;

/**
 * `at` and `draft` are the console's preview (`/kiosk/?preview=1&at=…`): the state the group would get
 * at that instant, with every draft laid over live content when `draft` is given. Kiosks send neither.
 */
const stateQuery = z.strictObject({
  channel: idSchema.optional(),
  at: z.iso
    .datetime({
      offset: true,
      error: "expected an ISO-8601 instant with an offset, e.g. 2027-02-06T08:00:00+07:00",
    })
    .optional(),
  draft: z
    .enum(["1", "true"], { error: "expected 1 (live content with the drafts laid over it)" })
    .optional(),
});

function room(channel: string): string {
  return `channel:${channel}`;
}

function invalid(error: z.ZodError): KioskError {
  const { field, message } = firstIssue(error);
  return {
    error: {
      code: "invalid",
      message: field ? `${field}: ${message}` : message,
      ...(field ? { field } : {}),
    },
  };
}

/** socket.io hands an ack function only when the client asked for one; never trust that it did. */
function ackOf<T>(value: unknown): (answer: T) => void {
  return typeof value === "function" ? (value as (answer: T) => void) : () => undefined;
}

export class KioskHub implements Extension {
  readonly name = "kiosk";
  #ctx: Context | undefined;
  #ns: KioskNamespace | undefined;
  /** The version last pushed to each channel's room. */
  readonly #pushed = new Map<string, string>();
  /** Connected kiosk ids → open sockets (a kiosk can briefly have two while it reconnects). */
  readonly #connected = new Map<string, number>();
  #pushQueued = false;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void)[] = [];
  /** States pushed since start (for /healthz and the bench). */
  pushes = 0;

  readonly health = () => ({
    connected: [...this.#connected.values()].reduce((a, b) => a + b, 0),
    channels: Object.fromEntries(this.#pushed),
  });

  /**
   * The state of one kiosk channel now (or at `at`, for the console's preview), or undefined for a
   * channel that is not a kiosk group. A preview's `generatedAt` is the instant previewed: the kiosk
   * takes it for the controller's clock, so its clock and the alert's expiry follow that instant.
   */
  state(ctx: Context, channel: string, at?: number): KioskState | undefined {
    const resolution = at === undefined ? ctx.scheduler.current() : ctx.scheduler.at(at);
    const generatedAt = at === undefined ? undefined : new Date(at).toISOString();
    return buildKioskState(resolution, ctx.scheduler.content(), ctx.settings.site, channel, generatedAt);
  }

  /** The state at `at` with every draft laid over live content: what publishing them would show. */
  draftState(ctx: Context, channel: string, at: number): KioskState | undefined {
    const { site } = ctx.settings;
    const snapshot = draftSnapshot(ctx, {
      id: site.id,
      languages: site.languages,
      channels: channelsOf(site),
    });
    const resolution = resolve(compileSnapshot(snapshot), at);
    return buildKioskState(resolution, snapshot, site, channel, new Date(at).toISOString());
  }

  routes(ctx: Context): Router[] {
    const router = Router();
    const answer = (req: Request, res: Response) => {
      const { channel, at, draft } = parseOr400(stateQuery, req.query, "query");
      const id = channel ?? ctx.settings.site.kiosks[0]?.id ?? "";
      const instant = at === undefined ? undefined : Date.parse(at);
      const state = draft ? this.draftState(ctx, id, instant ?? Date.now()) : this.state(ctx, id, instant);
      if (!state) {
        throw new HttpError(404, "not-found", `the gate has no kiosk group "${id}"`, "query.channel");
      }
      // The service worker caches this answer itself; no HTTP cache may serve a stale one, and a
      // preview of drafts is nobody's to keep.
      res.set("Cache-Control", draft ? "no-store" : "no-cache");
      res.json(state);
    };
    const operator = requireRole("operator");
    router.get("/kiosk/state", (req, res, next) => {
      // Drafts are not public: previewing them needs an operator's session, like `/now?draft=1`.
      if (!("draft" in req.query)) return answer(req, res);
      operator(req, res, (error?: unknown) => {
        if (error) return next(error);
        answer(req, res);
      });
    });
    router.get("/kiosks", (_req, res) => {
      res.json(listKiosks(ctx.db, new Set(this.#connected.keys())));
    });
    return [router];
  }

  start(ctx: Context): void {
    this.#ctx = ctx;
    // `as`: the context's Server is untyped; this namespace speaks only the kiosk contract.
    const ns = ctx.io.of(KIOSK_NAMESPACE) as unknown as KioskNamespace;
    this.#ns = ns;
    ns.on("connection", (socket) => this.#accept(ctx, socket));
    // Both events can come in bursts (one save emits contentChanged, then resolutionChanged):
    // coalesce them into one push after the scheduler has taken the change in.
    const queuePush = () => {
      if (this.#pushQueued) return;
      this.#pushQueued = true;
      setImmediate(() => {
        this.#pushQueued = false;
        this.pushAll();
      });
    };
    this.#unsubscribe = [ctx.bus.on("resolutionChanged", queuePush), ctx.bus.on("contentChanged", queuePush)];
    this.#timer = setInterval(() => this.pushAll(), RECHECK_MS);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    this.#ns?.disconnectSockets(true);
    this.#ns?.removeAllListeners();
  }

  /** Sends each channel that has kiosks its state, when it differs from the one last sent. */
  pushAll(): void {
    const ctx = this.#ctx;
    const ns = this.#ns;
    if (!ctx || !ns || !ctx.db.open) return;
    for (const group of ctx.settings.site.kiosks) {
      if (!ns.adapter.rooms.get(room(group.id))?.size) continue;
      const state = this.state(ctx, group.id);
      if (!state || this.#pushed.get(group.id) === state.version) continue;
      this.#pushed.set(group.id, state.version);
      this.pushes++;
      ns.to(room(group.id)).emit("state", state);
    }
  }

  #accept(ctx: Context, socket: KioskSocket): void {
    let identity: (Identity & { name: string }) | undefined;
    const userAgent = socket.handshake.headers["user-agent"] ?? null;

    socket.on("hello", (raw: unknown, rawAck: unknown) => {
      const ack = ackOf<HelloAck>(rawAck);
      const parsed = helloSchema.safeParse(raw);
      if (!parsed.success) return ack(invalid(parsed.error));
      const hello = parsed.data;
      const state = this.state(ctx, hello.channel);
      if (!state) {
        return ack({
          error: {
            code: "not-found",
            message: `the gate has no kiosk group "${hello.channel}"`,
            field: "channel",
          },
        });
      }
      if (identity) {
        void socket.leave(room(identity.channel));
        this.#forget(identity.kioskId);
      }
      identity = { kioskId: hello.kioskId, channel: hello.channel, name: hello.name };
      this.#connected.set(identity.kioskId, (this.#connected.get(identity.kioskId) ?? 0) + 1);
      void socket.join(room(hello.channel));
      upsertKiosk(ctx.db, {
        id: hello.kioskId,
        name: hello.name,
        channel: hello.channel,
        userAgent,
        ...(hello.showing ? { showing: hello.showing } : {}),
      });
      ack({ ok: true });
      socket.emit("state", state);
    });

    socket.on("proof", (raw: unknown, rawAck: unknown) => {
      const ack = ackOf<ProofAck>(rawAck);
      if (!identity) {
        return ack({ error: { code: "no-hello", message: "say hello before sending proof of play" } });
      }
      const parsed = proofBatchSchema.safeParse(raw);
      if (!parsed.success) return ack(invalid(parsed.error));
      try {
        const result = storeProof(ctx.db, identity, parsed.data);
        upsertKiosk(ctx.db, {
          id: identity.kioskId,
          name: identity.name,
          channel: identity.channel,
          userAgent,
          ...(parsed.data.showing ? { showing: parsed.data.showing } : {}),
        });
        ack({ ok: true, ...result });
      } catch (error) {
        // Not `invalid`: the kiosk keeps the batch and sends it again later (only `invalid` is dropped).
        ctx.logger.error({ err: error, kiosk: identity.kioskId }, "could not store a kiosk's proof of play");
        ack({ error: { code: "internal", message: "could not store the batch; send it again later" } });
      }
    });

    socket.onAny((event: string) => {
      if (event !== "hello" && event !== "proof") {
        ctx.logger.debug({ event, kiosk: identity?.kioskId }, "ignored an event a kiosk may not send");
      }
    });

    socket.on("disconnect", () => {
      if (!identity) return;
      this.#forget(identity.kioskId);
      if (ctx.db.open) touchKiosk(ctx.db, identity.kioskId);
    });
  }

  #forget(kioskId: string): void {
    const open = (this.#connected.get(kioskId) ?? 1) - 1;
    if (open > 0) this.#connected.set(kioskId, open);
    else this.#connected.delete(kioskId);
  }
}

export function kioskHub(): KioskHub {
  return new KioskHub();
}
