import { afterEach } from "vitest";
import { loadSettings } from "../../controller/src/config/settings.js";
import { defaultExtensions } from "../../controller/src/extensions.js";
import { createLogger } from "../../controller/src/log.js";
import { type RunningController, startController } from "../../controller/src/server.js";
import { tempDir, testPack, writeTree } from "./fixtures.js";

const running: RunningController[] = [];
afterEach(async () => {
  for (const c of running.splice(0)) await c.stop();
});

/** A controller in this process on a free port, a fresh DATA_DIR, and by default the small test pack. */
export async function startTestController(
  options: { gate?: string; realContent?: boolean; env?: Record<string, string> } = {},
): Promise<RunningController> {
  const gate = options.gate ?? "cau-treo";
  const settings = loadSettings({
    GATE: gate,
    PORT: "0",
    DATA_DIR: tempDir(),
    LOG_LEVEL: "silent",
    ...(options.realContent ? {} : { GATECAST_CONTENT_DIR: writeTree(testPack(gate)) }),
    ...options.env,
  });
  const controller = await startController(
    settings,
    createLogger("silent", false),
    defaultExtensions(settings),
  );
  running.push(controller);
  return controller;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response fields and assert on them.
type Body = any;

export async function getJson(base: string, path: string): Promise<{ status: number; body: Body }> {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, body: await res.json() };
}

export async function postJson(
  base: string,
  path: string,
  body: unknown,
): Promise<{ status: number; body: Body }> {
  const res = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}
