/**
 * The controller as systemd runs it: a real `gatecast serve` child with $NOTIFY_SOCKET pointing at a
 * unix datagram socket (socat reads it) gets READY=1, watchdog pings and STOPPING=1 on SIGTERM. And the
 * provisioning files pass shellcheck and `systemd-analyze verify` where those tools exist.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT_DIR } from "../../controller/src/config/settings.js";
import { tempDir, testPack, writeTree } from "../helpers/fixtures.js";
import { freePort, gatecast, waitFor } from "../helpers/processes.js";

const PROVISIONING = path.join(ROOT_DIR, "firmware-config", "provisioning");
const has = (command: string) => spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;

const receivers: ChildProcess[] = [];
afterEach(() => {
  for (const r of receivers.splice(0)) r.kill("SIGKILL");
});

describe("systemd notify", () => {
  it.skipIf(!has("socat"))("sends READY=1, WATCHDOG=1 and STOPPING=1 over $NOTIFY_SOCKET", async () => {
    const dir = tempDir("gatecast-notify-");
    const socket = path.join(dir, "notify");
    const receiver = spawn("socat", ["-u", `UNIX-RECV:${socket}`, "STDOUT"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    receivers.push(receiver);
    let received = "";
    receiver.stdout?.on("data", (d) => {
      // Datagrams arrive without a separator: mark their ends so fields can be told apart.
      received += `${d}\n`;
    });
    await waitFor(async () => (existsSync(socket) ? true : undefined), 5000);
    const port = await freePort();
    const cli = gatecast(["serve"], {
      GATE: "cau-treo",
      PORT: String(port),
      DATA_DIR: tempDir(),
      GATECAST_CONTENT_DIR: writeTree(testPack("cau-treo")),
      NOTIFY_SOCKET: socket,
      WATCHDOG_USEC: "400000",
      GATECAST_NOTIFY_HELPER: "socat",
    });
    await waitFor(async () => (received.includes("READY=1") ? true : undefined), 30_000);
    expect(received).toMatch(/STATUS=serving cau-treo on http:\/\/127\.0\.0\.1:\d+/);
    await waitFor(async () => ((received.match(/WATCHDOG=1/g)?.length ?? 0) >= 2 ? true : undefined), 10_000);
    cli.child.kill("SIGTERM");
    expect(await cli.exited).toBe(0);
    await waitFor(async () => (received.includes("STOPPING=1") ? true : undefined), 5000);
  });
});

describe("provisioning files", () => {
  it.skipIf(!has("shellcheck"))("install.sh and the CLI wrapper pass shellcheck", () => {
    const result = spawnSync("shellcheck", ["install.sh", "gatecast-cli.sh"], {
      cwd: PROVISIONING,
      encoding: "utf8",
    });
    expect(result.stdout + result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("the units pass systemd-analyze verify", ({ skip }) => {
    // scripts/test.mjs installs it (Debian's systemd package) when run as root; it needs no running
    // systemd, it only loads the unit files.
    if (!has("systemd-analyze"))
      skip("systemd-analyze is not installed (apt-get install systemd): the units are not verified");
    const dir = tempDir("gatecast-units-");
    const render = (name: string, edit: (text: string) => string = (t) => t) =>
      writeFileSync(
        path.join(dir, name),
        edit(
          readFileSync(path.join(PROVISIONING, name), "utf8")
            .replaceAll("@NODE@", process.execPath)
            .replaceAll("@APP_DIR@", ROOT_DIR),
        ),
      );
    const verify = (...units: string[]) => {
      const result = spawnSync("systemd-analyze", ["verify", ...units.map((u) => `./${u}`)], {
        cwd: dir,
        encoding: "utf8",
      });
      // cage and chromium need not be installed where the tests run: only a missing binary is tolerated.
      return `${result.stdout}\n${result.stderr}`
        .split("\n")
        .filter((l) => l.trim() && !/Command \/usr\/bin\/(cage|chromium) is not executable/.test(l));
    };
    // First, proof that verify reads unit files here: a broken copy must be reported (it exits 0 on
    // unknown keys and bad values, so only its messages tell).
    render("gatecast.service", (t) => t.replace("Type=notify\n", "Type=notifyy\nFrobnicate=yes\n"));
    const broken = verify("gatecast.service").join("\n");
    expect(broken).toMatch(/Failed to parse service type/);
    expect(broken).toMatch(/Unknown key '?Frobnicate/);
    render("gatecast.service");
    render("gatecast-kiosk.service");
    render("gatecast-screen.service");
    expect(verify("gatecast.service", "gatecast-kiosk.service", "gatecast-screen.service")).toEqual([]);
  });

  it("loads the USB serial drivers at boot, so DeviceAllow=char-ttyUSB/char-ttyACM match at start", () => {
    const unit = readFileSync(path.join(PROVISIONING, "gatecast.service"), "utf8");
    const modules = readFileSync(path.join(PROVISIONING, "modules-gatecast.conf"), "utf8")
      .split("\n")
      .filter((l) => l.trim() && !l.startsWith("#"));
    expect(unit).toContain("\nDeviceAllow=char-ttyUSB rw\n");
    expect(unit).toContain("\nDeviceAllow=char-ttyACM rw\n");
    expect(modules).toEqual(["usbserial", "cdc_acm"]);
    const install = readFileSync(path.join(PROVISIONING, "install.sh"), "utf8");
    expect(install).toContain('"$HERE/modules-gatecast.conf" /etc/modules-load.d/gatecast.conf');
  });

  it("the unit is Type=notify with a watchdog, sandboxed, as gatecast in dialout", () => {
    const unit = readFileSync(path.join(PROVISIONING, "gatecast.service"), "utf8");
    for (const line of [
      "Type=notify",
      "NotifyAccess=all",
      "WatchdogSec=30",
      "Restart=on-failure",
      "User=gatecast",
      "SupplementaryGroups=dialout",
      "ProtectSystem=strict",
      "ReadWritePaths=/var/lib/gatecast",
      "EnvironmentFile=/etc/gatecast/gatecast.env",
    ]) {
      expect(unit).toContain(`\n${line}\n`);
    }
  });
});
