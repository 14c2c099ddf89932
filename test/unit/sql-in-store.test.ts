import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ROOT, tsFiles } from "../helpers/source-tree.js";

// Issue #13: a feature's SQL lives in its repository under controller/src/store/, so a change of a
// table is one file to read, and a route or a driver never holds a statement. This test reads every
// other file of controller/src with the TypeScript parser and names each place that runs SQL
// (`prepare`, `pragma`, `transaction`, `exec` with a statement), holds a statement in a string, or
// opens a connection (better-sqlite3 imported for its value).

const SRC = path.join(ROOT, "controller/src");
const STORE = path.join(SRC, "store");

/** The start of a statement as this codebase writes them: upper-case keywords. */
const STATEMENT =
  /^\s*(SELECT\s|INSERT\s+(OR\s+\w+\s+)?INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|CREATE\s+(TABLE|INDEX|VIEW|TRIGGER)\s|DROP\s+(TABLE|INDEX)\s|ALTER\s+TABLE\s|PRAGMA\s|WITH\s+\w+\s+AS\s*\()/;
const RUNS_SQL = new Set(["prepare", "pragma", "transaction"]);

/** Every place in `text` that runs SQL, holds a statement or opens a connection, as "line: what". */
function sqlOutsideStore(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const at = (node: ts.Node, what: string) =>
    found.push(`${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}: ${what}`);
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const name = node.expression.name.text;
      const first = node.arguments[0];
      if (RUNS_SQL.has(name)) at(node, `.${name}(…)`);
      else if (name === "exec" && first && ts.isStringLiteralLike(first) && STATEMENT.test(first.text)) {
        at(node, ".exec(statement)");
      }
    } else if (
      (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node)) &&
      !ts.isImportDeclaration(node.parent) &&
      STATEMENT.test(node.text)
    ) {
      at(node, `statement "${node.text.trim().slice(0, 40)}"`);
    } else if (
      ts.isImportDeclaration(node) &&
      ts.isStringLiteral(node.moduleSpecifier) &&
      node.moduleSpecifier.text === "better-sqlite3" &&
      !node.importClause?.isTypeOnly
    ) {
      at(node, "imports better-sqlite3 (connections are opened in store/database.ts)");
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("SQL lives in store/", () => {
  it("finds what it looks for (a control, so an empty answer below means something)", () => {
    const probe = [
      'import Database from "better-sqlite3";',
      'db.prepare("SELECT 1").get();',
      `const q = \`DELETE FROM plays WHERE at < $\{cut}\`;`,
      'db.exec("CREATE TABLE t (x)");',
      'db.pragma("journal_mode = WAL");',
      "const run = db.transaction(() => 1);",
      // Not SQL: a regular expression's exec, English text, a type-only import.
      'const m = /x/.exec("Update the sign");',
      'const label = "Select a language";',
      'import type { Database as D } from "better-sqlite3";',
    ].join("\n");
    expect(sqlOutsideStore("probe.ts", probe).map((f) => f.split(":")[0])).toEqual([
      "1",
      "2",
      "2",
      "3",
      "4",
      "4",
      "5",
      "6",
    ]);
  });

  it("has no SQL and opens no connection outside controller/src/store/", () => {
    const offenders: string[] = [];
    for (const file of tsFiles(SRC, { scripts: true })) {
      if (file.startsWith(`${STORE}${path.sep}`)) continue;
      for (const found of sqlOutsideStore(file, fs.readFileSync(file, "utf8"))) {
        offenders.push(`${path.relative(ROOT, file)}:${found}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
