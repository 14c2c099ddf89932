/**
 * LED sign routes under /api/v1:
 * - `GET /signs` · `GET /signs/{id}`: each sign with its profile and driver status;
 * - `POST /signs/{id}/render`: a preview of the pixels the sign would get for a message: a PNG of every
 *   language frame stacked (`?frame=N` one frame; `?slide=N` the exact picture of one slide sent to the
 *   sign), or `?format=json` for the pixels as rows of colour codes, frames and slides;
 * - `GET /signs/{id}/showing.png`: the slides the sign is meant to show now, stacked (`?slide=N` one);
 * - `POST /signs/{id}/refresh`: read back (or re-send) now.
 * The preview runs the same code as the sign's update (render per language → slides → protocol plan).
 * The two POSTs need an operator's session (and the CSRF token, like every console write); the GETs are
 * open like the other read routes.
 */

import { Router } from "express";
import { z } from "zod";
import { requireRole } from "../auth/roles.js";
import type { Settings } from "../config/settings.js";
import type { SignProfile } from "../config/sign-profile-schema.js";
import type { SignConfig } from "../config/site-schema.js";
import type { Context } from "../context.js";
import { localizedSchema } from "../domain/schemas.js";
import type { Lang, Localized } from "../domain/types.js";
import { HttpError, parseOr400 } from "../errors.js";
import { composeSlides, type SlideShow, showRequestOf, stackFrames } from "../signs/driver/compose.js";
import { DUAL_CLOCK_ID, isDualClockItem, languagesOf, renderLanguages } from "../signs/led-text.js";
import { protocols } from "../signs/protocols/index.js";
import type { Bitmap } from "../signs/protocols/types.js";
import { bitmapToPng, bitmapToRows, type RenderedFrame, renderDualClock } from "../signs/render/index.js";

const renderBodySchema = z.union(
  [z.strictObject({ text: localizedSchema }), z.strictObject({ messageId: z.string().min(1).max(100) })],
  { error: 'expected {"text":{"vi":…}} or {"messageId":…}' },
);

const renderQuerySchema = z.object({
  format: z.enum(["png", "json"]).default("png"),
  frame: z.coerce.number().int().min(0).optional(),
  slide: z.coerce.number().int().min(0).optional(),
  scale: z.coerce.number().int().min(1).max(16).optional(),
});

interface Preview {
  frames: RenderedFrame[];
  show: SlideShow;
}

/** Slide `n` of a slide show, or all of them stacked. */
function pick(show: SlideShow, n: number | undefined): Bitmap {
  if (n === undefined) {
    const first = show.slides[0]?.bitmap;
    return stackFrames(
      show.slides.map((c) => c.bitmap),
      first ?? { width: 1, height: 1 },
    );
  }
  const slide = show.slides[n];
  if (!slide) {
    throw new HttpError(
      400,
      "invalid",
      `slide: there are ${show.slides.length} slides (0–${show.slides.length - 1})`,
      "slide",
    );
  }
  return slide.bitmap;
}

function png(res: import("express").Response, bitmap: Bitmap, scale: number | undefined): void {
  res.type("image/png").send(bitmapToPng(bitmap, scale === undefined ? {} : { scale }));
}

/**
 * What the routes need of the running signs: the sign extension, which mounts these routes and passes
 * itself. Named here rather than imported, so the routes and the extension do not import each other.
 */
export interface SignRoutesHost {
  readonly settings: Settings;
  config(id: string): { sign: SignConfig; profile: SignProfile } | undefined;
  /** Every sign's status, answered as JSON as it is. */
  list(): readonly object[];
  status(id: string): object | undefined;
  channel(id: string): { readonly slides: SlideShow | undefined; refreshNow(): void } | undefined;
}

