/**
 * Every (method, path) under /api/v1 is answered by exactly one feature router, and no feature router
 * runs middleware for the others: the order server.ts mounts them in cannot change what a request gets.
 * Read from the real app `startController` builds, extensions included.
 */
import type { Express } from "express";
import { describe, expect, it } from "vitest";
import { startTestController } from "../helpers/controller.js";

/** The parts of router 2's Layer and Route this test reads (the package ships no types for them). */
interface Layer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  name: string;
  match(path: string): boolean;
}

interface RouteEntry {
  router: number;
  method: string;
  path: string;
  layer: Layer;
}

function apiRouters(app: Express): Layer[][] {
  const appStack = (app as unknown as { router: { stack: Layer[] } }).router.stack;
  const api = appStack.find((l) => l.rawPath === "/api/v1" && l.handle.stack);
  if (!api?.handle.stack) throw new Error("no router mounted at /api/v1");
  // Guards, the body parser and the 404 are plain functions; the feature routers are routers.
  return api.handle.stack.flatMap((l) => (l.handle.stack ? [l.handle.stack] : []));
}

function routesOf(routers: Layer[][]): RouteEntry[] {
  return routers.flatMap((stack, router) =>
    stack.flatMap((layer) => {
      if (!layer.route) return [];
      const paths = [layer.route.path].flat() as string[];
      const methods = Object.keys(layer.route.methods).filter((m) => layer.route?.methods[m]);
      return paths.flatMap((path) => methods.map((method) => ({ router, method, path, layer })));
    }),
  );
}

/** A concrete path the pattern matches: each parameter given a value no literal segment has. */
const sample = (path: string) => path.replace(/:(\w+)/g, "sample-$1").replace(/\*(\w+)/g, "sample-$1");

describe("the /api/v1 route table", () => {
  it("gives every (method, path) one router, and no router middleware that others pass through", async () => {
    const c = await startTestController();
    const routers = apiRouters(c.app);
    expect(routers.length).toBeGreaterThan(5);

    // A router's own middleware (`router.use`) would run for requests meant for routers mounted after it.
    const middleware = routers.flatMap((stack, router) =>
      stack.filter((l) => !l.route).map((l) => `router ${router}: ${l.name}`),
    );
    expect(middleware).toEqual([]);

    const routes = routesOf(routers);
    expect(routes.map((r) => `${r.method.toUpperCase()} ${r.path}`)).toEqual(
      expect.arrayContaining([
        "GET /now",
        "GET /items",
        "PUT /items/:id",
        "GET /drafts",
        "POST /publications",
      ]),
    );
    // Another router's route for the same method that would also take this route's requests.
    const clashes = routes.flatMap((a) =>
      routes
        .filter(
          (b) =>
            b.router !== a.router &&
            (b.method === a.method || b.method === "_all" || a.method === "_all") &&
            b.layer.match(sample(a.path)),
        )
        .map(
          (b) =>
            `${a.method.toUpperCase()} ${a.path} (router ${a.router}) and ${b.path} (router ${b.router})`,
        ),
    );
    expect(clashes).toEqual([]);
  });
});
