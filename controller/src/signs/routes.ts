/**
 * LED sign routes under /api/v1:
 * - `GET /signs` · `GET /signs/{id}`: each sign with its profile and driver status;
 * - `POST /signs/{id}/render`: a preview of the pixels the sign would get for a message: a PNG of every
 *   language frame stacked (`?frame=N` one frame; `?slide=N` the exact picture of one slide sent to the
 *   sign), or `?format=json` for the pixels as rows of colour codes, frames and slides;
 * - `GET /signs/{id}/showing.png`: the slides the sign is meant to show now, stacked (`?slide=N` one);
 * - `POST /signs/{id}/refresh`: read back (or re-send) now.
 * The preview runs the sign pipeline (`pipeline.ts`) the driver feed runs, against the sign's own target
 * (address and memory), and refuses what the sign would not get: a language that cannot be rendered, a
 * frame the slides leave out, slides the protocol cannot carry.
 * The two POSTs need an operator's session (and the CSRF token, like every console write); the GETs are
 * open like the other read routes.
 */

import { type Response, Router } from "express";
import { z } from "zod";
import { requireRole } from "../auth/roles.js";
import type { SignProfile } from "../config/sign-profile-schema.js";
import type { SignConfig } from "../config/site-schema.js";
import { formatSignLayouts, type SignRender, type SignStatus } from "../contract/signs.js";
import { localizedSchema } from "../domain/schemas.js";
import type { ContentItem, Lang } from "../domain/types.js";
import { HttpError, parseOr400 } from "../errors.js";
import { type SlideShow, stackFrames } from "./driver/compose.js";
import { DUAL_CLOCK_ID, itemMessage, type SignMessage } from "./led-text.js";
import { previewSignPipeline } from "./pipeline.js";
import type { Bitmap, SignTarget } from "./protocols/types.js";
import { bitmapToPng, bitmapToRows } from "./render/index.js";

// An item is named `itemId`, as everywhere in the API; `messageId`, its name here before, is still
// taken for one release (docs/api.md, deprecated).
const renderBodySchema = z.union(
  [
    z.strictObject({ text: localizedSchema }),
    z.strictObject({ itemId: z.string().min(1).max(100) }),
    z.strictObject({ messageId: z.string().min(1).max(100) }),
  ],
  { error: 'expected {"text":{"vi":…}} or {"itemId":…}' },
);

const renderQuerySchema = z.object({
  format: z.enum(["png", "json"]).default("png"),
  frame: z.coerce.number().int().min(0).optional(),
  slide: z.coerce.number().int().min(0).optional(),
  scale: z.coerce.number().int().min(1).max(16).optional(),
});

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

function png(res: Response, bitmap: Bitmap, scale: number | undefined): void {
  res.type("image/png").send(bitmapToPng(bitmap, scale === undefined ? {} : { scale }));
}

/** What the routes need of the signs: the sign extension gives it, which mounts them. */
export interface SignRoutesDeps {
  /** A sign of the site file, with its profile and its target (address, panel, memory). */
  readonly sign: (id: string) => { sign: SignConfig; profile: SignProfile; target: SignTarget } | undefined;
  /** Every sign's status, answered as JSON as it is. */
  readonly list: () => readonly SignStatus[];
  readonly status: (id: string) => SignStatus | undefined;
  readonly channel: (
    id: string,
  ) => { readonly slides: SlideShow | undefined; refreshNow(): void } | undefined;
  /** The items a message id names. */
  readonly items: () => ReadonlyMap<string, Pick<ContentItem, "ledText">>;
  /** The gate's languages, in its order. */
  readonly languages: readonly Lang[];
  /** Wall clock for the dual clock (epoch ms). */
  readonly now: () => number;
}

