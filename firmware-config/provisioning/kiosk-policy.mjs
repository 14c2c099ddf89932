/**
 * The Chromium policy of the gate PC's kiosk and big-screen browsers: made from the template
 * chromium-kiosk-policy.json for the controller's origin, and checked before install.sh enables a
 * unit, so a typo or a kiosk URL the policy would block is refused with the reason instead of
 * starting a screen that shows only "blocked by your administrator". Plain JavaScript without
 * dependencies: install.sh runs it with the system's node before `npm ci` could matter, and
 * test/unit/kiosk-policy.test.ts and test/e2e/kiosk-lockdown.test.ts import it.
 *
 *   node kiosk-policy.mjs render <template> <out> <page URL>...   write <out> for these pages' origins
 *   node kiosk-policy.mjs check <policy file> <page URL>...        exit 1 with the reason if they are blocked
 *
 * The URL filter format is Chromium's (`[scheme://]host[:port][/path]`, `*` for any host; a path is a
 * prefix; the most specific filter wins, the allowlist on a tie). The matcher below implements the part
 * of it the template uses, to answer one question: would Chromium open this page?
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Where Debian's Chromium reads mandatory policies (every profile of every user on the PC). */
export const MANAGED_POLICY_DIR = "/etc/chromium/policies/managed";
export const POLICY_FILE_NAME = "gatecast-kiosk.json";

/** Replaced by each page origin (`http://127.0.0.1:8080`) in the template's allowlist entries. */
const ORIGIN_PLACEHOLDER = "@ORIGIN@";
/** Chromium ignores entries past the 1,000th of either list. */
const MAX_FILTERS = 1000;

export class PolicyError extends Error {}

/** The origins of the pages the browsers open; only http(s) URLs of a host can be a kiosk page. */
export function pageOrigins(pageUrls) {
  if (pageUrls.length === 0) throw new PolicyError("no kiosk or screen URL given");
  const origins = [];
  for (const raw of pageUrls) {
    let url;
    try {
      url = new URL(raw);
    } catch {
      throw new PolicyError(`"${raw}" is not a URL`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new PolicyError(`"${raw}" is not an http or https URL`);
    }
    if (!origins.includes(url.origin)) origins.push(url.origin);
  }
  return origins;
}

/** The policy for these pages: the template with its `@ORIGIN@` entries repeated for each origin. */
export function renderPolicy(templateText, pageUrls) {
  const template = parsePolicy(templateText, "the template");
  const origins = pageOrigins(pageUrls);
  const expand = (list) =>
    list.flatMap((entry) =>
      entry.includes(ORIGIN_PLACEHOLDER)
        ? origins.map((origin) => entry.replaceAll(ORIGIN_PLACEHOLDER, origin))
        : [entry],
    );
  return {
    ...template,
    URLBlocklist: expand(template.URLBlocklist ?? []),
    URLAllowlist: expand(template.URLAllowlist ?? []),
  };
}

function parsePolicy(text, what) {
  let policy;
  try {
    policy = JSON.parse(text);
  } catch (error) {
    throw new PolicyError(`${what} is not JSON: ${error instanceof Error ? error.message : error}`);
  }
  if (policy === null || typeof policy !== "object" || Array.isArray(policy)) {
    throw new PolicyError(`${what} is not a JSON object of policy names`);
  }
  for (const name of ["URLBlocklist", "URLAllowlist"]) {
    const list = policy[name];
    if (list === undefined) continue;
    if (!Array.isArray(list) || list.some((entry) => typeof entry !== "string")) {
      throw new PolicyError(`${what}: ${name} must be a list of strings`);
    }
    if (list.length > MAX_FILTERS) {
      throw new PolicyError(
        `${what}: ${name} has ${list.length} entries; Chromium reads the first ${MAX_FILTERS}`,
      );
    }
  }
  return policy;
}

/**
 * Checks a policy file's text before it is installed: it parses, nothing is left of the template, and
 * every page the units open is allowed. Returns the parsed policy; throws a PolicyError with the reason.
 */
export function checkPolicy(text, pageUrls) {
  const policy = parsePolicy(text, "the policy");
  if (text.includes(ORIGIN_PLACEHOLDER)) {
    throw new PolicyError(`the policy still holds ${ORIGIN_PLACEHOLDER}: render it from the template first`);
  }
  if (!(policy.URLBlocklist ?? []).includes("*")) {
    throw new PolicyError('the policy\'s URLBlocklist lacks "*": the kiosk browser could go anywhere');
  }
  pageOrigins(pageUrls);
  for (const url of pageUrls) {
    const verdict = urlVerdict(policy, url);
    if (!verdict.allowed) {
      throw new PolicyError(
        `the policy blocks ${url.split("#")[0]} (by "${verdict.filter}"): the screen would stay blank`,
      );
    }
  }
  return policy;
}

/** A filter taken apart; undefined for a form the template does not use (it then matches nothing). */
function parseFilter(filter) {
  if (filter === "*") return { scheme: undefined, host: "*", port: undefined, path: "" };
  const opaque = /^([a-z][a-z0-9+.-]*):\*$/i.exec(filter);
  if (opaque) return { scheme: opaque[1].toLowerCase(), host: "*", port: undefined, path: "" };
  const match = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\.?[^/:@]*)(?::(\d+))?(\/[^@]*)?$/i.exec(filter);
  if (!match) return undefined;
  const [, scheme, host = "", port, path = ""] = match;
  return { scheme: scheme?.toLowerCase(), host: host.toLowerCase(), port, path: path === "/" ? "" : path };
}

