import { Router } from "express";
import { actorOf, requireRole } from "../auth/roles.js";
import type { Context } from "../context.js";
import { getMedia, listMedia, MediaError, mediaPath, storeMedia } from "../media/media-store.js";
import { HttpError } from "./errors.js";

/** `POST /media` (operators; raw body) and `GET /media/{sha256}` (public: kiosks show it). */
export function mediaRoutes(ctx: Context): Router {
  const router = Router();
  const dataDir = ctx.settings.dataDir;

  router.get("/media", requireRole("operator"), (_req, res) => {
    res.json(listMedia(ctx.db));
  });

  router.post("/media", requireRole("operator"), async (req, res) => {
    const name = typeof req.query.name === "string" ? req.query.name : null;
    try {
      const { record, created } = await storeMedia(ctx.db, dataDir, actorOf(req), req, name);
      res.status(created ? 201 : 200).json(record);
    } catch (error) {
      if (error instanceof MediaError) {
        throw new HttpError(
          error.status,
          error.status === 415 ? "unsupported-media" : "invalid",
          error.message,
        );
      }
      throw error;
    }
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
