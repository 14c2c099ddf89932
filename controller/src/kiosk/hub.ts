/**
 * The kiosk hub: kiosks connect over socket.io (namespace /kiosk), prove who they are in the
 * handshake, say hello, get their group's state and every later change of it, and send proof of play
 * back. Kiosks are read-only by construction: the only events handled are `hello` and `proof`, and
 * neither can reach the content store. A kiosk that is not enrolled gets state to show and a pairing
 * code, and nothing it sends is stored. Every event is rate-limited, every handler catches its own
 * failures: a store that cannot write (busy, full) degrades the hub, never ends the process.
 */
import type { Router } from "express";
import type { Namespace, Socket } from "socket.io";
import type { z } from "zod";
import type { SiteConfig } from "../config/site-schema.js";
import type { FeatureContext } from "../context.js";
import type { KioskClientEvents, KioskServerEvents } from "../contract/display-events.js";
import {
  type HelloAck,
  KIOSK_NAMESPACE,
  type KioskEnrolled,
  type KioskError,
  type KioskState,
  type ProofAck,
} from "../contract/kiosk.js";
import type { ScreenState } from "../contract/screen.js";
import { firstIssue } from "../domain/schemas.js";
import type { Extension } from "../extension.js";
import { DiskLowError } from "../ops/disk-guard.js";
import { PROOF_RETENTION_MS } from "../ops/retention-policy.js";
import type { ResolveOptions } from "../playout/scheduler.js";
import { screenMediaOf } from "../screen/media.js";
import { buildScreenState } from "../screen/state.js";
import { withBusyTimeout } from "../store/database.js";
import { findEnrolled, recordSighting } from "../store/kiosk-registry-repo.js";
import { KioskEnrolment, type Verified } from "./enrolment.js";
import { ItemHistory, storeEvidence } from "./evidence.js";
import { checkBatch } from "./plausible.js";
import { helloSchema, type Identity, proofBatchSchema, storeProof } from "./proof.js";
import { BucketMap } from "./rate-limit.js";
import { kioskRoutes } from "./routes.js";
import { SightingWriter } from "./sightings.js";
import { buildKioskState } from "./state.js";

/** Catches what no bus event announces, such as an item's validity ending at midnight. */
const RECHECK_MS = 60_000;
/**
 * How long a kiosk write waits for another writer (a backup, the CLI) before giving up: the store's
 * usual 5 s would hold the event loop, and /healthz with it, for every kiosk that connects.
 */
const STORE_WAIT_MS = 250;
/** After a refused write, kiosk writes wait this long before trying the store again. */
const STORE_BACKOFF_MS = 2_000;

/**
 * What one client may take. A kiosk says hello once per connection and sends a batch every few
 * seconds at most (catching up after a week offline: 100 batches back to back, which the bucket's
 * refill lets through in a couple of minutes); records per kiosk bound what a kiosk can write.
 */
export const KIOSK_LIMITS = {
  socketsTotal: 2_000,
  socketsPerAddress: 256,
  /** An enrolled kiosk's connections: a reconnect may overlap the old one; more closes the oldest. */
  socketsPerKiosk: 3,
  /** Every event of a socket, whatever it is. */
  eventsPerSocket: { capacity: 40, refillPerS: 4 },
  helloPerSocket: { capacity: 6, refillPerS: 0.2 },
  proofPerKiosk: { capacity: 30, refillPerS: 1 },
  recordsPerKiosk: { capacity: 20_000, refillPerS: 5 },
  /** A socket that keeps sending past its limit this many times is closed. */
  strikes: 200,
} as const;

type KioskNamespace = Namespace<KioskClientEvents, KioskServerEvents>;
type KioskSocket = Socket<KioskClientEvents, KioskServerEvents, Record<string, never>, SocketData>;

interface SocketData {
  address: string;
  verified: Verified;
  userAgent: string | null;
  /** After an accepted hello. */
  identity?: Identity & { name: string };
  strikes: number;
}

/** Kiosk groups and big screens: the channels a display connects to. */
export function isDisplayChannel(ctx: { settings: { site: SiteConfig } }, id: string): boolean {
  const site = ctx.settings.site;
  return site.kiosks.some((k) => k.id === id) || site.screens.some((s) => s.id === id);
}

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