/** How specific a matching filter is (Chromium: host first, then path, then scheme and port). */
function matchRank(filter, url) {
  const f = parseFilter(filter);
  if (!f) return undefined;
  const scheme = url.protocol.slice(0, -1);
  if (f.scheme !== undefined && f.scheme !== scheme) return undefined;
  // Without a scheme, a filter names web pages only.
  if (f.scheme === undefined && !["http", "https", "ftp", "ws", "wss"].includes(scheme)) {
    if (f.host !== "*") return undefined;
  }
  const host = url.hostname.toLowerCase();
  if (f.host !== "*" && f.host !== "") {
    const exact = f.host.startsWith(".");
    const name = exact ? f.host.slice(1) : f.host;
    if (host !== name && (exact || !host.endsWith(`.${name}`))) return undefined;
  }
  if (f.port !== undefined && f.port !== (url.port || defaultPort(scheme))) return undefined;
  if (f.path && !url.pathname.startsWith(f.path)) return undefined;
  const hostLength = f.host === "*" ? 0 : f.host.length;
  return [hostLength, f.path.length, (f.scheme ? 1 : 0) + (f.port ? 1 : 0)];
}

function defaultPort(scheme) {
  return { http: "80", https: "443", ws: "80", wss: "443", ftp: "21" }[scheme] ?? "";
}

function moreSpecific(a, b) {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return false;
}

/** Would Chromium under this policy open `rawUrl`? With the filter that decides. */
export function urlVerdict(policy, rawUrl) {
  const url = new URL(rawUrl);
  let best = { allowed: true, filter: undefined, rank: undefined };
  const consider = (list, allowed) => {
    for (const filter of list ?? []) {
      const rank = matchRank(filter, url);
      if (!rank) continue;
      const wins =
        best.rank === undefined ||
        moreSpecific(rank, best.rank) ||
        (allowed && !best.allowed && !moreSpecific(best.rank, rank));
      if (wins) best = { allowed, filter, rank };
    }
  };
  consider(policy.URLBlocklist, false);
  consider(policy.URLAllowlist, true);
  return { allowed: best.allowed, filter: best.filter };
}

function writeAtomically(file, text) {
  writeFileSync(`${file}.tmp`, text, { mode: 0o644 });
  renameSync(`${file}.tmp`, file);
}

function main(argv) {
  const [command, ...rest] = argv;
  if (command === "render" && rest.length >= 3) {
    const [templateFile, outFile, ...urls] = rest;
    const text = `${JSON.stringify(renderPolicy(readFileSync(templateFile, "utf8"), urls), null, 2)}\n`;
    checkPolicy(text, urls);
    writeAtomically(outFile, text);
    return;
  }
  if (command === "check" && rest.length >= 2) {
    const [policyFile, ...urls] = rest;
    checkPolicy(readFileSync(policyFile, "utf8"), urls);
    return;
  }
  throw new PolicyError(
    "usage: kiosk-policy.mjs render <template> <out> <url>... | check <policy file> <url>...",
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof PolicyError) && !(error instanceof Error && "code" in error)) throw error;
    process.stderr.write(`kiosk policy: ${error.message}\n`);
    process.exit(1);
  }
}
