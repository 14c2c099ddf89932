/**
 * What came from a central program is the central office's, not the gate's: read-only at the gate.
 *
 * A program's items, playlists and schedules arrive under `p-<programId>-<id>` (central/manifest.ts),
 * and the proof of play and the reports credit them to the program. An operator who could edit or
 * delete one would put words in the central office's mouth, and the reports would still say the
 * central showed them. So at a gate no draft may create, change or delete an id in that namespace;
 * an operator who must not show a central item on a channel hides it with a schedule of their own (a
 * higher priority on that channel suppresses lower ones), and a restore leaves programs as they are.
 * Pure: the publishing service calls these; the central importer writes these ids and is not asked.
 */
import { CENTRAL_ID_PREFIX, isCentralOwned } from "../contract/content.js";
import type { ContentChange, DraftEntity } from "./types.js";

// The console marks central entities read-only with the same test, so it lives in the contract.
export { CENTRAL_ID_PREFIX, isCentralOwned };

/** Why this change may not be written at the gate, or undefined when it may. */
export function centralOwnedProblem(
  entity: DraftEntity,
  id: string,
  op: "put" | "delete",
): string | undefined {
  if (!isCentralOwned(id)) return undefined;
  const verb = op === "delete" ? "deleted" : "changed";
  return (
    `${entity} "${id}" belongs to a central program (ids starting with "${CENTRAL_ID_PREFIX}") and cannot be ${verb} at the gate; ` +
    "to keep it off a screen, add a schedule of your own with a higher priority on that channel"
  );
}

/** The changes that touch the gate's own content only (a restore leaves central programs alone). */
export function gateOwnedChanges<C extends Pick<ContentChange, "id">>(changes: readonly C[]): C[] {
  return changes.filter((c) => !isCentralOwned(c.id));
}
