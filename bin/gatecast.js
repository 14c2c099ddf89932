#!/usr/bin/env node
// Entry point for `npx gatecast …`: TypeScript sources run through tsx's loader, no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../controller/src/cli/main.ts");
await main(process.argv);
