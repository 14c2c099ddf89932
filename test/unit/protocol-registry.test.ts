import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { registerSignCommands } from "../../controller/src/cli/sign-commands.js";
import { signProfileSchema } from "../../controller/src/config/sign-profile-schema.js";
import { serialSettingsSchema } from "../../controller/src/config/site-schema.js";
import { createEmulatedSign } from "../../controller/src/signs/emulator/index.js";
import {
  isProtocolName,
  type ProtocolName,
  protocolNames,
  protocols,
  registry,
  type SignProtocol,
  type SignTarget,
} from "../../controller/src/signs/protocols/index.js";
import { ROOT, tsFiles } from "../helpers/source-tree.js";

// Issue #13: a protocol is a folder. Everything the controller knows about a protocol comes from its
// registry entry, so adding one is a folder plus one registry line. This test keeps it so: no code
// outside signs/protocols/ decides by comparing protocol names, and every registered protocol supplies
// every piece, working.

const SRC = path.join(ROOT, "controller/src");
const PROTOCOLS_DIR = path.join(SRC, "signs/protocols");

const EQUALITY = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

/**
 * Places in a file that decide by a protocol's name: `x === "alpha"`, `case "bx5":`, a table keyed by
 * protocol (`{ alpha: …, bx5: … }`) or a type spelling names out (`"alpha" | "bx5"`). Read from the AST,
 * so comments and log text that mention a protocol do not count.
 */
