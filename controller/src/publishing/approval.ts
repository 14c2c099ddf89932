/**
 * Who may decide a publication: the two-person rule, as pure functions of the publication, the user
 * and the gate's configuration.
 *
 * - At a gate with `approval.required`, a publication waits until a supervisor or admin who is not its
 *   author approves it. Its author never may, whatever their role; an operator never may. Nor may
 *   anyone who wrote one of its changes: an operator requesting a supervisor's drafts must not let
 *   that supervisor publish their own work alone.
 * - At a gate without it, whoever may edit (operator and up) publishes at once, so approving a
 *   publication left pending (say, from before the setting changed) is theirs too.
 * - Rejecting publishes nothing, so a supervisor or admin may reject any pending publication and its
 *   author may withdraw their own.
 */
import { hasRole } from "../auth/roles.js";
import type { SiteConfig } from "../config/site-schema.js";
import type { Role } from "../store/users-repo.js";
import { transition } from "./state.js";
import type { Publication } from "./types.js";

/** The user deciding, as the session knows them. */
export interface Decider {
  /** The user id, when known (a session always knows it). */
  id?: number | null;
  name: string;
  role: Role;
}

/** `forbidden`: this user may not; `conflict`: nobody may, in the publication's state. */
export type Verdict = { ok: true } | { ok: false; reason: string; code: "forbidden" | "conflict" };

type Decided = Pick<Publication, "id" | "status" | "author" | "authorId"> &
  Partial<Pick<Publication, "changes">>;

export function approvalRequired(site: Pick<SiteConfig, "approval">): boolean {
  return site.approval.required;
}

/**
 * The same person: the same user id when both are known, or the same name. Names are compared
 * case-insensitively (the users table is case-insensitive), which can only refuse more, never less.
 */
export function samePerson(
  publication: Pick<Publication, "author" | "authorId">,
  user: Pick<Decider, "id" | "name">,
): boolean {
  if (publication.authorId != null && user.id != null && publication.authorId === user.id) return true;
  return publication.author.toLowerCase() === user.name.toLowerCase();
}

function stateAllows(publication: Decided, event: "publish" | "reject"): Verdict {
  const next = transition(publication.status, event);
  return next.ok
    ? { ok: true }
    : { ok: false, code: "conflict", reason: `publication ${publication.id}: ${next.reason}` };
}

export function canApprove(publication: Decided, user: Decider, site: Pick<SiteConfig, "approval">): Verdict {
  const state = stateAllows(publication, "publish");
  if (!state.ok) return state;
  if (!approvalRequired(site)) {
    return hasRole(user.role, "operator")
      ? { ok: true }
      : { ok: false, code: "forbidden", reason: "publishing needs the operator role" };
  }
  if (!hasRole(user.role, "supervisor")) {
    return {
      ok: false,
      code: "forbidden",
      reason: `approving needs the supervisor or admin role; you are ${user.role}`,
    };
  }
  if (samePerson(publication, user)) {
    return {
      ok: false,
      code: "forbidden",
      reason: `two-person rule: you requested publication ${publication.id}; another supervisor or admin must approve it`,
    };
  }
  const own = (publication.changes ?? []).find((c) =>
    (c.authors ?? []).some((a) => samePerson({ author: a.name, authorId: a.id }, user)),
  );
  if (own) {
    return {
      ok: false,
      code: "forbidden",
      reason: `two-person rule: you wrote the ${own.entity} "${own.id}" change in publication ${publication.id}; another supervisor or admin must approve it`,
    };
  }
  return { ok: true };
}

/**
 * Published by its own author: only where no approval was required when it was published (the rule
 * above never lets an author approve their own), so nobody approved it and the history must not say
 * its author did.
 */
export function publishedDirectly(
  publication: Pick<Publication, "status" | "author" | "decidedBy">,
): boolean {
  return (
    publication.status === "published" &&
    publication.decidedBy !== null &&
    publication.decidedBy.toLowerCase() === publication.author.toLowerCase()
  );
}

export function canReject(publication: Decided, user: Decider): Verdict {
  const state = stateAllows(publication, "reject");
  if (!state.ok) return state;
  if (hasRole(user.role, "supervisor") || samePerson(publication, user)) return { ok: true };
  return {
    ok: false,
    code: "forbidden",
    reason: "rejecting needs the supervisor or admin role (an author may withdraw their own)",
  };
}