function fail(code: string, message: string): KioskError {
  return { error: { code, message } };
}

const RATE_LIMITED = fail("rate-limited", "too many events; send again later");

/** socket.io hands an ack function only when the client asked for one; never trust that it did. */
function ackOf<T>(value: unknown): (answer: T) => void {
  if (typeof value !== "function") return () => undefined;
  let sent = false;
  return (answer: T) => {
    if (sent) return;
    sent = true;
    (value as (answer: T) => void)(answer);
  };
}

type KioskNeeds = "db" | "io" | "scheduler" | "disk";
type KioskContext = FeatureContext<KioskNeeds>;

export class KioskHub implements Extension<KioskNeeds> {
  readonly name = "kiosk";
  readonly label = "kiosk hub";
  readonly needs = ["db", "io", "scheduler", "disk"] as const;
  #ctx: KioskContext | undefined;
  #ns: KioskNamespace | undefined;
  #enrolment: KioskEnrolment | undefined;
  #sightings: SightingWriter | undefined;
  readonly #history = new ItemHistory();
  /** The version last pushed to each channel's room. */
  readonly #pushed = new Map<string, string>();
  /** Enrolled kiosk ids → their open sockets, oldest first (a kiosk may briefly have two). */
  readonly #kiosks = new Map<string, KioskSocket[]>();
  /** Pairing secrets (hashed) → their open sockets. */
  readonly #pairing = new Map<string, Set<KioskSocket>>();
  readonly #perAddress = new Map<string, number>();
  #sockets = 0;
  readonly #events = new BucketMap(KIOSK_LIMITS.eventsPerSocket);
  readonly #hellos = new BucketMap(KIOSK_LIMITS.helloPerSocket);
  readonly #proofs = new BucketMap(KIOSK_LIMITS.proofPerKiosk, 1_000);
  readonly #records = new BucketMap(KIOSK_LIMITS.recordsPerKiosk, 1_000);
  /** When each kiosk's refusals were last logged (one line a minute per kiosk at most). */
  readonly #refusalLogged = new Map<string, number>();
  /** Until then kiosk writes are not tried (the store refused one a moment ago). */
  #storeDownUntil = 0;
  #pushQueued = false;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void)[] = [];
  /** States pushed since start (for /healthz and the bench). */
  pushes = 0;
  /** Since start, for /healthz: what happened to proof batches and connections. */
  readonly counts = {
    stored: 0,
    duplicates: 0,
    /** Implausible records refused, by rule. */
    refused: {} as Record<string, number>,
    /** Batches a store error (busy, full, low disk) sent back to the kiosk to retry. */
    storeErrors: 0,
    /** Handshakes refused (too many connections). */
    connectionsRefused: 0,
    /** Events a handler failed on (logged). */
    handlerErrors: 0,
  };

