#!/usr/bin/env node
// Entry point for `npx gatecast …` and the gate PC's service. It runs the compiled controller in dist/
// when that was built from exactly the current sources (scripts/build-controller.mjs: `npm start`,
// `npm run build` and install.sh build it), otherwise the TypeScript sources through tsx's loader, so
// tests and development need no build step. GATECAST_RUNTIME=tsx forces the sources and
// GATECAST_RUNTIME=dist the build, fresh or not (the startup bench compares the two).
import { COMPILED_MAIN, controllerBuildIsFresh } from "../scripts/build-controller.mjs";

const runtime = process.env.GATECAST_RUNTIME;
let main;
if (runtime === "dist" || (runtime !== "tsx" && controllerBuildIsFresh())) {
  ({ main } = await import(COMPILED_MAIN));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../controller/src/cli/main.ts"));
}
await main(process.argv);
