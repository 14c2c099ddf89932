/** USB bundles and keys through the CLI, as a person at the gate PC would run them. */
import { statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { encodeBundleFile } from "../../controller/src/central/bundle.js";
import { openDatabase } from "../../controller/src/store/database.js";
import { tempDir, testPack, writeTree } from "../helpers/fixtures.js";
import { gatecast } from "../helpers/processes.js";
import { configDir, gateSite, newKey, signedLao } from "./central-helpers.js";

describe("gatecast keys generate", () => {
  it("writes a 0600 private key and prints the key id and public key", async () => {
    const out = path.join(tempDir(), "keys");
    const cli = gatecast(["keys", "generate", "--out", out], {});
    expect(await cli.exited).toBe(0);
    const id = /key id:\s+([0-9a-f]{16})/.exec(cli.output())?.[1] as string;
    expect(id).toBeDefined();
    expect(cli.output()).toMatch(/public key:\s+[A-Za-z0-9+/]{43}=/);
    expect(statSync(path.join(out, `${id}.key`)).mode & 0o777).toBe(0o600);
  });
});

describe("gatecast bundle import", () => {
  it("imports a good USB bundle and refuses replays and tampered files, with the same checks", async () => {
    const key = newKey();
    const env = {
      GATE: "cau-treo",
      DATA_DIR: tempDir(),
      GATECAST_CONTENT_DIR: writeTree(testPack("cau-treo")),
      GATECAST_CONFIG_DIR: configDir({ "cau-treo": gateSite({ keys: [{ key }] }) }),
    };
    const dir = tempDir();
    const good = path.join(dir, "lao-2027-v1.gcbundle.json");
    const bundle = signedLao(key, { version: 1 });
    writeFileSync(good, encodeBundleFile(bundle));

    const first = gatecast(["bundle", "import", good], env);
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/imported lao-2027 v1/);

    const replay = gatecast(["bundle", "import", good], env);
    expect(await replay.exited).toBe(2);
    expect(replay.output()).toMatch(/REFUSED lao-2027 v1 \(replay\)/);

    const v2 = signedLao(key, { version: 2 });
    const files = new Map(
      [...v2.files].map(([sha, bytes]) => [sha, Buffer.from(bytes.toString().replace("Pi Mai", "Pi Mao"))]),
    );
    const tampered = path.join(dir, "tampered.gcbundle.json");
    writeFileSync(tampered, encodeBundleFile({ ...v2, files }));
    const bad = gatecast(["bundle", "import", tampered], env);
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toMatch(/REFUSED lao-2027 v2 \(tampered\)/);

    const db = openDatabase(env.DATA_DIR);
    try {
      expect(db.prepare("SELECT version FROM central_held WHERE program_id = 'lao-2027'").get()).toEqual({
        version: 1,
      });
      expect(db.prepare("SELECT count(*) AS n FROM items WHERE id LIKE 'p-lao-2027-%'").get()).toEqual({
        n: 1,
      });
      expect(
        db.prepare("SELECT date, end_date FROM holiday_overrides WHERE holiday_id = 'lao-new-year'").get(),
      ).toEqual({
        date: "2027-04-13",
        end_date: "2027-04-15",
      });
      const refused = db.prepare("SELECT count(*) AS n FROM audit WHERE action = 'refused'").get();
      expect(refused).toEqual({ n: 2 });
    } finally {
      db.close();
    }
  });
});
