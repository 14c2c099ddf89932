/**
 * The gate's central sync as an extension: polls the central every pollIntervalS when the site has
 * `central.url`, sends a heartbeat after each poll when it has a token, and notices imports made by
 * another process (`gatecast bundle import`, `gatecast sync`) so the screens follow without a restart.
 */
import { readFileSync, statfsSync } from "node:fs";
import type { Settings } from "../config/settings.js";
import type { FeatureContext } from "../context.js";
import type { Upload as LastUpload } from "../contract/central.js";
import type { Extension } from "../extension.js";
import type { SignHealth } from "../signs/sign-extension.js";
import { importSeq, listHeld } from "../store/central-gate-repo.js";
import { VERSION } from "../version.js";
import { centralUrl, GateSync, type SyncDeps } from "./gate-sync.js";
import { heartbeatNow } from "./heartbeat-now.js";
import { gateSyncRoutes } from "./routes.js";
import { MAX_BATCHES_PER_CYCLE, type Upload, uploadPending, uploadScreens } from "./uploads.js";

/** How often a running controller looks for imports made by the CLI. */
const WATCH_MS = 5_000;

export interface CentralDeps extends SyncDeps {
  signHealth?: () => SignHealth[];
}

type CentralNeeds = "db" | "scheduler" | "disk";
type CentralContext = FeatureContext<CentralNeeds>;

