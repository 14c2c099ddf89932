/** Onbon BX-5 as the registry lists it: codec, addresses, line, emulator, CLI text. */

import { Bx5Sign } from "../../emulator/bx5-sign.js";
import { defineProtocol } from "../definition.js";
import { bx5AddressRules } from "./address.js";
import { BX5_END, BX5_START, type Bx5Frame } from "./frame.js";
import { bx5Protocol } from "./protocol.js";

export const bx5Definition = defineProtocol<Bx5Frame>({
  name: "bx5",
  label: "BX-5",
  codec: bx5Protocol,
  address: bx5AddressRules,
  serial: { baudRate: 57600, dataBits: 8, parity: "none", stopBits: 1 },
  emulator: {
    create({ width, height, address, nakEvery }) {
      const n = typeof address === "string" ? Number.parseInt(address, 10) : address;
      return new Bx5Sign({
        width,
        height,
        ...(n === undefined || Number.isNaN(n) ? {} : { address: n }),
        ...(nakEvery === undefined ? {} : { nakEvery }),
      });
    },
    naks: true,
    // Start and end, and the two escape bytes that stand for them inside a frame.
    framingBytes: [BX5_START, BX5_END, 0xa6, 0x5b],
  },
  cli: {
    example:
      "gatecast sign emulate --protocol bx5 --device /tmp/sign-dev --width 128 --height 32 --nak-every 5",
  },
});
