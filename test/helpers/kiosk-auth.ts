/**
 * Enrolled kiosks for the tests: a row in the registry with a token's hash, as the console's approval
 * or `gatecast kiosk enrol` makes it. No vitest imports (the bench may enrol its kiosks too).
 */

import { hashSecret, newKioskToken } from "../../controller/src/kiosk/token.js";
import type { Db } from "../../controller/src/store/database.js";
import { enrolKiosk } from "../../controller/src/store/kiosk-registry-repo.js";

/** Enrols `id` in `channel` and returns its token. */
export function enrolTestKiosk(db: Db, id: string, channel = "hall", name = "Sảnh A"): string {
  const token = newKioskToken();
  enrolKiosk(db, { name: "test" }, { id, name, channel, tokenHash: hashSecret(token) }, { replace: true });
  return token;
}

/** The instant `ms` before now (ISO): proof must be of the past, within the item's time on screen. */
export function ago(ms: number): string {
  return new Date(Date.now() - ms).toISOString();
}
