/**
 * Central programs over HTTP. At a central office (`role: central`): composing and signing programs
 * (admins), the bundle store the gates read (public: what is in a bundle shows on public screens, and
 * every byte is signed), heartbeats (per-gate token) and the fleet. At a gate: sync now and its status
 * (mounted by the gate's central extension, extension.ts, which owns the sync).
 */
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { type Request, type Response, Router } from "express";
import { z } from "zod";
import { actorOf, requireRole } from "../auth/roles.js";
import type { FeatureContext } from "../context.js";
import type { FleetGate, SyncAnswer, Upload } from "../contract/central.js";
import { idSchema } from "../domain/schemas.js";
import { HttpError, parseOr400 } from "../errors.js";
import {
  bundleGeneration,
  getBundle,
  latestBundlesFor,
  storeHeartbeat,
} from "../store/central-office-repo.js";
import { uploadTotals } from "../store/uploads-repo.js";
import { bundleFileChunks } from "./bundle.js";
import type { GateSync } from "./gate-sync.js";
import { KeyError, readSigningKey } from "./keys.js";
import {
  bundleFile,
  bundleFilePaths,
  fleet,
  gateForToken,
  getProgram,
  heartbeatSchema,
  listPrograms,
  publishProgram,
  saveProgram,
} from "./office.js";
import { TokenThrottle } from "./token-throttle.js";
import { storeUpload, uploadSchema } from "./uploads.js";

const gateQuery = z.strictObject({ gate: idSchema });
const bundleParams = z.object({ programId: idSchema, version: z.coerce.number().int().min(1) });
/** Gates poll every pollIntervalS (default 300 s): the fleet marks a gate stale after 3 of those. */
const HEARTBEAT_INTERVAL_S = 300;

function bearerOf(req: Request): string | undefined {
  const auth = req.get("authorization");
  return auth?.startsWith("Bearer ") ? auth.slice(7) : undefined;
}

/** What the central office's routes need: the store, the site (its role, its gates), the disk guard. */
export type CentralRouteDeps = FeatureContext<"db" | "disk">;

function officeOf(ctx: CentralRouteDeps) {
  const central = ctx.settings.site.central;
  return central && "gates" in central ? central : undefined;
}

