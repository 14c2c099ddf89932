import { existsSync } from "node:fs";
import path from "node:path";
import express, { type Express, type Router } from "express";
import { ROOT_DIR } from "../config/settings.js";
import type { Context } from "../context.js";
import { errorHandler, HttpError, notFound } from "./errors.js";
import { type HealthSection, healthRouter } from "./health.js";

export interface AppParts {
  /** Routers mounted under /api/v1. */
  api: Router[];
  health: Map<string, HealthSection>;
}

/** The built UI apps (vite build output); served when present. */
export const UI_DIST = path.join(ROOT_DIR, "display-ui", "dist");

export function createApp(ctx: Context, parts: AppParts): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.use(healthRouter(ctx, parts.health));
  const api = express.Router();
  api.use(express.json({ limit: "256kb" }));
  for (const router of parts.api) api.use(router);
  api.use(notFound);
  app.use("/api/v1", api);
  for (const uiApp of ["kiosk", "console"]) {
    const dir = path.join(UI_DIST, uiApp);
    app.use(
      `/${uiApp}`,
      existsSync(dir)
        ? express.static(dir, { index: "index.html" })
        : (_req, _res, next) =>
            next(new HttpError(503, "ui-not-built", `the ${uiApp} app is not built: run npm start`)),
    );
  }
  app.get("/", (_req, res) => res.redirect("/kiosk/"));
  app.use(notFound);
  app.use(errorHandler(ctx.logger));
  return app;
}
