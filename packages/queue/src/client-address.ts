import { BlockList, isIP } from "node:net";

/**
 * Which proxies' word counts: INTERFLOW_TRUSTED_PROXIES, addresses and CIDR ranges separated by
 * commas ("127.0.0.1,10.0.0.0/8,::1"). Empty: nobody's — X-Forwarded-For is ignored and the
 * client is the connection's peer, so a made-up header changes nothing.
 */
export const TRUSTED_PROXIES_VARIABLE = "INTERFLOW_TRUSTED_PROXIES";

export interface TrustedProxies {
  trusts(address: string): boolean;
  readonly none: boolean;
}

const plain = (address: string) => (address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address);

/** Reads the list; an entry that is not an address or a range is an error naming it. */
export function parseTrustedProxies(text: string | undefined): TrustedProxies {
  const list = new BlockList();
  const entries = (text ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  for (const entry of entries) {
    const [address, bits, ...rest] = entry.split("/");
    const family = isIP(address ?? "");
    if (!address || family === 0 || rest.length > 0) throw new Error(`${TRUSTED_PROXIES_VARIABLE}: "${entry}" is not an IP address or a CIDR range`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) list.addAddress(address, type);
    else {
      const prefix = Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) throw new Error(`${TRUSTED_PROXIES_VARIABLE}: "${entry}" has no valid prefix length`);
      list.addSubnet(address, prefix, type);
    }
  }
  return {
    none: entries.length === 0,
    trusts: (address) => {
      const a = plain(address);
      const family = isIP(a);
      return family !== 0 && list.check(a, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

/**
 * The address of whoever sent a request: the connection's peer, unless it is a trusted proxy — then
 * X-Forwarded-For is read from its right end, each hop taken only while the one before it is
 * trusted (a client's own made-up entries sit left of what its proxy added, and are never reached).
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: TrustedProxies): string {
  let current = plain(peer ?? "");
  if (trusted.none || forwardedFor === undefined) return current;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map((h) => h.trim())
    .filter((h) => h !== "");
  while (trusted.trusts(current) && hops.length > 0) {
    const next = plain(hops.pop() as string);
    if (isIP(next) === 0) break;
    current = next;
  }
  return current;
}
