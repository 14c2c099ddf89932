import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// Issue #13: an import cycle makes a module's load order depend on which file happened to be
// imported first, and ties two features so neither can move alone. This test keeps the source
// trees free of them. Type-only imports count too: they do not run, but they tie the files just
// the same (two of the three cycles the issue found were type-only).

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const TREES = ["controller/src", "display-ui/src"];

type Graph = Map<string, string[]>;

function tsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...tsFiles(full));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

/** Every module specifier a file names: imports and re-exports (type-only or not), `import x =
 *  require()`, `import("…")` calls and `import("…").T` types. TypeScript's own pre-processing scanner,
 *  not a regex, so comments, strings and multi-line import lists cannot fool it. */
function specifiers(file: string): string[] {
  return ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true).importedFiles.map((f) => f.fileName);
}

/** The .ts file a relative specifier names (NodeNext style: `./x.js` is `./x.ts`), or undefined for
 *  packages and for assets such as `./page.css`. */
function resolve(from: string, specifier: string): string | undefined {
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

let built: Graph | undefined;

/** The import graph of both trees, read once for all the tests below. */
function buildGraph(): Graph {
  if (built) return built;
  const graph: Graph = new Map();
  for (const tree of TREES) {
    for (const file of tsFiles(path.join(ROOT, tree))) {
      const targets = specifiers(file)
        .map((s) => resolve(file, s))
        .filter((t): t is string => t !== undefined);
      graph.set(file, [...new Set(targets)].sort());
    }
  }
  built = graph;
  return graph;
}

/** Strongly connected components (Tarjan); a file that imports itself is a component of one. */
function components(graph: Graph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || graph.get(v)?.includes(v)) out.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) connect(v);
  return out;
}

/** The shortest cycle through `start` that stays inside its component (breadth-first). */
function shortestCycle(graph: Graph, start: string, within: Set<string>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i] as string;
    for (const w of graph.get(v) ?? []) {
      if (!within.has(w)) continue;
      if (w === start) {
        const cycle = [start];
        for (let at = v; at !== start; at = previous.get(at) as string) cycle.splice(1, 0, at);
        return [...cycle, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [];
}

/** One cycle per file caught in one, each written `a → b → a`; a tangle of several files shows
 *  as several cycles, so each edge to cut is named. Duplicates (the same loop from another
 *  starting file) are dropped. */
function findCycles(graph: Graph): string[][] {
  const seen = new Set<string>();
  const cycles: string[][] = [];
  for (const component of components(graph)) {
    const within = new Set(component);
    for (const start of component) {
      const cycle = shortestCycle(graph, start, within);
      const loop = cycle.slice(0, -1);
      const first = loop.indexOf([...loop].sort()[0] as string);
      const key = [...loop.slice(first), ...loop.slice(0, first)].join("\n");
      if (!seen.has(key)) {
        seen.add(key);
        cycles.push(cycle);
      }
    }
  }
  return cycles.sort((a, b) => a.join("\n").localeCompare(b.join("\n")));
}

describe("import cycles", () => {
  it("are found, type-only or not, and named as a path", () => {
    const graph: Graph = new Map([
      ["a", ["b"]],
      ["b", ["c", "d"]],
      ["c", ["a"]],
      ["d", ["d"]],
      ["e", ["a"]],
    ]);
    expect(findCycles(graph)).toEqual([
      ["a", "b", "c", "a"],
      ["d", "d"],
    ]);
  });

  it("the graph is read from the real sources, `import type` and `export … from` included", () => {
    const graph = buildGraph();
    const edges = (file: string) =>
      (graph.get(path.join(ROOT, file)) ?? []).map((t) => path.relative(ROOT, t));
    expect(graph.size).toBeGreaterThan(200);
    // A value import, a type-only import and a re-export, each known to exist.
    expect(edges("controller/src/server.ts")).toContain("controller/src/http/app.ts");
    expect(edges("controller/src/server.ts")).toContain("controller/src/context.ts");
    expect(edges("controller/src/signs/render/index.ts")).toContain("controller/src/signs/render/clock.ts");
  });

  it("none remain in controller/src and display-ui/src", () => {
    const cycles = findCycles(buildGraph()).map((cycle) =>
      cycle.map((file) => path.relative(ROOT, file)).join(" → "),
    );
    expect(cycles, `import cycles:\n${cycles.join("\n")}`).toEqual([]);
  });
});
