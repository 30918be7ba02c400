import { lookup } from "node:dns/promises";
import { BlockList, connect as netConnect, isIP, Socket } from "node:net";
import { buildConnector } from "undici";

/**
 * Where steps may connect. By default nothing on this machine or its private networks: loopback,
 * link-local (cloud metadata at 169.254.169.254), private and unique-local ranges, CGNAT,
 * multicast and reserved addresses are refused. `INTERFLOW_EGRESS_ALLOW` (comma-separated CIDRs
 * and host names, `*.example.com` for a domain's hosts) opens what an installation needs; the
 * platform's own ports on loopback (`INTERFLOW_PLATFORM_PORTS`) stay closed even then.
 *
 * The check is made on the address actually connected to, after resolving the name (a name that
 * resolves to 127.0.0.1, or resolves elsewhere the next time, gains nothing), for every connection.
 */
export interface EgressPolicy {
  /** CIDRs let through although they are in a refused range */
  allowed: BlockList;
  /** host names let through (exact, or a suffix given as `*.example.com`), whatever they resolve to */
  hosts: string[];
  /** ports of the platform's own services, refused on loopback whatever the allow list says */
  platformPorts: number[];
  /** what the allow list said, for messages */
  described: string;
  /**
   * where connections to the host's loopback go when the runner has a loopback of its own (a step
   * container on its own network): the worker's loopback relay, `INTERFLOW_LOOPBACK_RELAY` (host:port)
   */
  loopbackRelay?: { host: string; port: number };
}

const REFUSED: Array<[string, number, "ipv4" | "ipv6", string]> = [
  ["0.0.0.0", 8, "ipv4", "this network"],
  ["10.0.0.0", 8, "ipv4", "a private network"],
  ["100.64.0.0", 10, "ipv4", "a carrier-grade NAT network"],
  ["127.0.0.0", 8, "ipv4", "loopback"],
  ["169.254.0.0", 16, "ipv4", "link-local (cloud metadata)"],
  ["172.16.0.0", 12, "ipv4", "a private network"],
  ["192.0.0.0", 24, "ipv4", "reserved"],
  ["192.168.0.0", 16, "ipv4", "a private network"],
  ["198.18.0.0", 15, "ipv4", "a benchmarking network"],
  ["224.0.0.0", 4, "ipv4", "multicast"],
  ["240.0.0.0", 4, "ipv4", "reserved"],
  ["::", 128, "ipv6", "unspecified"],
  ["::1", 128, "ipv6", "loopback"],
  ["fc00::", 7, "ipv6", "a unique-local network"],
  ["fe80::", 10, "ipv6", "link-local"],
  ["ff00::", 8, "ipv6", "multicast"],
];

/** The IPv4 ranges steps may not reach unless allowed, as CIDRs (what the step network's firewall refuses). */
export const REFUSED_IPV4_RANGES = REFUSED.filter(([, , type]) => type === "ipv4").map(([network, prefix]) => `${network}/${prefix}`);

const refusedRanges = REFUSED.map(([network, prefix, type, what]) => {
  const list = new BlockList();
  list.addSubnet(network, prefix, type);
  return { list, type, what };
});

/** The IPv4 address an IPv6 address carries (mapped ::ffff:a.b.c.d, or NAT64 64:ff9b::/96), if any. */
function embeddedIpv4(address: string): string | undefined {
  const mapped = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return undefined;
  const [high, low] = [Number.parseInt(hex[1] as string, 16), Number.parseInt(hex[2] as string, 16)];
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/** Why `address` (an IP) is not for steps, or undefined when it is. */
export function refusedRange(address: string): string | undefined {
  const v4 = isIP(address) === 6 ? embeddedIpv4(address) : undefined;
  const ip = v4 ?? address;
  const type = isIP(ip) === 4 ? "ipv4" : "ipv6";
  return refusedRanges.find((r) => r.type === type && r.list.check(ip, type))?.what;
}

export function egressPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): EgressPolicy {
  const allowed = new BlockList();
  const hosts: string[] = [];
  const described = (env.INTERFLOW_EGRESS_ALLOW ?? "").trim();
  for (const raw of described.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [network, prefix] = raw.split("/");
    const family = isIP(network ?? "");
    if (family !== 0) {
      const type = family === 4 ? "ipv4" : "ipv6";
      const bits = prefix === undefined ? (family === 4 ? 32 : 128) : Number(prefix);
      if (!Number.isInteger(bits) || bits < 0 || bits > (family === 4 ? 32 : 128)) throw new Error(`INTERFLOW_EGRESS_ALLOW: "${raw}" is not a CIDR (address/prefix)`);
      allowed.addSubnet(network as string, bits, type);
    } else if (/^(\*\.)?[a-z0-9.-]+$/i.test(raw)) {
      hosts.push(raw.toLowerCase());
    } else {
      throw new Error(`INTERFLOW_EGRESS_ALLOW: "${raw}" is neither a CIDR nor a host name`);
    }
  }
  const platformPorts = (env.INTERFLOW_PLATFORM_PORTS ?? "")
    .split(",")
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
  const relay = /^([^:]+):(\d+)$/.exec((env.INTERFLOW_LOOPBACK_RELAY ?? "").trim());
  return { allowed, hosts, platformPorts, described, ...(relay ? { loopbackRelay: { host: relay[1] as string, port: Number(relay[2]) } } : {}) };
}

