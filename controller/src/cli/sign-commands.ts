/**
 * `gatecast sign …`: the sign emulator as its own process, and a look at the configured signs.
 *
 *   gatecast sign emulate --protocol alpha --device /tmp/x/B --width 96 --height 16 [--colors 3]
 *                         [--out DIR] [--baud 9600] [--data-bits 7] [--parity even] [--stop-bits 1]
 *                         [--address 00]
 *   gatecast sign list
 *
 * The emulator answers on the device as the sign would, writes what it shows to DIR (latest.png, slides/,
 * frames.jsonl, memory.json), and takes signals: SIGUSR1 = power cut (RAM cleared), SIGUSR2 = dead/alive
 * toggle (hears and answers nothing), SIGTERM/SIGINT = exit. Fault tests: `--noise` (garbage before every
 * answer), `--corrupt-every N` (a broken checksum in every Nth answer), `--nak-every N` (BX-5 NAKs).
 */

import path from "node:path";
import { type Command, InvalidArgumentError } from "commander";
import { loadSettings } from "../config/settings.js";
import { createLogger } from "../log.js";
import { describeSerial, type SerialSettings, serialSettingsFor } from "../signs/driver/line.js";
import { serialTransport } from "../signs/driver/transport.js";
import { createEmulatedSign, EmulatorHost, EmulatorOutput } from "../signs/emulator/index.js";
import {
  isProtocolName,
  listProtocols,
  type ProtocolName,
  protocolNames,
  registry,
} from "../signs/protocols/index.js";

function intIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`expected an integer ${min}–${max}`);
    return n;
  };
}

function oneOf<T extends string | number>(values: readonly T[]): (value: string) => T {
  return (value) => {
    const found = values.find((v) => String(v) === value);
    if (found === undefined) throw new InvalidArgumentError(`expected one of ${values.join(", ")}`);
    return found;
  };
}

interface EmulateOptions {
  protocol: ProtocolName;
  device: string;
  width: number;
  height: number;
  colors: 1 | 3;
  out?: string;
  baud?: number;
  dataBits?: 7 | 8;
  parity?: "none" | "even" | "odd";
  stopBits?: 1 | 2;
  address?: string;
  noise?: boolean;
  corruptEvery?: number;
  nakEvery?: number;
}

async function emulate(opts: EmulateOptions): Promise<void> {
  const logger = createLogger(process.env.LOG_LEVEL ?? "info");
  const protocol = registry[opts.protocol];
  // The protocol's usual line settings, where the command line gives none.
  const base = protocol.serial;
  const serial: SerialSettings = {
    baudRate: opts.baud ?? base.baudRate,
    dataBits: opts.dataBits ?? base.dataBits,
    parity: opts.parity ?? base.parity,
    stopBits: opts.stopBits ?? base.stopBits,
  };
  const address = opts.address ?? protocol.address.emulatorDefault;
  try {
    protocol.address.parse(address);
  } catch (error) {
    console.error(`gatecast: --address: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }
  const out = path.resolve(
    opts.out ?? path.join(process.env.DATA_DIR ?? "data", "signs", `emulator-${path.basename(opts.device)}`),
  );
  const sign = createEmulatedSign({
    protocol: opts.protocol,
    width: opts.width,
    height: opts.height,
    address,
    ...(opts.nakEvery === undefined ? {} : { nakEvery: opts.nakEvery }),
  });
  const host = new EmulatorHost({
    sign,
    logger,
    device: opts.device,
    output: new EmulatorOutput(out),
    open: serialTransport(opts.device, serial),
    faults: {
      ...(opts.noise ? { noise: true } : {}),
      ...(opts.corruptEvery === undefined ? {} : { corruptEvery: opts.corruptEvery }),
    },
  });
  process.on("SIGUSR1", () => host.powerLoss());
  process.on("SIGUSR2", () => host.setDead(!host.dead));
  const stop = () => {
    host.stop().finally(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  await host.start();
  logger.info(
    { protocol: opts.protocol, device: opts.device, serial: describeSerial(serial), out, pid: process.pid },
    `emulating a ${opts.protocol} sign ${opts.width}×${opts.height} on ${opts.device}; output in ${out} (SIGUSR1 power cut, SIGUSR2 dead/alive)`,
  );
}

export function registerSignCommands(program: Command): void {
  const protocolChoice = listProtocols((p) => p.name);
  const sign = program.command("sign").description("LED signs: the sign emulator, the configured signs");
  sign
    .command("emulate")
    .description(
      `emulate an ${listProtocols((p) => p.label)} sign on a serial device (e.g. one end of a socat pty pair)`,
    )
    .requiredOption("--protocol <name>", protocolChoice, (v: string) => {
      if (!isProtocolName(v)) throw new InvalidArgumentError(`expected ${protocolChoice}`);
      return v;
    })
    .requiredOption("--device <path>", "serial device to answer on")
    .requiredOption("--width <px>", "panel width", intIn(8, 1024))
    .requiredOption("--height <px>", "panel height", intIn(7, 256))
    .option("--colors <n>", "1 (red) or 3 (red/green/amber)", oneOf([1, 3] as const), 3)
    .option("--out <dir>", "where to write latest.png, slides/, frames.jsonl, memory.json")
    .option("--baud <rate>", "baud rate", intIn(300, 921_600))
    .option("--data-bits <n>", "7 or 8", oneOf([7, 8] as const))
    .option("--parity <p>", "none, even or odd", oneOf(["none", "even", "odd"] as const))
    .option("--stop-bits <n>", "1 or 2", oneOf([1, 2] as const))
    .option(
      "--address <a>",
      `the sign's address (${protocolNames
        .map((name) => {
          const p = registry[name];
          return `${p.label} ${p.address.describe}, default ${p.address.emulatorDefault}`;
        })
        .join("; ")})`,
    )
    .option("--noise", "fault test: line noise before every answer")
    .option("--corrupt-every <n>", "fault test: a broken checksum in every Nth answer", intIn(1, 1_000_000))
    .option(
      "--nak-every <n>",
      `fault test (${protocolNames
        .filter((name) => registry[name].emulator.naks)
        .map((name) => registry[name].label)
        .join(", ")}): refuse every Nth request with a NAK`,
      intIn(1, 1_000_000),
    )
    .addHelpText(
      "after",
      `\nExamples:\n${protocolNames.map((name) => `  ${registry[name].cli.example}`).join("\n")}`,
    )
    .action((opts: EmulateOptions) => emulate(opts));

  sign
    .command("list")
    .description("the gate's signs with their profiles and ports")
    .action(() => {
      const settings = loadSettings();
      for (const s of settings.site.signs) {
        const profile = settings.signProfiles.get(s.profile);
        const serial = profile ? describeSerial(serialSettingsFor(profile, s)) : "?";
        console.log(
          `${s.id}\t${s.profile} (${profile?.protocol ?? "?"} ${profile?.panel.width ?? "?"}×${profile?.panel.height ?? "?"})\t${s.port ?? "virtual"}\t${serial}\taddress ${s.address}`,
        );
      }
    });
}
