import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Express, Router } from "express";
import { Server as SocketServer } from "socket.io";
import { auditRoutes } from "./audit/routes.js";
import { Auth } from "./auth/auth.js";
import { authRoutes } from "./auth/routes.js";
import { centralRoutes } from "./central/routes.js";
import type { Settings } from "./config/settings.js";
import { emergencyRoutes } from "./content/emergency-routes.js";
import { importPackOnce, readPack } from "./content/pack.js";
import { contentRoutes } from "./content/routes.js";
import { type ControllerContext, contextFor } from "./context.js";
import { EventBus } from "./event-bus.js";
import { type Extension, routesOf } from "./extension.js";
import { createApp } from "./http/app.js";
import { guardConnections } from "./http/connection-guard.js";
import type { HealthSection } from "./http/health.js";
import { lowDiskGuard } from "./http/low-disk-guard.js";
import { HTTP_LIMITS, httpServerOptions, SOCKET_LIMITS, socketServerOptions } from "./http/server-limits.js";
import { guardSockets } from "./http/socket-guard.js";
import type { Logger } from "./log.js";
import { mediaRoutes } from "./media/routes.js";
import { DiskGuard } from "./ops/disk-guard.js";
import { StopSequence } from "./ops/stop-sequence.js";
import { notifySystemd } from "./ops/systemd.js";
import { playoutRoutes } from "./playout/routes.js";
import { Scheduler } from "./playout/scheduler.js";
import { publishingRoutes } from "./publishing/routes.js";
import { reportsExtension } from "./reports/reports-extension.js";
import { SYSTEM } from "./store/audit-repo.js";
import { BUSY_TIMEOUT_MS, openDatabase } from "./store/database.js";

export interface RunningController {
  ctx: ControllerContext;
  /** The express app (engine.io wraps it on the server: read its routes here, not from the server). */
  app: Express;
  url: string;
  /** Stops the features (reverse start order), the scheduler, the HTTP server and the store. */
  stop(): Promise<void>;
  /** While a stop runs: the part being stopped (what a stop that overran its deadline waits on). */
  readonly stoppingPart: string | undefined;
}

/**
 * Opens the store, imports the gate's pack once, starts the features and the HTTP server.
 * `extensions` are the gate's running features (extensions.ts `defaultExtensions`; tests pass a few).
 */
