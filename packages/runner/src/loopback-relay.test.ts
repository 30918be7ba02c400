// The loopback relay step containers reach the host's loopback through: it connects only where the
// installation's network rules allow (a loopback address, loopback allowed, not one of the
// platform's own ports) and closes anything else without a byte.
import { once } from "node:events";
import net from "node:net";
import { egressPolicyFromEnv } from "@interflow/components";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LoopbackRelay } from "./loopback-relay";

let echo: net.Server;
let echoPort = 0;
let platform: net.Server;
let platformPort = 0;
const relays: LoopbackRelay[] = [];

const listen = async (server: net.Server) => {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return (server.address() as net.AddressInfo).port;
};

beforeAll(async () => {
  echo = net.createServer((socket) => socket.pipe(socket));
  echoPort = await listen(echo);
  platform = net.createServer((socket) => socket.end("a platform secret\n"));
  platformPort = await listen(platform);
});

afterAll(async () => {
  await Promise.all(relays.map((r) => r.close()));
  echo.close();
  platform.close();
});

async function relayOf(env: Record<string, string>): Promise<LoopbackRelay> {
  const relay = await LoopbackRelay.start({ host: "127.0.0.1", policy: egressPolicyFromEnv(env) });
  relays.push(relay);
  return relay;
}

/** what comes back through the relay after writing `sent`, until it closes (or "(held open)" after 2 s) */
async function through(relay: LoopbackRelay, sent: string): Promise<string> {
  const [host, port] = relay.address.split(":");
  const socket = net.connect(Number(port), host);
  let answer = "";
  socket.on("data", (chunk) => {
    answer += chunk.toString();
    if (answer.includes("hello")) socket.end();
  });
  socket.write(sent);
  const closed = await Promise.race([once(socket, "close").then(() => true), new Promise<false>((r) => setTimeout(() => r(false), 2_000))]);
  socket.destroy();
  return closed ? answer : `${answer}(held open)`;
}

describe("the loopback relay", () => {
  it("carries a connection to an allowed loopback port, the bytes after its first line included", async () => {
    const relay = await relayOf({ INTERFLOW_EGRESS_ALLOW: "127.0.0.0/8", INTERFLOW_PLATFORM_PORTS: String(platformPort) });
    expect(await through(relay, `127.0.0.1 ${echoPort}\nhello`)).toBe("hello");
  });

  it("closes at once, without a byte, what the rules refuse: the platform's own port, a non-loopback address, loopback not allowed, no first line", async () => {
    const relay = await relayOf({ INTERFLOW_EGRESS_ALLOW: "127.0.0.0/8", INTERFLOW_PLATFORM_PORTS: String(platformPort) });
    expect(await through(relay, `127.0.0.1 ${platformPort}\nhello`)).toBe("");
    expect(relay.refusal("127.0.0.1", platformPort)).toBe(`${platformPort} is one of the platform's own services`);
    expect(await through(relay, "10.0.0.1 80\nhello")).toBe("");
    expect(await through(relay, `${"x".repeat(100)}hello`)).toBe("");
    const closed = await relayOf({ INTERFLOW_EGRESS_ALLOW: "" });
    expect(await through(closed, `127.0.0.1 ${echoPort}\nhello`)).toBe("");
    expect(closed.refusal("127.0.0.1", echoPort)).toBe("loopback is not in INTERFLOW_EGRESS_ALLOW");
  });
});
