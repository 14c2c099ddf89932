import { existsSync } from "node:fs";
import path from "node:path";
import express, { type Express, type RequestHandler, type Router } from "express";
import { ROOT_DIR } from "../config/settings.js";
import type { FeatureContext } from "../context.js";
import { HttpError } from "../errors.js";
import { consoleGuard } from "./console-guard.js";
import { errorHandler, notFound } from "./errors.js";
import { type HealthSection, healthRouter } from "./health.js";
import { securityHeaders } from "./security.js";

export interface AppParts {
  /** Routers mounted under /api/v1. */
  api: Router[];
  health: Map<string, HealthSection>;
  /** Run before every /api/v1 route, before the body is parsed: session loading, CSRF checks. */
  apiGuards?: RequestHandler[];
}

/** The built UI apps (vite build output); served when present. */
export const UI_DIST = path.join(ROOT_DIR, "display-ui", "dist");

export function createApp(ctx: FeatureContext<"db" | "disk">, parts: AppParts): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", "loopback");
  app.use(securityHeaders());
  // Before anything answers a console page or a login: a kiosk's browser never gets one (issue #19).
  app.use(consoleGuard(ctx.settings.consoleAllow));
  app.use(healthRouter(ctx, parts.health));
  const api = express.Router();
  for (const guard of parts.apiGuards ?? []) api.use(guard);
  api.use(express.json({ limit: "256kb" }));
  for (const router of parts.api) api.use(router);
  api.use(notFound);
  app.use("/api/v1", api);
  for (const uiApp of ["kiosk", "console", "screen"]) {
    const dir = path.join(UI_DIST, uiApp);
    if (!existsSync(dir)) {
      app.use(`/${uiApp}`, (_req, _res, next) =>
        next(new HttpError(503, "ui-not-built", `the ${uiApp} app is not built: run npm start`)),
      );
      continue;
    }
    // Hashed assets never change under their name: cached for good. The document and the service
    // worker must be asked for every time, or a kiosk would never see a new build.
    const setHeaders = (res: express.Response, file: string) => {
      const immutable = file.includes(`${path.sep}assets${path.sep}`);
      res.setHeader("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
    };
    app.use(`/${uiApp}`, express.static(dir, { index: "index.html", setHeaders }));
    // Client-side routes (no file extension) get the app's document; a missing asset stays a 404.
    app.get(`/${uiApp}/*rest`, (req, res, next) => {
      if (path.extname(req.path) !== "") return next();
      res.setHeader("Cache-Control", "no-cache");
      res.sendFile(path.join(dir, "index.html"));
    });
  }
  app.get("/", (_req, res) => res.redirect("/kiosk/"));
  app.use(notFound);
  app.use(errorHandler(ctx.logger, () => ctx.disk.noteFull()));
  return app;
}
