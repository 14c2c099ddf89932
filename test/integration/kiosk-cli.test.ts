/**
 * `gatecast kiosk enrol|list|revoke` as the provisioning script and a technician run them: the URL
 * with the token in its fragment, the environment file rewritten (mode 0600), ids not taken over
 * without `--replace`, and the token stored only as its hash.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../controller/src/store/database.js";
import { tempDir } from "../helpers/fixtures.js";
import { gatecast } from "../helpers/processes.js";

async function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string }> {
  const cli = gatecast(args, env);
  const code = await cli.exited;
  return { code, out: cli.output() };
}

describe("gatecast kiosk", () => {
  it("enrols a kiosk, writes its URL and token into an environment file, lists and revokes it", async () => {
    const env = { GATE: "cau-treo", DATA_DIR: tempDir(), LOG_LEVEL: "warn" };
    const printed = await run(
      ["kiosk", "enrol", "--id", "gate-pc", "--name", "Máy cửa khẩu", "--url", "http://127.0.0.1:8080"],
      env,
    );
    expect(printed.code, printed.out).toBe(0);
    const url = new URL(printed.out.trim());
    expect(url.pathname).toBe("/kiosk/");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      channel: "hall",
      kiosk: "gate-pc",
      name: "Máy cửa khẩu",
    });
    const token = url.hash.replace("#token=", "");
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // The id is taken: only --replace gives it a new token.
    const again = await run(["kiosk", "enrol", "--id", "gate-pc"], env);
    expect(again.code).toBe(1);
    expect(again.out).toContain("enrolled already");
    const file = path.join(tempDir(), "kiosk.env");
    writeFileSync(
      file,
      "# the kiosk screen\nKIOSK_URL=http://127.0.0.1:8080/kiosk/\nKIOSK_ORIGIN=http://127.0.0.1:8080\n",
    );
    const written = await run(["kiosk", "enrol", "--id", "gate-pc", "--replace", "--env-file", file], env);
    expect(written.code, written.out).toBe(0);
    const text = readFileSync(file, "utf8");
    expect(text).toMatch(
      /^# the kiosk screen\nKIOSK_URL="http:\/\/127\.0\.0\.1:8080\/kiosk\/\?channel=hall&kiosk=gate-pc&name=gate-pc#token=[A-Za-z0-9_-]{43}"\nKIOSK_ORIGIN=/,
    );
    expect(text).not.toContain(token);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const db = openDatabase(env.DATA_DIR);
    const row = db.prepare("SELECT token_hash FROM kiosks WHERE id = 'gate-pc'").pluck().get() as string;
    db.close();
    expect(row).toMatch(/^[0-9a-f]{64}$/);
    expect((await run(["kiosk", "list"], env)).out).toMatch(/^gate-pc\thall\tgate-pc\tenrolled /m);
    expect((await run(["kiosk", "revoke", "--id", "gate-pc"], env)).code).toBe(0);
    expect((await run(["kiosk", "list"], env)).out).toContain("not enrolled");
    expect((await run(["kiosk", "enrol", "--id", "x", "--channel", "gate-sign"], env)).out).toContain(
      'no kiosk group or screen "gate-sign"',
    );
  }, 600_000);

  it("enrols a big screen's player: its URL opens /screen/ with the screen's id", async () => {
    const env = { GATE: "thanh-thuy", DATA_DIR: tempDir(), LOG_LEVEL: "warn" };
    const printed = await run(
      ["kiosk", "enrol", "--id", "wall-pc", "--channel", "gate-screen", "--url", "http://127.0.0.1:8080"],
      env,
    );
    expect(printed.code, printed.out).toBe(0);
    const url = new URL(printed.out.trim());
    expect(url.pathname).toBe("/screen/");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      id: "gate-screen",
      kiosk: "wall-pc",
      name: "wall-pc",
    });
    expect(url.hash).toMatch(/^#token=[A-Za-z0-9_-]{43}$/);
    expect((await run(["kiosk", "list"], env)).out).toMatch(/^wall-pc\tgate-screen\t/m);
  }, 600_000);
});