/** The central office's routes; none at a gate. */
export function centralRoutes(ctx: CentralRouteDeps): Router {
  const router = Router();
  if (ctx.settings.site.role !== "central") return router;
  const office = officeOf(ctx);
  const { db } = ctx;
  const dataDir = ctx.settings.dataDir;

  // Reading is a supervisor's (the fleet shows whether gates hold the latest); composing an admin's.
  router.get("/central/programs", requireRole("supervisor"), (_req, res) => {
    res.json(listPrograms(db));
  });
  router.get("/central/programs/:id", requireRole("supervisor"), (req, res) => {
    const program = getProgram(db, req.params.id as string);
    if (!program) throw new HttpError(404, "not-found", `no program "${req.params.id}"`);
    res.json(program);
  });
  router.post("/central/programs", requireRole("admin"), (req, res) => {
    const { program, created } = saveProgram(db, office, actorOf(req), req.body);
    res.status(created ? 201 : 200).json(program);
  });
  router.post("/central/programs/:id/publish", requireRole("admin"), (req, res) => {
    let key: ReturnType<typeof readSigningKey>;
    try {
      key = readSigningKey(process.env.GATECAST_SIGNING_KEY);
    } catch (error) {
      if (error instanceof KeyError) throw new HttpError(503, "no-signing-key", error.message);
      throw error;
    }
    const bundle = publishProgram(db, dataDir, actorOf(req), req.params.id as string, key);
    res.status(201).json(bundle.manifest);
  });

  // Every gate polls this, and nearly always gets a 304: each gate's answer is kept until a bundle is
  // published (bundles are only ever added, so the newest rowid says whether anything changed).
  const lists = new Map<string, { generation: number; body: string; etag: string }>();
  const generationOf = bundleGeneration(db);
  router.get("/central/bundles", (req, res) => {
    const { gate } = parseOr400(gateQuery, req.query, "query");
    const generation = generationOf();
    let list = lists.get(gate);
    if (list?.generation !== generation) {
      const bundles = latestBundlesFor(db, gate).map((b) => ({
        programId: b.programId,
        version: b.version,
        manifest: b.manifestBytes.toString("base64"),
        sig: b.sig,
      }));
      const body = JSON.stringify({ gate, bundles });
      const etag = `"${createHash("sha256").update(body).digest("hex").slice(0, 32)}"`;
      list = { generation, body, etag };
      // Gate ids are checked (idSchema) but not known: bound the cache against a flood of made-up ones.
      if (lists.size >= 10_000) lists.clear();
      lists.set(gate, list);
    }
    const { body, etag } = list;
    res.setHeader("ETag", etag);
    res.setHeader("Cache-Control", "no-cache");
    const inm = req.get("if-none-match");
    if (inm?.split(",").some((t) => t.trim() === etag)) {
      res.status(304).end();
      return;
    }
    res.type("application/json").send(body);
  });

  const bundleOr404 = (params: unknown) => {
    const { programId, version } = parseOr400(bundleParams, params, "path");
    const bundle = getBundle(db, programId, version);
    if (!bundle) throw new HttpError(404, "not-found", `no bundle ${programId} v${version}`);
    return bundle;
  };
  router.get("/central/bundles/:programId/:version/manifest.json", (req, res) => {
    const bundle = bundleOr404(req.params);
    res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
    res.type("application/json").send(bundle.manifestBytes);
  });
  router.get("/central/bundles/:programId/:version/manifest.sig", (req, res) => {
    const bundle = bundleOr404(req.params);
    res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
    res.type("text/plain").send(bundle.sig);
  });
  router.get("/central/bundles/:programId/:version/bundle.json", async (req, res) => {
    const bundle = bundleOr404(req.params);
    const files = bundleFilePaths(db, dataDir, bundle.programId, bundle.version);
    if (!files) throw new HttpError(404, "not-found", "a file of this bundle is missing on disk");
    res.setHeader(
      "Content-Disposition",
      `attachment; filename="${bundle.programId}-v${bundle.version}.gcbundle.json"`,
    );
    res.type("application/json");
    // Streamed from disk: a 1 GB bundle is never one string (nor one Buffer) at the central.
    await pipeline(Readable.from(bundleFileChunks({ ...bundle, files })), res).catch(() => res.destroy());
  });
  router.get("/central/bundles/:programId/:version/files/:sha256", (req, res, next) => {
    const bundle = bundleOr404(req.params);
    const file = bundleFile(db, dataDir, bundle.programId, bundle.version, String(req.params.sha256));
    if (!file) throw new HttpError(404, "not-found", "this bundle has no such file");
    res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
    // A strong ETag on the content hash: a gate resuming with If-Range gets the rest of this very
    // file (206), or the whole of it (200), never the tail of another. send honours Range and If-Range.
    res.setHeader("ETag", `"${String(req.params.sha256)}"`);
    res.sendFile(file, { headers: { "Content-Type": "application/octet-stream" } }, (error) => {
      if (error && !res.headersSent) next(new HttpError(404, "not-found", "the file is missing on disk"));
    });
  });

  // Gate tokens: an address that keeps sending wrong ones waits longer and longer (429), checked
  // before anything else of the request is read. Per address, so a stranger locks out only himself.
  const throttle = new TokenThrottle();
  const notThrottled = (req: Request, res: Response): string => {
    const address = req.ip ?? req.socket.remoteAddress ?? "unknown";
    const wait = throttle.retryAfterS(address);
    if (wait > 0) {
      res.setHeader("Retry-After", String(wait));
      throw new HttpError(
        429,
        "too-many-attempts",
        `too many wrong gate tokens from this address; wait ${wait} s`,
      );
    }
    return address;
  };
  const authenticate = (address: string, req: Request, gate: string): void => {
    if (!gateForToken(office, gate, bearerOf(req))) {
      throttle.failed(address);
      throw new HttpError(401, "unauthenticated", "unknown gate or wrong token");
    }
    throttle.succeeded(address);
  };
  router.post("/central/heartbeat", (req, res) => {
    const address = notThrottled(req, res);
    const beat = parseOr400(heartbeatSchema, req.body, "body");
    authenticate(address, req, beat.gate);
    storeHeartbeat(db, beat.gate, req.ip ?? null, beat);
    res.status(204).end();
  });
  router.post("/central/uploads", (req, res) => {
    const address = notThrottled(req, res);
    const upload = parseOr400(uploadSchema, req.body, "body");
    authenticate(address, req, upload.gate);
    // Low disk at the central: 507, and the gate keeps the rows and sends them again later.
    res.json(ctx.disk.guard(`proof of play uploaded by ${upload.gate}`, () => storeUpload(db, upload)));
  });
  router.get("/central/fleet", requireRole("supervisor"), (_req, res) => {
    const uploads = uploadTotals(db);
    res.json(
      fleet(db, office, HEARTBEAT_INTERVAL_S).map(
        (g): FleetGate => ({ ...g, uploads: uploads.get(g.id) ?? null }),
      ),
    );
  });
  return router;
}

/**
 * A gate's `POST /sync` (operator+: pull programs, then send the heartbeat and what is pending of
 * proof of play) and `GET /sync/status`.
 */
export function gateSyncRoutes(sync: GateSync, report: () => Promise<Upload | null>): Router {
  const router = Router();
  router.get("/sync/status", requireRole("operator"), (_req, res) => {
    res.json(sync.status());
  });
  router.post("/sync", requireRole("operator"), async (_req, res) => {
    if (!sync.config.url) {
      throw new HttpError(
        409,
        "no-central",
        "this gate has no central.url: use `gatecast bundle import` for USB bundles",
      );
    }
    const outcomes = await sync.syncNow();
    const upload = await report();
    res.json({ outcomes, upload, status: sync.status() } satisfies SyncAnswer);
  });
  return router;
}
