import type { Readable } from "node:stream";
import { Router } from "express";
import { actorOf, requireRole } from "../auth/roles.js";
import type { FeatureContext } from "../context.js";
import type { StoredMedia } from "../contract/media.js";
import { HttpError } from "../errors.js";
import { getMedia, listMedia, mediaBytes } from "../store/media-repo.js";
import { MediaError, mediaPath, storeMedia } from "./media-store.js";

type MediaRoutesContext = FeatureContext<"db" | "disk">;

/** Reads and drops what is left of a request body, for at most `ms`. */
function discardRest(req: Readable, ms: number): Promise<void> {
  if (req.readableEnded || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, ms);
    req.once("end", done);
    req.once("close", done);
    req.resume();
  });
}

/** All media together stays under the site's `storage.budgets.mediaMB`. */
function assertMediaBudget(ctx: MediaRoutesContext, incoming: number): void {
  const budget = ctx.settings.site.storage.budgets.mediaMB * 1024 * 1024;
  const used = mediaBytes(ctx.db);
  if (used + incoming > budget) {
    throw new HttpError(
      507,
      "media-budget",
      `media files take ${Math.round(used / 1048576)} MB of the ${budget / 1048576} MB budget: ` +
        "remove unused media or raise storage.budgets.mediaMB",
    );
  }
}

/** `POST /media` (operators; raw body) and `GET /media/{sha256}` (public: kiosks show it). */
export function mediaRoutes(ctx: MediaRoutesContext): Router {
  const router = Router();
  const dataDir = ctx.settings.dataDir;

  router.get("/media", requireRole("operator"), (_req, res) => {
    res.json(listMedia(ctx.db) satisfies StoredMedia[]);
  });

  router.post("/media", requireRole("operator"), async (req, res) => {
    const name = typeof req.query.name === "string" ? req.query.name : null;
    const declared = Number(req.headers["content-length"] ?? 0) || 0;
    // Refused before a byte is read: low disk, or a file that would take the disk or the media
    // budget past its limit (a request without a length is caught by ENOSPC or the next sample).
    ctx.disk.assertRoomFor("a media upload", declared);
    assertMediaBudget(ctx, declared);
    try {
      const { record, created } = await storeMedia(ctx.db, dataDir, actorOf(req), req, name, {
        tools: ctx.settings.mediaTools,
        claimedType: req.headers["content-type"] ?? null,
      });
      res.status(created ? 201 : 200).json(record satisfies StoredMedia);
    } catch (error) {
      if (error instanceof MediaError) {
        throw new HttpError(
          error.status,
          error.code ?? (error.status === 415 ? "unsupported-media" : "invalid"),
          error.message,
          "file",
        );
      }
      const translated = ctx.disk.translate("a media upload", error);
      // Answered before the whole body was read (disk full mid-file): discard the rest for a while
      // so the client reads the reason instead of a reset connection.
      if (translated !== error) {
        await discardRest(req, 5000);
        res.setHeader("Connection", "close");
      }
      throw translated;
    }
  });

  /** One file's record (probe, poster) for the item editor, without listing every file. */
  router.get("/media/:sha256/info", requireRole("operator"), (req, res) => {
    const sha256 = String(req.params.sha256);
    const record = /^[0-9a-f]{64}$/.test(sha256) ? getMedia(ctx.db, sha256) : undefined;
    if (!record) throw new HttpError(404, "not-found", "no media file with that hash");
    res.json(record satisfies StoredMedia);
  });

  router.get("/media/:sha256", (req, res, next) => {
    const { sha256 } = req.params;
    const record = /^[0-9a-f]{64}$/.test(sha256) ? getMedia(ctx.db, sha256) : undefined;
    if (!record) throw new HttpError(404, "not-found", "no media file with that hash");
    res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.sendFile(mediaPath(dataDir, record.sha256), { headers: { "Content-Type": record.mime } }, (error) => {
      if (error && !res.headersSent)
        next(new HttpError(404, "not-found", "the media file is missing on disk"));
    });
  });
  return router;
}
