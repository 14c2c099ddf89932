/** A gate's records as kiosks and signs leave them: for the upload and proof-file tests. */
import { storeProof } from "../../controller/src/kiosk/proof.js";
import type { Db } from "../../controller/src/store/database.js";
import { appendSignEvents } from "../../controller/src/store/sign-events-repo.js";

/** `plays` plays of 10 s from `base` on, one traveler's session and one sign event: plays + 2 rows. */
export function seedGateRecords(db: Db, plays: number, base: number): void {
  storeProof(
    db,
    { kioskId: "kiosk-1", channel: "hall" },
    {
      plays: Array.from({ length: plays }, (_, i) => ({
        itemId: "welcome",
        scheduleId: null,
        startedAt: new Date(base + i * 10_000).toISOString(),
        durationMs: 10_000,
        language: "vi" as const,
      })),
      sessions: [
        {
          startedAt: new Date(base).toISOString(),
          endedAt: new Date(base + 60_000).toISOString(),
          language: "lo",
          pages: ["category:customs"],
        },
      ],
    },
  );
  appendSignEvents(db, [
    { signId: "gate-sign", at: new Date(base).toISOString(), kind: "online", detail: {} },
  ]);
}
