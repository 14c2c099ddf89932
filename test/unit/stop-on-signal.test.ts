import pino from "pino";
import { describe, expect, it } from "vitest";
import { type Stoppable, stopOnSignal } from "../../controller/src/cli/stop-on-signal.js";

interface Line {
  level: number;
  msg: string;
  [field: string]: unknown;
}

function recorder() {
  const lines: Line[] = [];
  const logger = pino(
    { level: "debug" },
    {
      write: (chunk: string) => {
        lines.push(JSON.parse(chunk) as Line);
      },
    },
  );
  return { lines, logger };
}

/** A controller whose stop hangs in `part` until `finish` is called. */
function hanging(part: string) {
  let finish: () => void = () => undefined;
  let calls = 0;
  const controller: Stoppable & { calls: () => number } = {
    stop: () => {
      calls++;
      return new Promise<void>((resolve) => {
        finish = resolve;
      });
    },
    get stoppingPart() {
      return part;
    },
    calls: () => calls,
  };
  return { controller, finish: () => finish() };
}

function exitCode(): { exit: (code: number) => void; code: Promise<number> } {
  let exit: (code: number) => void = () => undefined;
  const code = new Promise<number>((resolve) => {
    exit = resolve;
  });
  return { exit, code };
}

describe("stopOnSignal", () => {
  it("stops once, logs 'stopped' with the signal and exits 0", async () => {
    const { lines, logger } = recorder();
    const { controller, finish } = hanging("signs");
    const { exit, code } = exitCode();
    const onSignal = stopOnSignal(controller, logger, { exit });
    onSignal("SIGTERM");
    // The same Ctrl-C passed on by npm and start.mjs: not a second request.
    onSignal("SIGINT");
    expect(controller.calls()).toBe(1);
    finish();
    expect(await code).toBe(0);
    expect(lines.map((l) => l.msg)).toEqual(["stopping", "already stopping", "stopped"]);
    expect(lines.at(-1)).toMatchObject({ level: 30, signal: "SIGTERM" });
    expect(lines.filter((l) => l.level >= 40)).toEqual([]);
  });

  it("a second signal during the stop exits 1 at once, naming what it was waiting on", async () => {
    const { lines, logger } = recorder();
    const { controller } = hanging("sign gate-sign");
    const { exit, code } = exitCode();
    let clock = 0;
    const onSignal = stopOnSignal(controller, logger, { exit, now: () => clock, sameRequestMs: 1000 });
    onSignal("SIGINT");
    clock = 2500;
    onSignal("SIGINT");
    expect(await code).toBe(1);
    const last = lines.at(-1);
    expect(last?.level).toBe(50);
    expect(last?.msg).toContain("SIGINT during the stop: exiting now");
    expect(last?.msg).toContain("sign gate-sign");
  });

  it("a stop past its deadline exits 1 with a line naming the part that did not stop", async () => {
    const { lines, logger } = recorder();
    const { controller } = hanging("central sync");
    const { exit, code } = exitCode();
    stopOnSignal(controller, logger, { exit, deadlineMs: 50 })("SIGTERM");
    expect(await code).toBe(1);
    const last = lines.at(-1);
    expect(last).toMatchObject({ level: 50, part: "central sync", deadlineMs: 50 });
    expect(last?.msg).toBe("central sync did not stop within 0.05 s; exiting anyway");
  });
});