export function signRoutes(deps: SignRoutesDeps): Router {
  const router = Router();
  const operator = requireRole("operator");

  const found = (id: string) => {
    const config = deps.sign(id);
    if (!config) throw new HttpError(404, "not-found", `no sign "${id}"`);
    return config;
  };

  router.get("/signs", (_req, res) => {
    res.json(deps.list());
  });

  router.get("/signs/:id", (req, res) => {
    found(req.params.id);
    res.json(deps.status(req.params.id));
  });

  router.get("/signs/:id/showing.png", (req, res) => {
    found(req.params.id);
    const show = deps.channel(req.params.id)?.slides;
    if (!show) throw new HttpError(404, "not-found", `sign "${req.params.id}" has no content yet`);
    const { scale, slide } = parseOr400(renderQuerySchema, req.query, "query");
    png(res, pick(show, slide), scale);
  });

  router.post("/signs/:id/refresh", operator, (req, res) => {
    const id = String(req.params.id);
    found(id);
    const channel = deps.channel(id);
    if (!channel) throw new HttpError(409, "conflict", `sign "${id}" is not running`);
    channel.refreshNow();
    res.status(202).json({ ok: true });
  });

  router.post("/signs/:id/render", operator, (req, res) => {
    const { profile, sign, target } = found(String(req.params.id));
    const query = parseOr400(renderQuerySchema, req.query, "query");
    const body = parseOr400(renderBodySchema, req.body ?? {});
    const unrenderable = (message: string, field: string) =>
      new HttpError(422, "unrenderable", message, field);

    let message: SignMessage;
    /** The request's field a refusal names. */
    let field: (language: Lang) => string;
    if ("text" in body) {
      message = { itemId: "preview", kind: "text", text: body.text };
      field = (l) => `text.${l}`;
    } else {
      const [name, id] = "itemId" in body ? ["itemId", body.itemId] : ["messageId", body.messageId];
      const item = deps.items().get(id);
      if (id === DUAL_CLOCK_ID) message = { itemId: id, kind: "dualClock" };
      else if (item) message = itemMessage(id, item);
      else throw new HttpError(404, "not-found", `no item "${id}"`, name);
      field = () => name;
    }

    const preview = previewSignPipeline(
      { profile, target },
      { messages: [message], problems: [] },
      // A text not yet an item shows every language it has; an item, the gate's, as on the sign.
      { languages: deps.languages, now: deps.now(), extraLanguages: "text" in body },
    );
    const failed = preview.failures[0];
    if (failed) {
      throw failed.language === undefined
        ? unrenderable(failed.reason, "messageId")
        : unrenderable(`${failed.language}: ${failed.reason}`, field(failed.language));
    }
    if (preview.frames.length === 0)
      throw unrenderable("there is no text to show in any language", field("vi"));
    const { show } = preview;
    const shown = new Set(show.slides.flatMap((c) => c.frames.map((f) => f.language)));
    const dropped = preview.frames.find((f) => !shown.has(f.language));
    if (dropped)
      throw unrenderable(show.problems[0] ?? "does not fit the sign", field(dropped.rendered.language));
    if (!preview.plan.ok) {
      // The protocol's own checks: what it would refuse to send is not a preview of anything.
      throw unrenderable(
        `the ${profile.protocol} protocol cannot carry it: ${preview.plan.error.message}`,
        "text",
      );
    }
    const { summary } = preview.plan;
    const frames = preview.frames.map((f) => f.rendered);

    res.setHeader("X-Sign-Languages", frames.map((f) => f.language).join(","));
    res.setHeader("X-Sign-Slides", String(show.slides.length));
    res.setHeader(
      "X-Sign-Layout",
      formatSignLayouts(frames.map((f) => ({ language: f.language, ...f.layout }))),
    );
    if (query.format === "json") {
      const answer: SignRender = {
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
          layout: f.layout,
        })),
        slides: show.slides.map((c, index) => {
          // Set only where the sign's memory cannot hold the slide: the sign would not get it.
          const notShown = summary.slides[index]?.notShown;
          return {
            layout: c.layout,
            effect: c.effect,
            dwellMs: c.dwellMs,
            languages: c.frames.map((f) => f.language),
            width: c.bitmap.width,
            height: c.bitmap.height,
            rows: bitmapToRows(c.bitmap),
            ...(notShown === undefined ? {} : { notShown }),
          };
        }),
      };
      res.json(answer);
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
