import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Issue #13: display-ui imports nothing of the controller but controller/src/contract/, the types
// (and few plain values) that cross HTTP and socket.io. The contract in turn reaches only itself and
// the pure domain model, never a Node builtin or a package but zod: the console and kiosk bundles are
// built by Vite for a browser, and a wire type that moved into a repository or a route would drag
// the server's modules after it. Type-only imports count too: they are what tied the UI to
// store/users-repo.ts and central/gate-sync.ts before.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const UI = path.join(ROOT, "display-ui/src");
const CONTROLLER = path.join(ROOT, "controller/src");
const CONTRACT = path.join(CONTROLLER, "contract");
const DOMAIN = path.join(CONTROLLER, "domain");
/** Packages the contract may name: zod, should a shape ever be shared as a schema. */
const CONTRACT_PACKAGES = new Set(["zod"]);

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(full));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

/** Every module specifier a file names, type-only and re-exports included (as import-cycles.test.ts). */
function specifiers(file: string): string[] {
  return ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true).importedFiles.map((f) => f.fileName);
}

/** The .ts file a relative specifier names (`./x.js` is `./x.ts`), or the path it would have. */
function resolve(from: string, specifier: string): string {
  const target = path.resolve(path.dirname(from), specifier);
  const candidates = [target.replace(/\.js$/, ".ts"), `${target}.ts`, path.join(target, "index.ts")];
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile()) ?? target;
}

const inside = (dir: string, file: string) => file.startsWith(`${dir}${path.sep}`);
const rel = (file: string) => path.relative(ROOT, file);

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