export function signRoutes(ctx: Context, signs: SignRoutesHost): Router {
  const router = Router();
  const operator = requireRole("operator");

  const found = (id: string) => {
    const config = signs.config(id);
    if (!config) throw new HttpError(404, "not-found", `no sign "${id}"`);
    return config;
  };

  router.get("/signs", (_req, res) => {
    res.json(signs.list());
  });

  router.get("/signs/:id", (req, res) => {
    found(req.params.id);
    res.json(signs.status(req.params.id));
  });

  router.get("/signs/:id/showing.png", (req, res) => {
    found(req.params.id);
    const show = signs.channel(req.params.id)?.slides;
    if (!show) throw new HttpError(404, "not-found", `sign "${req.params.id}" has no content yet`);
    const { scale, slide } = parseOr400(renderQuerySchema, req.query, "query");
    png(res, pick(show, slide), scale);
  });

  router.post("/signs/:id/refresh", operator, (req, res) => {
    const id = String(req.params.id);
    found(id);
    const channel = signs.channel(id);
    if (!channel) throw new HttpError(409, "conflict", `sign "${id}" is not running`);
    channel.refreshNow();
    res.status(202).json({ ok: true });
  });

  router.post("/signs/:id/render", operator, (req, res) => {
    const { profile, sign } = found(String(req.params.id));
    const query = parseOr400(renderQuerySchema, req.query, "query");
    const body = parseOr400(renderBodySchema, req.body ?? {});
    const gateLanguages = signs.settings.site.languages;
    const protocol = protocols[profile.protocol];
    const target = { panel: profile.panel, limits: protocol.limits, modes: profile.modes };
    const unrenderable = (message: string, field: string) =>
      new HttpError(422, "unrenderable", message, field);

    /** Renders every language or refuses with the first that can't be shown, naming its field. */
    const renderText = (
      text: Localized,
      languages: Lang[],
      field: (l: Lang) => string,
      itemId: string,
    ): Preview => {
      if (languages.length === 0) throw unrenderable("there is no text to show in any language", field("vi"));
      const frames: RenderedFrame[] = [];
      for (const { language, result } of renderLanguages(text, languages, profile)) {
        if (!result.ok) throw unrenderable(`${language}: ${result.reason}`, field(language));
        frames.push(result);
      }
      const show = composeSlides(
        frames.map((f) => ({ itemId, language: f.language, bitmap: f.bitmap, scroll: f.scroll })),
        target,
      );
      const shown = new Set(show.slides.flatMap((c) => c.frames.map((f) => f.language)));
      const dropped = frames.find((f) => !shown.has(f.language));
      if (dropped) throw unrenderable(show.problems[0] ?? "does not fit the sign", field(dropped.language));
      return { frames, show };
    };

    let preview: Preview;
    if ("text" in body) {
      preview = renderText(
        body.text,
        languagesOf(body.text, gateLanguages, true),
        (l) => `text.${l}`,
        "preview",
      );
    } else {
      const id = body.messageId;
      const item = ctx.scheduler.content().items.get(id);
      if (id === DUAL_CLOCK_ID || (item && isDualClockItem(item))) {
        const clock = renderDualClock(Date.now(), profile);
        if (!clock.ok) throw unrenderable(clock.reason, "messageId");
        const frame = { itemId: id, language: clock.language, bitmap: clock.bitmap, scroll: clock.scroll };
        preview = { frames: [clock], show: composeSlides([frame], target) };
      } else {
        if (!item) throw new HttpError(404, "not-found", `no item "${id}"`, "messageId");
        preview = renderText(
          item.ledText,
          languagesOf(item.ledText, gateLanguages, false),
          () => "messageId",
          id,
        );
      }
    }

    const { frames, show } = preview;
    for (const slide of show.slides) {
      try {
        // The protocol's own checks: what it would refuse to send is not a preview of anything.
        protocol.show(showRequestOf(slide), { colours: profile.colors, panel: profile.panel });
      } catch (error) {
        throw unrenderable(
          `the ${profile.protocol} protocol cannot carry it: ${(error as Error).message}`,
          "text",
        );
      }
    }

    res.setHeader("X-Sign-Languages", frames.map((f) => f.language).join(","));
    res.setHeader("X-Sign-Slides", String(show.slides.length));
    if (query.format === "json") {
      res.json({
        sign: sign.id,
        width: profile.panel.width,
        height: profile.panel.height,
        languages: frames.map((f) => f.language),
        scroll: frames.some((f) => f.scroll),
        frames: frames.map((f) => bitmapToRows(f.bitmap)),
        details: frames.map((f) => ({
          language: f.language,
          width: f.bitmap.width,
          height: f.bitmap.height,
          fontSize: f.fontSize,
          fontFamily: f.fontFamily,
          lines: f.lineTexts,
          scroll: f.scroll,
        })),
        slides: show.slides.map((c) => ({
          layout: c.layout,
          effect: c.effect,
          dwellMs: c.dwellMs,
          languages: c.frames.map((f) => f.language),
          width: c.bitmap.width,
          height: c.bitmap.height,
          rows: bitmapToRows(c.bitmap),
        })),
      });
      return;
    }
    if (query.frame !== undefined) {
      const frame = frames[query.frame];
      if (!frame) {
        throw new HttpError(
          400,
          "invalid",
          `frame: there are ${frames.length} frames (0–${frames.length - 1})`,
          "frame",
        );
      }
      png(res, frame.bitmap, query.scale);
      return;
    }
    if (query.slide !== undefined) {
      png(res, pick(show, query.slide), query.scale);
      return;
    }
    png(
      res,
      stackFrames(
        frames.map((f) => f.bitmap),
        profile.panel,
      ),
      query.scale,
    );
  });

  return router;
}
