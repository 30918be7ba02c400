import { once } from "node:events";
import net from "node:net";
import { type EgressPolicy, refusedRange } from "@interflow/components";

/** the runner image run as the relay (`runner.mjs --loopback-relay`), listening where this variable says (host:port) */
export const LOOPBACK_RELAY_ARG = "--loopback-relay";
export const LOOPBACK_RELAY_LISTEN_VARIABLE = "INTERFLOW_RELAY_LISTEN";

/** the first line a runner sends: "<loopback address> <port>\n" */
const PREAMBLE = /^(\S+) (\d{1,5})$/;
const MAX_PREAMBLE = 64;

/**
 * Step containers on a network of their own have a loopback of their own: a step's URL
 * `http://127.0.0.1:4000/…` would reach the container, not the host. Where the installation's
 * network rules allow loopback, the runners' connections to it come here instead (their egress
 * check sends them, see components/src/http/egress.ts): the relay listens on the host's address on
 * the step network and connects to the host's loopback — only where the same rules allow: a
 * loopback address, never one of the platform's own ports. Anything else is closed at once. It
 * runs as a container of its own on the host's network (the worker keeps it), so the steps keep
 * reaching it while no worker runs.
 */
export class LoopbackRelay {
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    private readonly policy: EgressPolicy,
  ) {}

  /**
   * Listens on `host`, on `port` when it is free (the same port each time, so containers a worker
   * that went away started keep reaching it under the next one), else on any.
   */
  static async start(p: { host: string; port?: number; policy: EgressPolicy }): Promise<LoopbackRelay> {
    for (const port of [p.port ?? 0, 0]) {
      const server = net.createServer();
      const listening = once(server, "listening").then(
        () => true,
        () => false,
      );
      server.listen(port, p.host);
      if (!(await listening)) continue;
      const relay = new LoopbackRelay(server, p.policy);
      server.on("connection", (socket) => relay.accept(socket));
      return relay;
    }
    throw new Error(`the loopback relay could not listen on ${p.host}`);
  }

  /** "host:port", as runners get it in INTERFLOW_LOOPBACK_RELAY */
  get address(): string {
    const { address, port } = this.server.address() as net.AddressInfo;
    return `${address}:${port}`;
  }

  /** Why a relayed connection to `address:port` is refused, or undefined when it may go. */
  refusal(address: string, port: number): string | undefined {
    if (refusedRange(address) !== "loopback") return `${address} is not a loopback address`;
    if (port < 1 || port > 65_535) return `${port} is not a port`;
    if (this.policy.platformPorts.includes(port)) return `${port} is one of the platform's own services`;
    if (!this.policy.allowed.check(address, net.isIP(address) === 6 ? "ipv6" : "ipv4")) return "loopback is not in INTERFLOW_EGRESS_ALLOW";
    return undefined;
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.once("close", () => this.sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  }

  private accept(client: net.Socket): void {
    this.track(client);
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf(10);
      if (end < 0) {
        if (head.length > MAX_PREAMBLE) client.destroy();
        return;
      }
      client.off("data", onData);
      client.pause();
      const match = PREAMBLE.exec(head.subarray(0, end).toString("latin1"));
      const [address, port] = match ? [match[1] as string, Number(match[2])] : ["", 0];
      if (!match || this.refusal(address, port)) return void client.destroy();
      const upstream = net.connect(port, address);
      this.track(upstream);
      upstream.once("close", () => client.destroy());
      client.once("close", () => upstream.destroy());
      const rest = head.subarray(end + 1);
      if (rest.length > 0) upstream.write(rest);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    };
    client.on("data", onData);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
