/**
 * Keeps the operator console and the login away from where they do not belong (issue #19):
 *
 * - **the kiosk browser**: the gate PC's kiosk and screen units start Chromium with a user agent ending
 *   in `GatecastKiosk/1`. A traveler at the kiosk controls that browser only through its screen (and a
 *   keyboard they may plug in), never its command line, so the marker cannot be taken off from there;
 *   requests carrying it get 403 `kiosk-browser` for the console and the login, so nobody can even try
 *   passwords at a kiosk, with or without the Chromium policy in force. It is no defence against a
 *   client that sends what it likes (any PC on the LAN can leave the marker out): that is what
 *   `CONSOLE_ALLOW` is for.
 * - **addresses outside `CONSOLE_ALLOW`** (when set): the console and the login are answered only to
 *   the operators' networks; kiosks and screens keep working from anywhere.
 *
 * Only the console's pages and the session and account routes are guarded: every other operator route
 * needs the session that only the login gives, and the displays' own paths must stay open.
 */
import { BlockList } from "node:net";
import type { RequestHandler } from "express";
import type { Cidr } from "../config/cidr-list.js";
import { HttpError } from "../errors.js";

/** What the kiosk and screen units add to Chromium's user agent. */
export const KIOSK_BROWSER_MARKER = "GatecastKiosk/1";
const MARKER = /\bGatecastKiosk\/\d+/;

/** The console's pages, the login (`/api/v1/session…`) and the account routes. */
const GUARDED = /^\/(console(\/|$)|api\/v1\/(session|account|users)(\/|$))/;

export function isKioskBrowser(userAgent: string | undefined): boolean {
  return userAgent !== undefined && MARKER.test(userAgent);
}

export function consoleGuard(consoleAllow: readonly Cidr[] | undefined): RequestHandler {
  let allowed: BlockList | undefined;
  if (consoleAllow && consoleAllow.length > 0) {
    allowed = new BlockList();
    for (const cidr of consoleAllow) allowed.addSubnet(cidr.address, cidr.prefix, cidr.family);
  }
  return (req, _res, next) => {
    if (!GUARDED.test(req.path)) return next();
    if (isKioskBrowser(req.get("user-agent"))) {
      return next(
        new HttpError(403, "kiosk-browser", "the console and the login are not open to a kiosk's browser"),
      );
    }
    if (allowed && !isAllowed(allowed, req.ip ?? "")) {
      return next(
        new HttpError(
          403,
          "console-not-allowed",
          "the console is open only to the operators' networks (CONSOLE_ALLOW)",
        ),
      );
    }
    next();
  };
}

function isAllowed(list: BlockList, ip: string): boolean {
  // An IPv4 client on a dual-stack socket shows as ::ffff:10.0.5.7.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1]) return list.check(mapped[1], "ipv4");
  return list.check(ip, ip.includes(":") ? "ipv6" : "ipv4");
}