/** The allow list's IPv4 CIDRs (host names are not among them). */
export function allowedIpv4Cidrs(policy: EgressPolicy): string[] {
  return policy.described
    .split(",")
    .map((s) => s.trim())
    .filter((raw) => isIP(raw.split("/")[0] ?? "") === 4)
    .map((raw) => (raw.includes("/") ? raw : `${raw}/32`));
}

/** the first line the loopback relay reads: where on the host's loopback to connect */
const relayPreamble = (address: string, port: number) => `${address} ${port}\n`;

/** A connection to the host's loopback through the relay, when the policy names one and the address is loopback. */
function throughRelay(policy: EgressPolicy, address: string, port: number): Socket | undefined {
  if (!policy.loopbackRelay || refusedRange(address) !== "loopback") return undefined;
  const socket = netConnect(policy.loopbackRelay.port, policy.loopbackRelay.host);
  socket.write(relayPreamble(address, port));
  return socket;
}

function hostAllowed(policy: EgressPolicy, hostname: string): boolean {
  const name = hostname.toLowerCase();
  return policy.hosts.some((h) => (h.startsWith("*.") ? name.endsWith(h.slice(1)) : name === h));
}

/** Thrown when a connection is refused by the network rules: a step error (trying again will not help). */
export class EgressRefusedError extends Error {
  readonly code = "EGRESS_REFUSED";
  override name = "EgressRefusedError";
}

/**
 * The address to connect to for `hostname:port` under the policy: resolved here (all of the
 * name's addresses checked), so what is checked is what is connected to.
 */
export async function checkedAddress(policy: EgressPolicy, hostname: string, port: number): Promise<{ address: string; family: number }> {
  const host = hostname.replace(/^\[(.*)\]$/, "$1");
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true, verbatim: true });
  const named = isIP(host) === 0 && hostAllowed(policy, host);
  for (const { address } of addresses) {
    const range = refusedRange(address);
    const v4 = embeddedIpv4(address);
    const loopback = range === "loopback";
    if (loopback && policy.platformPorts.includes(port)) {
      throw new EgressRefusedError(`${hostname}:${port} is one of the platform's own services: steps may not reach it`);
    }
    if (range === undefined || named) continue;
    const type = isIP(v4 ?? address) === 4 ? "ipv4" : "ipv6";
    if (policy.allowed.check(v4 ?? address, type)) continue;
    const via = address === host ? "" : ` (${hostname} resolves to ${address})`;
    throw new EgressRefusedError(
      `${address}${via} is ${range}: steps may not connect there by the installation's network rules (INTERFLOW_EGRESS_ALLOW${policy.described ? ` is "${policy.described}"` : " is not set"}; add its CIDR or host name to allow it)`,
    );
  }
  const first = addresses[0];
  if (!first) throw new EgressRefusedError(`${hostname} resolves to no address`);
  return first;
}

/** An undici connector that connects only where the policy allows, to the very address it checked. */
export function guardedConnector(policy: EgressPolicy, options: buildConnector.BuildOptions = {}): buildConnector.connector {
  const connect = buildConnector(options);
  return (opts, callback) => {
    const port = Number(opts.port || (opts.protocol === "https:" ? 443 : 80));
    checkedAddress(policy, opts.hostname, port).then(
      ({ address }) => {
        const bare = opts.hostname.replace(/^\[(.*)\]$/, "$1");
        const servername = opts.servername ?? (isIP(bare) ? undefined : bare);
        const relayed = throughRelay(policy, address, port);
        if (!relayed) return connect({ ...opts, hostname: address, servername }, callback);
        // the host's loopback, from a runner with a loopback of its own: TLS (if any) over the relay
        if (opts.protocol === "https:") return connect({ ...opts, hostname: address, servername, httpSocket: relayed }, callback);
        const failed = (error: Error) => callback(error, null);
        relayed.once("error", failed);
        relayed.once("connect", () => {
          relayed.off("error", failed);
          callback(null, relayed);
        });
      },
      (error: Error) => callback(error, null),
    );
  };
}

/**
 * A socket for clients that connect with `socket.connect(port, host)` themselves (pg): checked as
 * the connector checks, and connected to the very address checked. A local socket path (a
 * PostgreSQL host such as /var/run/postgresql) is on this machine: refused.
 */
export class GuardedSocket extends Socket {
  constructor(private readonly policyOf: () => EgressPolicy) {
    super();
  }

  override connect(...args: unknown[]): this {
    const [port, host, listener] = args;
    // connect(port, host, listener): the listener hears 'connect' as with a plain socket (nodemailer passes one)
    if (typeof listener === "function") this.once("connect", listener as () => void);
    const refuse = (error: Error) => this.destroy(error);
    if (typeof host !== "string" || !(typeof port === "number" || (typeof port === "string" && /^\d+$/.test(port)))) {
      process.nextTick(() => refuse(new EgressRefusedError(`${String(port)} is a local socket on this machine: steps may not connect there`)));
      return this;
    }
    const policy = this.policyOf();
    checkedAddress(policy, host, Number(port)).then(({ address }) => {
      if (policy.loopbackRelay && refusedRange(address) === "loopback") {
        // the host's loopback, from a runner with a loopback of its own: through the relay
        super.connect(policy.loopbackRelay.port, policy.loopbackRelay.host);
        this.write(relayPreamble(address, Number(port)));
      } else {
        super.connect(Number(port), address);
      }
    }, refuse);
    return this;
  }
}
