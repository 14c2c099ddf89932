/**
 * HTTP hardening for every answer (API and the two UI apps): helmet's headers with our own strict
 * Content-Security-Policy. Gates serve plain HTTP on their LAN, so nothing here assumes HTTPS.
 */
import type { RequestHandler } from "express";
import helmet from "helmet";

/**
 * Both apps are Vite builds of Lit: scripts and styles come from our own files (no inline script, no
 * eval). Checked in Chromium under this policy: Lit's `static styles` (constructable stylesheets) and
 * CSSOM writes (`el.style.setProperty(...)`, CSS custom properties) work without 'unsafe-inline'.
 * Blocked, so not to be used in UI code: `style="…"` in templates, `<style>` elements, and Lit's
 * `styleMap` (its first render writes the style attribute as text). Use classes, or set properties in
 * `updated()`. If that proves too tight, relax only `style-src-attr`, never `style-src` or scripts.
 */
export const CSP_DIRECTIVES = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "script-src-attr": ["'none'"],
  "style-src": ["'self'"],
  "img-src": ["'self'", "data:", "blob:"],
  "media-src": ["'self'", "blob:"],
  // socket.io to the same controller; 'self' alone covers ws: of the same host only in CSP3 browsers.
  "connect-src": ["'self'", "ws:", "wss:"],
  "font-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'self'"],
  "form-action": ["'self'"],
  // The console's preview frames the kiosk app; nobody else may frame either.
  "frame-ancestors": ["'self'"],
} as const;

/** 180 days; only sent over HTTPS (browsers ignore it over HTTP, and a LAN gate may never have TLS). */
const HSTS_MAX_AGE_S = 180 * 24 * 3600;

export function securityHeaders(): RequestHandler {
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      // Helmet's types want mutable arrays.
      directives: Object.fromEntries(Object.entries(CSP_DIRECTIVES).map(([k, v]) => [k, [...v]])),
    },
    // Our own choice per request below.
    strictTransportSecurity: false,
    // Matches frame-ancestors 'self' for browsers that only know X-Frame-Options.
    xFrameOptions: { action: "sameorigin" },
    referrerPolicy: { policy: "no-referrer" },
  });
  const hsts = helmet.strictTransportSecurity({ maxAge: HSTS_MAX_AGE_S, includeSubDomains: false });
  return (req, res, next) => {
    headers(req, res, (error?: unknown) => {
      if (error) return next(error);
      if (req.secure) return hsts(req, res, next);
      next();
    });
  };
}
