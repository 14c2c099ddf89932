import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, resolveSpecifier, specifiers, tsFiles } from "../helpers/source-tree.js";

// Issue #13: an import cycle makes a module's load order depend on which file happened to be
// imported first, and ties two features so neither can move alone. This test keeps the source
// trees free of them. Type-only imports count too: they do not run, but they tie the files just
// the same (two of the three cycles the issue found were type-only).

const TREES = ["controller/src", "display-ui/src"];

type Graph = Map<string, string[]>;

let built: Graph | undefined;

/** The import graph of both trees, read once for all the tests below. */
function buildGraph(): Graph {
  if (built) return built;
  const graph: Graph = new Map();
  for (const tree of TREES) {
    for (const file of tsFiles(path.join(ROOT, tree))) {
      const targets = specifiers(file)
        .map((s) => resolveSpecifier(file, s))
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
