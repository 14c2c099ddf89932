import { readFileSync } from "node:fs";
import { isNode, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { ConfigError } from "./errors.js";

/**
 * Reads a YAML file and validates it with a zod schema. Errors name the file, the line and the
 * path inside it, so an IT officer editing a site file over SSH can find the typo.
 */
export function readYamlFile<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(file, "", code === "ENOENT" ? "file not found" : `cannot read (${code ?? error})`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0].line;
    throw new ConfigError(file, "", `not valid YAML: ${yamlError.message.split("\n")[0]}`, line);
  }
  const result = schema.safeParse(doc.toJS());
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path ?? [];
  // Point at the deepest node that exists: a missing key is reported on its parent's line.
  let line: number | undefined;
  for (let depth = path.length; depth >= 0 && line === undefined; depth--) {
    const node = doc.getIn(path.slice(0, depth) as (string | number)[], true);
    if (isNode(node) && node.range) line = lineCounter.linePos(node.range[0]).line;
  }
  const field = path.map(String).join(".");
  throw new ConfigError(file, field, issue?.message ?? "invalid", line);
}
