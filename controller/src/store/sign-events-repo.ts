/** The gate's log of what its signs did (see signs/sign-events.ts for what an event means). */
import type { SignEventDraft } from "../signs/sign-events.js";
import type { Db } from "./database.js";

export function appendSignEvents(db: Db, events: readonly SignEventDraft[]): void {
  if (events.length === 0) return;
  const insert = db.prepare("INSERT INTO sign_events (sign_id, at, kind, detail) VALUES (?, ?, ?, ?)");
  db.transaction(() => {
    for (const e of events) insert.run(e.signId, e.at, e.kind, JSON.stringify(e.detail));
  })();
}
