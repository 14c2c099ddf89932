import type { RequestHandler } from "express";
import type { FeatureContext } from "../context.js";

/**
 * Content changes add data (drafts, publications with their full snapshot, media, central programs):
 * under the disk floor they are refused with 507 `disk-low` before the body is read. Not refused, as
 * they are small and a gate must stay safe and governable on a full disk: logins and accounts,
 * emergency notices, kiosk enrolment, sign refreshes, maintenance runs (pruning frees space) and
 * the security audit rows these write. Deleting a draft frees space: allowed.
 */
const ADDS_DATA: [RegExp, string][] = [
  [/^\/(items|playlists|schedules)\//, "a content change"],
  [/^\/publications(\/|$)/, "a publication"],
  [/^\/versions\/[^/]+\/restore$/, "a restore of a published version"],
  [/^\/media$/, "a media upload"],
  [/^\/central\/programs(\/|$)/, "a change to a central program"],
];

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function lowDiskGuard(ctx: Pick<FeatureContext<"disk">, "disk">): RequestHandler {
  return (req, _res, next) => {
    if (WRITES.has(req.method)) {
      const match = ADDS_DATA.find(([re]) => re.test(req.path));
      if (match) ctx.disk.assertWritable(match[1]);
    }
    next();
  };
}
