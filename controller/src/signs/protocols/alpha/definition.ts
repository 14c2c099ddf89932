/** Alpha (Adaptive Micro Systems) as the registry lists it: codec, addresses, line, emulator, CLI text. */

import { AlphaSign } from "../../emulator/alpha-sign.js";
import { emulatorSpeedFromEnv } from "../../emulator/speed.js";
import { defineProtocol } from "../definition.js";
import { alphaAddressRules } from "./address.js";
import type { AlphaTransmission } from "./frame.js";
import { alphaProtocol } from "./protocol.js";

export const alphaDefinition = defineProtocol<AlphaTransmission>({
  name: "alpha",
  label: "Alpha",
  codec: alphaProtocol,
  address: alphaAddressRules,
  serial: { baudRate: 9600, dataBits: 7, parity: "even", stopBits: 1 },
  emulator: {
    create({ width, height, address, speed }) {
      const a = typeof address === "number" ? address.toString(16).padStart(2, "0") : address;
      return new AlphaSign({
        width,
        height,
        ...(a === undefined ? {} : { address: a }),
        speed: speed ?? emulatorSpeedFromEnv(),
      });
    },
    naks: false,
    // NUL sync, SOH, STX, ETX, EOT.
    framingBytes: [0x00, 0x01, 0x02, 0x03, 0x04],
  },
  cli: {
    example: "gatecast sign emulate --protocol alpha --device /tmp/sign-dev --width 96 --height 16",
  },
});