export async function startController(
  settings: Settings,
  logger: Logger,
  extensions: Extension[] = [],
): Promise<RunningController> {
  // Validate the pack before touching the database: a broken pack must not leave a half-made store.
  const pack = readPack(settings.contentDir, settings.site.contentPack);
  const db = openDatabase(settings.dataDir, undefined, BUSY_TIMEOUT_MS.serving);
  // socket.io attaches after the express app is the server's request handler (below): engine.io then
  // wraps that handler and sends /socket.io/ to the engine only. Attached first, both would answer the
  // same request and the second answer would throw ERR_HTTP_HEADERS_SENT, ending the process.
  const server = http.createServer(httpServerOptions());
  server.maxHeadersCount = HTTP_LIMITS.maxHeadersCount;
  const io = new SocketServer(socketServerOptions());
  // A listener that throws is its own failure: logged, and the other listeners still run.
  const bus = new EventBus((error, event) =>
    logger.error({ err: error, event }, "a listener of a bus event failed; the others ran"),
  );
  const scheduler = new Scheduler(db, settings.site, bus, logger);
  const storage = settings.site.storage;
  const disk = new DiskGuard(
    settings.dataDir,
    {
      minFreeBytes: storage.minFreeMB * 1024 * 1024,
      minFreePercent: storage.minFreePercent,
      checkIntervalMs: storage.checkIntervalS * 1000,
    },
    logger,
  );
  const ctx: ControllerContext = { settings, db, logger, bus, io, scheduler, startedAt: Date.now(), disk };
  const result = importPackOnce(db, pack, SYSTEM);
  if (result.imported) {
    logger.info({ pack: pack.id, ...result }, "imported the gate's default content pack");
  } else {
    logger.info(
      { pack: pack.id, importedAt: result.importedAt },
      "content pack imported earlier; keeping operators' content",
    );
  }

  // At a central office every account signs or sees what all gates trust: all need a second factor.
  const auth = new Auth(db, logger, {
    secondFactorForAll: settings.site.role === "central",
    siteLabel: settings.site.id,
  });
  // Every feature of the controller, in one list: those that are only routes, then the running ones
  // (kiosk hub, signs, central sync, maintenance) in start order. Each gets the services it names.
  const features: Extension[] = [
    routesOf("auth", ["db"], (c) => authRoutes(c, auth)),
    routesOf("publishing", ["db"], publishingRoutes),
    routesOf("media", ["db", "disk"], mediaRoutes),
    routesOf("playout", ["scheduler"], playoutRoutes),
    routesOf("content", ["db", "scheduler"], contentRoutes),
    routesOf("emergency", ["db"], emergencyRoutes),
    routesOf("audit", ["db"], auditRoutes),
    routesOf("central-office", ["db", "disk"], centralRoutes),
    // Routes, and at a central office the six-monthly report job.
    reportsExtension(),
    ...extensions,
  ];
  const contexts = new Map(features.map((f) => [f, contextFor(ctx, f.needs)]));
  const api: Router[] = [];
  const health = new Map<string, HealthSection>();
  for (const feature of features) {
    api.push(...(feature.routes?.(contexts.get(feature) ?? ctx) ?? []));
    if (feature.health) health.set(feature.name, feature.health);
  }
  const app = createApp(ctx, { api, health, apiGuards: [...auth.guards(), lowDiskGuard(ctx)] });
  server.on("request", app);
  io.attach(server);
  guardSockets(io, SOCKET_LIMITS, logger);
  guardConnections(server, HTTP_LIMITS, logger);
  try {
    await listen(server, settings.port, settings.host);
  } catch (error) {
    db.close();
    throw error;
  }
  // Once listening, an error of the server (an accept failing with EMFILE when descriptors run out)
  // would end the process without a listener: log it and keep serving the connections that work.
  server.on("error", (error) =>
    logger.error({ err: error }, "the HTTP server reported an error; still serving"),
  );

  scheduler.start();
  disk.start();
  const started: Extension[] = [];
  for (const ext of features) {
    try {
      await ext.start?.(contexts.get(ext) ?? ctx);
      started.push(ext);
    } catch (error) {
      logger.error({ err: error, extension: ext.name }, "extension failed to start; the rest keep running");
    }
  }

  const { port } = server.address() as AddressInfo;
  const url = `http://${settings.host.includes(":") ? `[${settings.host}]` : settings.host}:${port}`;
  const systemd = notifySystemd(ctx, url);
  const sequence = new StopSequence(logger);
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      systemd.stopping();
      // The running features in reverse start order: central sync before the signs it reports on,
      // the signs before the kiosk hub, and all of them while the store and the server are still there.
      for (const ext of started.reverse()) {
        if (ext.stop) await sequence.step(ext.label ?? ext.name, () => ext.stop?.());
      }
      await sequence.step("scheduler", () => scheduler.stop());
      await sequence.step("disk guard", () => disk.stop());
      await sequence.step(
        "HTTP server",
        async () => {
          // Kiosks and browsers hold long-lived connections: close the idle ones now and force the rest
          // after 2 s, so a stopping controller never waits on a client (socket.io's close waits for them).
          server.closeIdleConnections();
          const force = setTimeout(() => server.closeAllConnections(), 2000);
          force.unref();
          await Promise.race([
            io.close().catch(() => undefined),
            new Promise((resolve) => setTimeout(resolve, 2500).unref()),
          ]);
          clearTimeout(force);
          server.closeAllConnections();
        },
        "HTTP server closed",
      );
      // better-sqlite3 is synchronous: no write can be in flight once we get here.
      await sequence.step("database", () => db.close(), "database closed");
    })();
    return stopping;
  };
  return {
    ctx,
    app,
    url,
    stop,
    get stoppingPart() {
      return sequence.current;
    },
  };
}

export class ListenError extends Error {
  override name = "ListenError";
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === "EADDRINUSE"
          ? `port ${port} on ${host} is already in use (another gatecast? set PORT to another port)`
          : error.code === "EACCES"
            ? `no permission to listen on ${host}:${port} (ports below 1024 need privileges)`
            : `cannot listen on ${host}:${port}: ${error.message}`;
      reject(new ListenError(reason));
    };
    server.once("error", onError);
    server.listen({ port, host, backlog: HTTP_LIMITS.listenBacklog }, () => {
      server.off("error", onError);
      resolve();
    });
  });
}
