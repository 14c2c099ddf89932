import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { inside, ROOT, rel, resolveSpecifier, specifiers, tsFiles } from "../helpers/source-tree.js";

// Issue #13: display-ui imports nothing of the controller but controller/src/contract/, the types
// (and few plain values) that cross HTTP and socket.io. The contract in turn reaches only itself and
// the pure domain model, never a Node builtin or a package but zod: the console and kiosk bundles are
// built by Vite for a browser, and a wire type that moved into a repository or a route would drag
// the server's modules after it. Type-only imports count too: they are what tied the UI to
// store/users-repo.ts and central/gate-sync.ts before.

const UI = path.join(ROOT, "display-ui/src");
const CONTROLLER = path.join(ROOT, "controller/src");
const CONTRACT = path.join(CONTROLLER, "contract");
const DOMAIN = path.join(CONTROLLER, "domain");
/** Packages the contract may name: zod, should a shape ever be shared as a schema. */
const CONTRACT_PACKAGES = new Set(["zod"]);

/** The .ts file a relative specifier names, or the path it would have (an asset, a missing file). */
const resolve = (from: string, specifier: string): string =>
  resolveSpecifier(from, specifier) ?? path.resolve(path.dirname(from), specifier);

/** The package a bare specifier names: `zod`, `@scope/name`, `node:fs`. */
function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

/** `a.ts → b.js` for each import of a UI file that lands in controller/src outside contract/. */
function uiImportsOutsideContract(): string[] {
  const out: string[] = [];
  for (const file of tsFiles(UI)) {
    for (const s of specifiers(file)) {
      if (!s.startsWith(".")) continue;
      const target = resolve(file, s);
      if (inside(CONTROLLER, target) && !inside(CONTRACT, target)) out.push(`${rel(file)} → ${s}`);
    }
  }
  return out;
}

/**
 * Walks everything the contract imports, transitively, and names each import that leaves contract/
 * and domain/, names a Node builtin, or names a package other than zod, with the file that made it.
 */
function contractReachOutside(): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const queue = tsFiles(CONTRACT);
  for (let i = 0; i < queue.length; i++) {
    const file = queue[i] as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const s of specifiers(file)) {
      if (s.startsWith(".")) {
        const target = resolve(file, s);
        if (inside(CONTRACT, target) || inside(DOMAIN, target)) queue.push(target);
        else problems.push(`${rel(file)} → ${s} (outside contract/ and domain/)`);
      } else if (s.startsWith("node:")) {
        problems.push(`${rel(file)} → ${s} (a Node builtin)`);
      } else if (!CONTRACT_PACKAGES.has(packageOf(s))) {
        problems.push(`${rel(file)} → ${s} (a package other than zod)`);
      }
    }
  }
  return problems;
}

describe("the UI contract", () => {
  it("exists and the UI uses it", () => {
    expect(fs.existsSync(path.join(CONTRACT, "kiosk.ts"))).toBe(true);
    const uiImports = tsFiles(UI).flatMap((file) => specifiers(file).map((s) => resolve(file, s)));
    expect(uiImports.some((target) => inside(CONTRACT, target))).toBe(true);
  });

  it("is all display-ui/src imports of controller/src", () => {
    const outside = uiImportsOutsideContract();
    expect(outside, `display-ui imports the controller outside contract/:\n${outside.join("\n")}`).toEqual(
      [],
    );
  });

  it("reaches only itself and domain/, no Node builtin and no package but zod", () => {
    const problems = contractReachOutside();
    expect(problems, `controller/src/contract/ reaches:\n${problems.join("\n")}`).toEqual([]);
  });
});
