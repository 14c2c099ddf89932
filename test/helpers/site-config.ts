import { cpSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT_DIR } from "../../controller/src/config/settings.js";
import { tempDir } from "./fixtures.js";

/**
 * A copy of firmware-config/ whose site file for `gate` ends with `extraYaml` (top-level blocks such as
 * `storage:` or `maintenance:`), for GATECAST_CONFIG_DIR. The shipped site files stay untouched.
 */
export function configDirWith(gate: string, extraYaml: string): string {
  const dir = tempDir("gatecast-config-");
  const source = path.join(ROOT_DIR, "firmware-config");
  cpSync(path.join(source, "signs"), path.join(dir, "signs"), { recursive: true });
  cpSync(path.join(source, "sites"), path.join(dir, "sites"), { recursive: true });
  const site = path.join(dir, "sites", `${gate}.yaml`);
  writeFileSync(site, `${readFileSync(site, "utf8").trimEnd()}\n${extraYaml.trim()}\n`);
  return dir;
}