function protocolDecisions(file: string, names: ReadonlySet<string>): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const isName = (node: ts.Node | undefined): boolean =>
    node !== undefined &&
    (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isIdentifier(node)) &&
    names.has(node.text);
  const literal = (node: ts.Node): boolean =>
    (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && names.has(node.text);
  const found: string[] = [];
  const note = (node: ts.Node, what: string): void => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push(`${path.relative(ROOT, file)}:${line + 1}: ${what}: ${node.getText(source)}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && EQUALITY.has(node.operatorToken.kind)) {
      if (literal(node.left) || literal(node.right)) note(node, "compares with a protocol name");
    } else if (ts.isCaseClause(node) && literal(node.expression)) {
      note(node.expression, "switches on a protocol name");
    } else if (
      ts.isPropertyAssignment(node) &&
      ts.isObjectLiteralExpression(node.parent) &&
      isName(node.name)
    ) {
      note(node, "keys a table by protocol name");
    } else if (ts.isLiteralTypeNode(node) && literal(node.literal)) {
      note(node, "names a protocol in a type");
    } else if (ts.isCallExpression(node) && node.expression.getText(source).endsWith("enum")) {
      if (node.arguments.some((a) => ts.isArrayLiteralExpression(a) && a.elements.some(literal))) {
        note(node, "lists protocol names");
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("protocol registry: the one list", () => {
  const names = new Set<string>(protocolNames);

  it("lists its protocols once, under the names their definitions and codecs carry", () => {
    expect(protocolNames).toEqual(Object.keys(registry));
    expect(Object.keys(protocols)).toEqual(Object.keys(registry));
    for (const name of protocolNames) {
      expect(registry[name].name).toBe(name);
      expect(registry[name].codec.name).toBe(name);
      expect(protocols[name]).toBe(registry[name].codec);
      expect(isProtocolName(name)).toBe(true);
    }
    expect(isProtocolName("hasOwnProperty")).toBe(false);
  });

  it("gives the sign profile schema its protocol enum", () => {
    expect(signProfileSchema.shape.protocol.options).toEqual([...protocolNames]);
  });

  it("is the only place outside signs/protocols/ that decides by a protocol's name", () => {
    const files = tsFiles(SRC).filter((f) => !f.startsWith(`${PROTOCOLS_DIR}${path.sep}`));
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap((f) => protocolDecisions(f, names))).toEqual([]);
  });

  it("the scan finds the special cases it forbids", () => {
    const dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? "/tmp"), "registry-scan-"));
    const file = path.join(dir, "bad.ts");
    fs.writeFileSync(
      file,
      [
        "// alpha === bx5 in a comment is fine",
        'const log = "an alpha sign";',
        'if (p === "alpha") {}',
        "switch (p) { case `bx5`: break; }",
        "const BAUD = { alpha: 9600 };",
        'type P = "alpha" | "other";',
        'const s = z.enum(["alpha", "bx5"]);',
      ].join("\n"),
    );
    try {
      expect(
        protocolDecisions(file, new Set(["alpha", "bx5"])).map((l) => l.replace(/^.*?:(\d+): /, "$1 ")),
      ).toEqual([
        '3 compares with a protocol name: p === "alpha"',
        "4 switches on a protocol name: `bx5`",
        "5 keys a table by protocol name: alpha: 9600",
        '6 names a protocol in a type: "alpha"',
        '7 lists protocol names: z.enum(["alpha", "bx5"])',
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Sends `exchange` to `sign` and offers each frame of its answer to the exchange's reply matcher. */
function ask<F>(
  codec: SignProtocol<F>,
  sign: ReturnType<typeof createEmulatedSign>,
  target: SignTarget,
): { ok: boolean } | undefined {
  const ping = codec.ping(target);
  const parser = codec.createParser();
  for (const reply of sign.receive(ping.bytes)) {
    for (const event of parser.push(reply)) {
      if (!event.ok) continue;
      const result = ping.reply?.match(event.frame);
      if (result !== undefined) return result;
    }
  }
  return undefined;
}

describe.each(protocolNames.map((name) => [name] as [ProtocolName]))("registered protocol %s", (name) => {
  const definition = registry[name];
  const panel = { width: 32, height: 16 };

  it("parses, validates and formats its addresses, round trip", () => {
    const rules = definition.address;
    expect(rules.describe.trim()).not.toBe("");
    expect(rules.examples.length).toBeGreaterThan(1);
    for (const text of [...rules.examples, rules.emulatorDefault, rules.format(undefined)]) {
      const address = rules.parse(text);
      expect(rules.parse(rules.format(address)), text).toBe(address);
    }
    expect(rules.parse(rules.format(undefined))).toBeUndefined();
    expect(rules.examples.some((text) => rules.parse(text) !== undefined)).toBe(true);
    for (const bad of ["", "not an address", "-1", "1.5"])
      expect(() => rules.parse(bad), bad).toThrow(RangeError);
  });

  it("ships serial defaults the site file's serial settings accept", () => {
    expect(serialSettingsSchema.parse(definition.serial)).toEqual(definition.serial);
  });

  it("builds an emulator that answers its own codec's ping, at its default address and at another", () => {
    const byDefault = createEmulatedSign({ protocol: name, ...panel, speed: 1 });
    expect(byDefault.protocol).toBe(name);
    expect(byDefault.panel).toEqual(panel);
    const defaultTarget: SignTarget = {
      colours: 3,
      panel,
      ...optional(definition.address.parse(definition.address.emulatorDefault)),
    };
    expect(definition.withCodec((codec) => ask(codec, byDefault, defaultTarget))).toMatchObject({ ok: true });

    const text = definition.address.examples.find((t) => definition.address.parse(t) !== undefined) ?? "";
    const address = definition.address.parse(text);
    const addressed = definition.emulator.create({ ...panel, address: text, speed: 1 });
    const target: SignTarget = { colours: 3, panel, ...optional(address) };
    expect(definition.withCodec((codec) => ask(codec, addressed, target))).toMatchObject({ ok: true });
    for (const b of definition.emulator.framingBytes)
      expect(b >= 0 && b <= 0xff && Number.isInteger(b)).toBe(true);
  });

  it("says in the CLI's help what it is and how to emulate it", () => {
    expect(definition.label.trim()).not.toBe("");
    expect(definition.cli.example).toMatch(new RegExp(`^gatecast sign emulate --protocol ${name} `));
    const program = new Command("gatecast");
    registerSignCommands(program);
    const emulate = program.commands
      .find((c) => c.name() === "sign")
      ?.commands.find((c) => c.name() === "emulate");
    let help = "";
    emulate?.configureOutput({ writeOut: (s) => (help += s) });
    emulate?.outputHelp();
    expect(help).toContain(definition.label);
    expect(help).toContain(definition.cli.example);
    expect(help).toContain(`${definition.label} ${definition.address.describe}`);
  });
});

function optional(address: number | undefined): { address?: number } {
  return address === undefined ? {} : { address };
}
