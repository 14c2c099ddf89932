import { isIP } from "node:net";

/** One network of `CONSOLE_ALLOW`: `10.0.5.0/24`, `fd00::/8`, or one address (a /32 or /128). */
export interface Cidr {
  address: string;
  prefix: number;
  family: "ipv4" | "ipv6";
}

/** At most this many networks: a gate has a handful of operator rooms, not a routing table. */
export const MAX_CIDRS = 64;

/**
 * Parses a list of networks separated by commas or spaces. Pure; throws an Error saying which entry is
 * wrong and why, for the caller to report against the variable's name.
 */
export function parseCidrList(text: string): Cidr[] {
  const entries = text.split(/[\s,]+/).filter((entry) => entry !== "");
  if (entries.length > MAX_CIDRS) throw new Error(`${entries.length} networks; at most ${MAX_CIDRS}`);
  return entries.map((entry) => {
    const [address = "", prefixText, extra] = entry.split("/");
    const version = isIP(address);
    if (version === 0 || extra !== undefined) {
      throw new Error(`"${entry}" is not an address or a network such as 10.0.5.0/24`);
    }
    const max = version === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (!/^\d{1,3}$/.test(prefixText ?? String(max)) || prefix > max) {
      throw new Error(`"${entry}": the prefix length must be 0 to ${max}`);
    }
    return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" };
  });
}