  readonly health = () => {
    let enrolled = 0;
    for (const sockets of this.#kiosks.values()) enrolled += sockets.length;
    return {
      connected: enrolled,
      unenrolled: this.#sockets - enrolled,
      channels: Object.fromEntries(this.#pushed),
      pairingsPending: this.#enrolment?.pairings.size ?? 0,
      sightingsPending: this.#sightings?.pending ?? 0,
      rateLimited: this.#events.refused + this.#hellos.refused + this.#proofs.refused + this.#records.refused,
      proof: {
        stored: this.counts.stored,
        duplicates: this.counts.duplicates,
        refused: this.counts.refused,
        storeErrors: this.counts.storeErrors,
      },
      connectionsRefused: this.counts.connectionsRefused,
      handlerErrors: this.counts.handlerErrors,
    };
  };

  /**
   * The state of one kiosk channel now (or at `at`, and with `drafts` laid over live content, for the
   * console's preview), or undefined for a channel that is not a kiosk group. The scheduler resolves;
   * this only shapes. A preview's `generatedAt` is the instant previewed: the kiosk takes it for the
   * controller's clock, so its clock and the alert's expiry follow that instant.
   */
  state(
    ctx: FeatureContext<"scheduler">,
    channel: string,
    at?: number,
    options: ResolveOptions = {},
  ): KioskState | undefined {
    const { resolution, content } = ctx.scheduler.resolveAt(at, options);
    const generatedAt = at === undefined ? undefined : new Date(at).toISOString();
    return buildKioskState(resolution, content, ctx.settings.site, channel, generatedAt);
  }

  /** The state of one big screen (as `state` is for a kiosk group), or undefined for any other channel. */
  screenState(
    ctx: FeatureContext<"scheduler" | "db">,
    channel: string,
    at?: number,
    options: ResolveOptions = {},
  ): ScreenState | undefined {
    if (!ctx.settings.site.screens.some((s) => s.id === channel)) return undefined;
    const { resolution, content } = ctx.scheduler.resolveAt(at, options);
    const generatedAt = at === undefined ? undefined : new Date(at).toISOString();
    return buildScreenState(
      resolution,
      content,
      ctx.settings.site,
      channel,
      screenMediaOf(ctx.db),
      generatedAt,
    );
  }

  routes(ctx: KioskContext): Router[] {
    return [
      kioskRoutes(ctx, {
        state: (channel, at, options) => this.state(ctx, channel, at, options),
        screenState: (channel, at, options) => this.screenState(ctx, channel, at, options),
        enrolment: this.#enrolmentOf(ctx),
        hooks: {
          connectedKiosks: () => new Set(this.#kiosks.keys()),
          connectedPairing: (hash) => (this.#pairing.get(hash)?.size ?? 0) > 0,
          deliver: (hash, enrolled) => this.#deliver(hash, enrolled),
          revoked: (kioskId) => {
            for (const socket of this.#kiosks.get(kioskId) ?? []) socket.disconnect(true);
          },
        },
      }),
    ];
  }

  start(ctx: KioskContext): void {
    this.#ctx = ctx;
    this.#enrolmentOf(ctx);
    this.#sightings = new SightingWriter(
      (id, seen) => this.#write(ctx, "a kiosk's last-seen time", () => recordSighting(ctx.db, id, seen)),
      ctx.logger,
    );
    // `as`: the context's Server is untyped; this namespace speaks only the kiosk contract.
    const ns = ctx.io.of(KIOSK_NAMESPACE) as unknown as KioskNamespace;
    this.#ns = ns;
    ns.use((socket, next) => {
      try {
        const refusal = this.#admit(ctx, socket as KioskSocket);
        if (refusal) {
          this.counts.connectionsRefused++;
          return next(new Error(refusal));
        }
        next();
      } catch (error) {
        this.counts.handlerErrors++;
        ctx.logger.error({ err: error }, "could not check a kiosk's connection");
        next(new Error("internal"));
      }
    });
    ns.on("connection", (socket) => {
      try {
        this.#accept(ctx, socket as KioskSocket);
      } catch (error) {
        this.counts.handlerErrors++;
        ctx.logger.error({ err: error }, "could not accept a kiosk's connection");
        socket.disconnect(true);
      }
    });
    // Both events can come in bursts (one save emits contentChanged, then resolutionChanged):
    // coalesce them into one push after the scheduler has taken the change in.
    const queuePush = () => {
      if (this.#pushQueued) return;
      this.#pushQueued = true;
      setImmediate(() => {
        this.#pushQueued = false;
        this.#safePushAll();
      });
    };
    this.#unsubscribe = [ctx.bus.on("resolutionChanged", queuePush), ctx.bus.on("contentChanged", queuePush)];
    this.#timer = setInterval(() => this.#safePushAll(), RECHECK_MS);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    this.#sightings?.flush();
    this.#sightings?.stop();
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
    for (const screen of ctx.settings.site.screens) {
      if (!ns.adapter.rooms.get(room(screen.id))?.size) continue;
      const state = this.screenState(ctx, screen.id);
      if (!state || this.#pushed.get(screen.id) === state.version) continue;
      this.#pushed.set(screen.id, state.version);
      this.pushes++;
      ns.to(room(screen.id)).emit("screenState", state);
    }
  }

  #safePushAll(): void {
    try {
      this.pushAll();
    } catch (error) {
      this.counts.handlerErrors++;
      this.#ctx?.logger.error(
        { err: error },
        "could not push the kiosks' state; retrying at the next change",
      );
    }
  }

  #enrolmentOf(ctx: KioskContext): KioskEnrolment {
    this.#enrolment ??= new KioskEnrolment(ctx);
    return this.#enrolment;
  }

  /**
   * The handshake: bounded connections, then who the kiosk is. (Another site's Origin never gets
   * here: socket.io's engine refuses it for every transport, see http/socket-guard.ts.)
   */
  #admit(ctx: KioskContext, socket: KioskSocket): string | undefined {
    const { headers, address } = socket.handshake;
    if (this.#sockets >= KIOSK_LIMITS.socketsTotal) return "busy";
    if ((this.#perAddress.get(address) ?? 0) >= KIOSK_LIMITS.socketsPerAddress) return "too-many-connections";
    const userAgent = headers["user-agent"];
    socket.data = {
      address,
      verified: this.#enrolmentOf(ctx).verify(socket.handshake.auth),
      userAgent: typeof userAgent === "string" ? userAgent.slice(0, 300) : null,
      strikes: 0,
    };
    return undefined;
  }

  #accept(ctx: KioskContext, socket: KioskSocket): void {
    const data = socket.data;
    this.#sockets++;
    this.#perAddress.set(data.address, (this.#perAddress.get(data.address) ?? 0) + 1);
    const kiosk = data.verified.kiosk;
    if (kiosk) {
      const open = this.#kiosks.get(kiosk.id) ?? [];
      open.push(socket);
      this.#kiosks.set(kiosk.id, open);
      // A kiosk is one screen: past the cap its oldest connections are the stale ones.
      while (open.length > KIOSK_LIMITS.socketsPerKiosk) open.shift()?.disconnect(true);
      this.#enrolment?.pairings.delivered(kiosk.id);
    }
    const pairingHash = data.verified.pairingHash;
    if (pairingHash && !kiosk) {
      const set = this.#pairing.get(pairingHash) ?? new Set();
      set.add(socket);
      this.#pairing.set(pairingHash, set);
    }

    socket.on("hello", (raw: unknown, rawAck: unknown) =>
      this.#handle(ctx, socket, "hello", rawAck, (ack) => this.#hello(ctx, socket, raw, ack)),
    );
    socket.on("proof", (raw: unknown, rawAck: unknown) =>
      this.#handle(ctx, socket, "proof", rawAck, (ack) => this.#proof(ctx, socket, raw, ack)),
    );
    socket.onAny((event: string) => {
      if (event === "hello" || event === "proof") return;
      // Kiosks are read-only: any other event changes nothing, and still spends the socket's budget.
      if (!this.#events.take(socket.id)) this.#strike(socket);
    });
    socket.on("disconnect", () => {
      try {
        this.#forget(socket);
        if (kiosk) this.#sightings?.seen(kiosk.id, { lastSeen: new Date().toISOString() });
      } catch (error) {
        this.counts.handlerErrors++;
        ctx.logger.error({ err: error }, "could not record a kiosk's disconnection");
      }
    });
  }

  /** Runs one event's handler: budget first, and whatever it throws is logged and acked, not raised. */
  #handle<T>(
    ctx: KioskContext,
    socket: KioskSocket,
    event: string,
    rawAck: unknown,
    run: (ack: (answer: T | KioskError) => void) => void,
  ) {
    const ack = ackOf<T | KioskError>(rawAck);
    try {
      if (!this.#events.take(socket.id)) {
        this.#strike(socket);
        return ack(RATE_LIMITED);
      }
      run(ack);
    } catch (error) {
      this.counts.handlerErrors++;
      ctx.logger.error({ err: error, event, kiosk: socket.data.identity?.kioskId }, "a kiosk event failed");
      ack(fail("internal", "the hub could not handle this; send it again later"));
    }
  }

  #strike(socket: KioskSocket): void {
    socket.data.strikes++;
    if (socket.data.strikes >= KIOSK_LIMITS.strikes) {
      this.#ctx?.logger.warn(
        { address: socket.data.address },
        "closed a kiosk connection that kept flooding",
      );
      socket.disconnect(true);
    }
  }

  #hello(ctx: KioskContext, socket: KioskSocket, raw: unknown, ack: (answer: HelloAck) => void) {
    if (!this.#hellos.take(socket.id)) return ack(RATE_LIMITED);
    const parsed = helloSchema.safeParse(raw);
    if (!parsed.success) return ack(invalid(parsed.error));
    const hello = parsed.data;
    const data = socket.data;
    const kiosk = data.verified.kiosk;
    // An enrolled kiosk's group (or screen) is the one the operator gave it (while the gate still has it).
    const channel = kiosk && isDisplayChannel(ctx, kiosk.channel) ? kiosk.channel : hello.channel;
    const state = this.state(ctx, channel);
    const screenState = state ? undefined : this.screenState(ctx, channel);
    if (!state && !screenState) {
      return ack({
        error: {
          code: "not-found",
          message: `the gate has no kiosk group or screen "${channel}"`,
          field: "channel",
        },
      });
    }
    if (data.identity) void socket.leave(room(data.identity.channel));
    void socket.join(room(channel));
    if (kiosk) {
      data.identity = { kioskId: kiosk.id, channel, name: kiosk.name };
      this.#sightings?.seen(kiosk.id, {
        lastSeen: new Date().toISOString(),
        userAgent: data.userAgent,
        ...(hello.showing ? { showing: hello.showing } : {}),
      });
      ack({ ok: true, kiosk: { kioskId: kiosk.id, name: kiosk.name, channel } });
    } else {
      // Not enrolled: it shows the state and its pairing code; its identity is only what it claims.
      data.identity = undefined;
      let pairing: HelloAck = { ok: true, kiosk: null };
      const hash = data.verified.pairingHash;
      let approved: KioskEnrolled | undefined;
      if (hash) {
        const answer = this.#enrolment?.pairings.ask({
          secretHash: hash,
          kioskId: hello.kioskId,
          name: hello.name,
          channel: hello.channel,
          address: data.address,
          userAgent: data.userAgent,
        });
        pairing = { ok: true, kiosk: null, pairing: answer?.ok ? answer.pairing : null };
        if (answer?.ok) approved = answer.approved;
      }
      ack({ ...pairing, ...(data.verified.tokenRefused ? { tokenRefused: true as const } : {}) });
      if (approved) socket.emit("enrolled", approved);
    }
    if (state) socket.emit("state", state);
    else if (screenState) socket.emit("screenState", screenState);
  }

  #proof(ctx: KioskContext, socket: KioskSocket, raw: unknown, ack: (answer: ProofAck) => void) {
    const kiosk = socket.data.verified.kiosk;
    if (!kiosk) {
      // A kiosk that is not enrolled does not send proof; a client that keeps sending it (each batch
      // a parse of up to 500 records) is closed after a few.
      socket.data.strikes += 19;
      this.#strike(socket);
      return ack(
        fail("not-enrolled", "this kiosk is not enrolled: nothing it sends is stored; keep the records"),
      );
    }
    const identity = socket.data.identity;
    if (!identity) return ack(fail("no-hello", "say hello before sending proof of play"));
    if (!this.#stillEnrolled(ctx, socket)) {
      return ack(fail("not-enrolled", "this kiosk's token was revoked; pair it again"));
    }
    if (!this.#proofs.take(kiosk.id)) return ack(RATE_LIMITED);
    const parsed = proofBatchSchema.safeParse(raw);
    if (!parsed.success) return ack(invalid(parsed.error));
    const batch = parsed.data;
    const records = batch.plays.length + batch.sessions.length + (batch.skips?.length ?? 0);
    if (!this.#records.take(kiosk.id, records)) return ack(RATE_LIMITED);
    let result: { stored: number; duplicates: number };
    let refused: { record: string; reason: string }[];
    try {
      ctx.disk.assertWritable("a kiosk's proof of play");
      if (Date.now() < this.#storeDownUntil) throw new Error("the store refused a write moments ago");
      const checked = checkBatch(
        batch,
        storeEvidence(ctx.db, this.#history, kiosk.id, { now: Date.now(), retentionMs: PROOF_RETENTION_MS }),
      );
      refused = checked.refused;
      result = this.#write(ctx, "a kiosk's proof of play", () =>
        storeProof(ctx.db, identity, {
          plays: checked.plays,
          sessions: checked.sessions,
          skips: checked.skips,
        }),
      );
    } catch (error) {
      // Not `invalid`: the kiosk keeps the batch and sends it again later (only `invalid` is dropped).
      this.counts.storeErrors++;
      if (error instanceof DiskLowError) {
        return ack(fail("disk-low", "the gate's disk is nearly full; keep the records and send them later"));
      }
      ctx.logger.error({ err: error, kiosk: kiosk.id }, "could not store a kiosk's proof of play");
      return ack(fail("internal", "could not store the batch; send it again later"));
    }
    this.counts.stored += result.stored;
    this.counts.duplicates += result.duplicates;
    if (refused.length > 0) this.#noteRefusals(ctx, kiosk.id, refused);
    this.#sightings?.seen(kiosk.id, {
      lastSeen: new Date().toISOString(),
      userAgent: socket.data.userAgent,
      ...(batch.showing ? { showing: batch.showing } : {}),
    });
    ack({ ok: true, ...result, ...(refused.length > 0 ? { refused: refused.slice(0, 20) } : {}) });
  }

  /**
   * The token this socket proved at its handshake is still the kiosk's (`gatecast kiosk revoke` in
   * another process closes no socket). A store that cannot be read keeps the handshake's answer.
   */
  #stillEnrolled(ctx: KioskContext, socket: KioskSocket): boolean {
    const kiosk = socket.data.verified.kiosk;
    if (!kiosk) return false;
    try {
      if (findEnrolled(ctx.db, kiosk.id)?.tokenHash === kiosk.tokenHash) return true;
    } catch {
      return true;
    }
    socket.data.verified = { tokenRefused: true };
    this.#forgetKiosk(socket, kiosk.id);
    return false;
  }

  /**
   * A kiosk write: refused at once while the disk is low or the store refused one a moment ago,
   * else tried with a short wait for the write lock. The caller keeps what could not be written.
   */
  #write<T>(ctx: KioskContext, what: string, write: () => T): T {
    if (Date.now() < this.#storeDownUntil) {
      throw new Error(`${what}: the store refused a write moments ago; trying again shortly`);
    }
    try {
      return withBusyTimeout(ctx.db, STORE_WAIT_MS, () => ctx.disk.guard(what, write));
    } catch (error) {
      if (!(error instanceof DiskLowError)) this.#storeDownUntil = Date.now() + STORE_BACKOFF_MS;
      throw error;
    }
  }

  #noteRefusals(ctx: KioskContext, kioskId: string, refused: { record: string; reason: string }[]): void {
    const byReason: Record<string, number> = {};
    for (const r of refused) {
      byReason[r.reason] = (byReason[r.reason] ?? 0) + 1;
      this.counts.refused[r.reason] = (this.counts.refused[r.reason] ?? 0) + 1;
    }
    const now = Date.now();
    if (now - (this.#refusalLogged.get(kioskId) ?? 0) < 60_000) return;
    this.#refusalLogged.set(kioskId, now);
    ctx.logger.warn({ kiosk: kioskId, refused: byReason }, "refused implausible proof of play from a kiosk");
  }

  /** An operator approved this pairing: its kiosk, if connected, gets the token now. */
  #deliver(secretHash: string, enrolled: KioskEnrolled): void {
    for (const socket of this.#pairing.get(secretHash) ?? []) socket.emit("enrolled", enrolled);
  }

  #forgetKiosk(socket: KioskSocket, kioskId: string): void {
    const open = (this.#kiosks.get(kioskId) ?? []).filter((s) => s !== socket);
    if (open.length > 0) this.#kiosks.set(kioskId, open);
    else this.#kiosks.delete(kioskId);
  }

  #forget(socket: KioskSocket): void {
    const data = socket.data;
    this.#sockets--;
    const n = (this.#perAddress.get(data.address) ?? 1) - 1;
    if (n > 0) this.#perAddress.set(data.address, n);
    else this.#perAddress.delete(data.address);
    this.#events.forget(socket.id);
    this.#hellos.forget(socket.id);
    const kiosk = data.verified.kiosk;
    if (kiosk) this.#forgetKiosk(socket, kiosk.id);
    const hash = data.verified.pairingHash;
    if (hash) {
      const set = this.#pairing.get(hash);
      set?.delete(socket);
      if (set?.size === 0) this.#pairing.delete(hash);
    }
  }
}

export function kioskHub(): KioskHub {
  return new KioskHub();
}