export function centralExtensions(settings: Settings, deps: CentralDeps = {}): Extension<CentralNeeds>[] {
  if (settings.site.role !== "gate") return [];
  let lastUpload: LastUpload | undefined;
  let sync: GateSync | undefined;
  let unsubscribe: (() => void) | undefined;
  let pollTimer: NodeJS.Timeout | undefined;
  let watchTimer: NodeJS.Timeout | undefined;
  let progressTimer: NodeJS.Timeout | undefined;
  let seenSeq: string | undefined;
  let stopped = false;

  const ensure = (ctx: CentralContext): GateSync => {
    sync ??= new GateSync(ctx, deps);
    return sync;
  };

  const readToken = (s: GateSync): string | undefined => {
    const { tokenFile } = s.config;
    if (!tokenFile) return undefined;
    const token = readFileSync(tokenFile, "utf8").trim();
    // It goes in an HTTP header: printable ASCII only, or every request would fail the same way.
    if (!/^[\x21-\x7e]{16,512}$/.test(token)) {
      throw new Error(`${tokenFile}: the token must be 16–512 printable ASCII characters (no spaces)`);
    }
    return token;
  };

  /** Proof of play, kiosk sessions and the sign log, after the heartbeat (see uploads.ts). */
  const upload = async (ctx: CentralContext, s: GateSync) => {
    const { url } = s.config;
    if (!url || !s.config.tokenFile) return;
    let token: string | undefined;
    try {
      token = readToken(s);
    } catch (error) {
      lastUpload = {
        at: new Date().toISOString(),
        batches: 0,
        rows: 0,
        more: true,
        error: (error as Error).message,
      };
      return;
    }
    const send = async (body: Upload) => {
      const res = await (deps.fetch ?? fetch)(centralUrl(url, "/api/v1/central/uploads"), {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
      if (!res.ok) {
        const text = await res.text().catch(() => "");
        throw new Error(`the central answered ${res.status} ${text.slice(0, 300)}`);
      }
    };
    const outcome = await uploadPending(
      ctx.db,
      ctx.settings.site.id,
      send,
      MAX_BATCHES_PER_CYCLE,
      uploadScreens(ctx.settings.site.screens),
    );
    lastUpload = { ...outcome, at: new Date().toISOString() };
    if (outcome.error)
      ctx.logger.warn({ err: outcome.error }, "proof of play not uploaded; retried at the next poll");
    else if (outcome.rows > 0)
      ctx.logger.info({ rows: outcome.rows, more: outcome.more }, "proof of play uploaded");
  };

  const heartbeat = async (ctx: CentralContext, s: GateSync) => {
    const { url, tokenFile } = s.config;
    if (!url || !tokenFile) return;
    try {
      const token = readToken(s) as string;
      // The resolution and the content it came from, read together: names match the ids.
      const { resolution, content } = ctx.scheduler.resolveAt();
      let freeDiskBytes: number | null = null;
      try {
        const fs = statfsSync(ctx.settings.dataDir);
        freeDiskBytes = fs.bavail * fs.bsize;
      } catch {
        freeDiskBytes = null;
      }
      const res = await (deps.fetch ?? fetch)(centralUrl(url, "/api/v1/central/heartbeat"), {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({
          gate: ctx.settings.site.id,
          version: VERSION,
          now: heartbeatNow(resolution, content),
          signs:
            deps.signHealth?.() ?? ctx.settings.site.signs.map((sign) => ({ id: sign.id, name: sign.name })),
          uploads: lastUpload ?? null,
          lastSync: s.lastSuccessAt,
          freeDiskBytes,
          // Low-disk mode: the gate refuses new records until space is freed (see ops/disk-guard.ts).
          disk: (({ state, freeBytes, floorBytes, since }) => ({ state, freeBytes, floorBytes, since }))(
            ctx.disk.status(),
          ),
          programs: listHeld(ctx.db).map((h) => ({ programId: h.programId, version: h.version })),
          // Programs still arriving, so the fleet screen shows their progress and warnings.
          downloads: s.downloads(),
        }),
        signal: AbortSignal.timeout(15_000),
      });
      if (!res.ok) ctx.logger.warn({ status: res.status }, "central heartbeat refused");
    } catch (error) {
      ctx.logger.debug({ err: (error as Error).message }, "central heartbeat not sent");
    }
  };

  // The poll and `POST /sync` may overlap: one heartbeat and upload at a time, the second joins it.
  let reporting: Promise<void> | undefined;
  const report = (ctx: CentralContext, s: GateSync): Promise<void> => {
    reporting ??= (async () => {
      try {
        await heartbeat(ctx, s);
        await upload(ctx, s);
      } finally {
        reporting = undefined;
      }
    })();
    return reporting;
  };

  const schedulePoll = (ctx: CentralContext, s: GateSync, delayMs: number) => {
    if (stopped) return;
    pollTimer = setTimeout(async () => {
      try {
        await s.syncNow();
        seenSeq = importSeq(ctx.db);
        await report(ctx, s);
      } catch (error) {
        ctx.logger.error({ err: error }, "central sync failed");
      }
      schedulePoll(ctx, s, s.config.pollIntervalS * 1000);
    }, delayMs);
    pollTimer.unref();
  };

  const ext: Extension<CentralNeeds> = {
    name: "central",
    label: "central sync",
    needs: ["db", "scheduler", "disk"],
    routes: (ctx) => [
      gateSyncRoutes(ensure(ctx), async () => {
        await report(ctx, ensure(ctx));
        return lastUpload ?? null;
      }),
    ],
    health: () => {
      const status = sync?.status();
      return status
        ? {
            enabled: status.enabled,
            lastSuccessAt: status.lastSuccessAt,
            lastError: status.lastError,
            programs: status.held.map((h) => `${h.programId}@${h.version}`),
            lastUpload: lastUpload ?? null,
          }
        : { enabled: false };
    },
    start(ctx) {
      const s = ensure(ctx);
      // Temporary files of downloads a kill -9 or a power cut interrupted.
      const pruned = s.pruneCache();
      if (pruned > 0) ctx.logger.info({ pruned }, "central sync: unfinished downloads removed");
      seenSeq = importSeq(ctx.db);
      watchTimer = setInterval(() => {
        const seq = importSeq(ctx.db);
        if (seq !== seenSeq) {
          seenSeq = seq;
          ctx.bus.emit("contentChanged", { entity: "central-program", id: null });
        }
      }, WATCH_MS);
      watchTimer.unref();
      // Imports in this process emit contentChanged themselves: keep the watcher from repeating it.
      unsubscribe = ctx.bus.on("contentChanged", (e) => {
        if (e.entity === "central-program") seenSeq = importSeq(ctx.db);
      });
      if (s.config.url) schedulePoll(ctx, s, 1_000);
      // A big program takes days over a thin link, all inside one poll: the central hears of its
      // progress meanwhile (a heartbeat is small; the link can spare it).
      if (s.config.url && s.config.tokenFile) {
        progressTimer = setInterval(() => {
          if (s.downloads().length > 0 && !reporting) void heartbeat(ctx, s);
        }, Math.min(s.config.pollIntervalS, 300) * 1000);
        progressTimer.unref();
      }
    },
    stop() {
      stopped = true;
      clearTimeout(pollTimer);
      clearInterval(watchTimer);
      clearInterval(progressTimer);
      unsubscribe?.();
    },
  };
  return [ext];
}
