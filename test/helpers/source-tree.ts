import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

// The source-tree walk the architecture tests share (import cycles, the UI contract, the protocol
// registry, SQL in store/): which files a tree holds, what each names, and which file a name lands on.
// One reading, so the tests cannot disagree on what an import is.

/** The repository's root folder. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The TypeScript sources below `dir` (declaration files left out); `scripts` adds `.mts` and `.mjs`. */
export function tsFiles(dir: string, options: { scripts?: boolean } = {}): string[] {
  const wanted = options.scripts ? /\.(m?ts|mjs)$/ : /\.ts$/;
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(full, options));
    else if (wanted.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

/** Every module specifier a file names: imports and re-exports (type-only or not), `import x =
 *  require()`, `import("…")` calls and `import("…").T` types. TypeScript's own pre-processing scanner,
 *  not a regex, so comments, strings and multi-line import lists cannot fool it. */
export function specifiers(file: string): string[] {
  return ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true).importedFiles.map((f) => f.fileName);
}

/** The .ts file a relative specifier names (NodeNext style: `./x.js` is `./x.ts`), or undefined for
 *  packages and for assets such as `./page.css`. */
export function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const target = path.resolve(path.dirname(from), specifier);
  const candidates = [
    target.replace(/\.js$/, ".ts"),
    target.replace(/\.mjs$/, ".mts"),
    `${target}.ts`,
    path.join(target, "index.ts"),
  ];
  return candidates.find((c) => /\.m?ts$/.test(c) && fs.existsSync(c) && fs.statSync(c).isFile());
}

/** Whether `file` lies below `dir`. */
export const inside = (dir: string, file: string): boolean => file.startsWith(`${dir}${path.sep}`);

/** `file` relative to the repository's root, as a test names it in a message. */
export const rel = (file: string): string => path.relative(ROOT, file);
