import net from "node:net";
import { networkInterfaces } from "node:os";
import { allowedIpv4Cidrs, type EgressPolicy, REFUSED_IPV4_RANGES, refusedRange } from "@interflow/components";
import type { Redis } from "@interflow/queue";
import { applyStepFirewall, dismantleStepNetwork, ensureLoopbackRelay, ensureStepNetwork } from "@interflow/runtime";
import type { Logger } from "./flow-controller";
import { LOOPBACK_RELAY_ARG, LOOPBACK_RELAY_LISTEN_VARIABLE } from "@interflow/runner";

/** Where the Docker runtime's step containers run, and what they get to reach from there. */
export interface ContainerNetwork {
  /** the Docker network the containers join ("host": the host's own) */
  name: string;
  /** what every step container gets in its environment (the loopback relay's address) */
  env: Record<string, string>;
  /** REDIS_URL as the containers reach Redis */
  redisUrl(url: string): string;
  /** `removeNetwork` (no step container is left on it): removes the network, its relay and its firewall rules. */
  close(p: { removeNetwork: boolean }): Promise<void>;
}

/**
 * The addresses Redis listens on that are still there: a step network removed while Redis ran left
 * its address in the list, and Redis refuses a list with an address it cannot bind.
 */
async function boundAddresses(redis: Redis): Promise<string[]> {
  const [, bind = ""] = (await redis.config("GET", "bind")) as [string, string];
  const present = new Set(Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((i) => i.address)));
  return bind
    .split(/\s+/)
    .filter(Boolean)
    .filter((address) => present.has(address.replace(/^-/, "")) || address.includes("*") || refusedRange(address.replace(/^-/, "")) === "loopback");
}

/** Resolves once something accepts connections on host:port; throws after `timeoutMs`. */
async function waitForPort(host: string, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, host);
      const done = (answered: boolean) => {
        socket.destroy();
        resolve(answered);
      };
      socket.once("connect", () => done(true));
      socket.once("error", () => done(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`the loopback relay of the step network did not listen on ${host}:${port} within ${timeoutMs} ms (docker logs of its container say why)`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const unchanged = (name: string): ContainerNetwork => ({ name, env: {}, redisUrl: (url) => url, close: async () => {} });

/**
 * By default (INTERFLOW_DOCKER_NETWORK unset) step containers run on a bridge network of the
 * installation's own, not the host's: they cannot reach each other; on the host they reach Redis
 * and the loopback relay only (a Redis on loopback is made to listen on the host's address on that
 * network as well); private and link-local ranges beyond it only where INTERFLOW_EGRESS_ALLOW says
 * — held by the host's firewall, so custom code that opens its own sockets is held too. What the
 * allow list permits on the host's loopback (a local sink) stays reachable through the relay.
 * `host` keeps the host's network (saying what that means); any other name is the installation's
 * own network (Compose: one holding Redis and the steps only), used as it is.
 */
export async function prepareContainerNetwork(p: {
  setting: string;
  installation: string;
  redis: Redis;
  redisUrl: string;
  policy: EgressPolicy;
  /** the runner image (the relay runs from it) */
  image: string;
  logger: Logger;
}): Promise<ContainerNetwork> {
  const { logger } = p;
  if (p.setting === "host") {
    logger.warn("INTERFLOW_DOCKER_NETWORK=host: step containers share the host's network, and reach whatever the host reaches (only the steps' own clients check the network rules)");
    return unchanged("host");
  }
  if (p.setting !== "") return unchanged(p.setting);

  const network = await ensureStepNetwork({ installation: p.installation });
  const redis = new URL(p.redisUrl);
  const redisPort = Number(redis.port || 6379);
  const redisHost = redis.hostname.replace(/^\[(.*)\]$/, "$1");
  const redisOnLoopback = redisHost === "localhost" || refusedRange(redisHost) === "loopback";
  if (redisOnLoopback) {
    // Redis listens on loopback: on the step network's address too, as long as this worker runs
    const listen = async () => {
      const addresses = await boundAddresses(p.redis);
      if (!addresses.includes(network.gateway)) await p.redis.config("SET", "bind", [...addresses, network.gateway].join(" "));
    };
    try {
      await listen();
    } catch (error) {
      throw new Error(
        `step containers on the network ${network.name} cannot reach Redis on ${redisHost}: it could not be made to listen on ${network.gateway} as well (${(error as Error).message}); let it listen there, or set INTERFLOW_DOCKER_NETWORK=host`,
      );
    }
    // a Redis that restarted listens where its configuration says: on the network again
    p.redis.on("ready", () => void listen().catch((error: Error) => logger.error("Redis could not be made to listen on the step network again", { error: error.message })));
  }
  // the relay: a container of its own on the host's network, on the same port for the installation
  // each time, so the steps reach it whether a worker runs or not
  const relayPort = 20_000 + (Number.parseInt(network.bridge.slice(4, 12), 16) % 10_000);
  const relayAddress = `${network.gateway}:${relayPort}`;
  await ensureLoopbackRelay({
    installation: p.installation,
    image: p.image,
    args: [LOOPBACK_RELAY_ARG],
    env: { [LOOPBACK_RELAY_LISTEN_VARIABLE]: relayAddress, INTERFLOW_EGRESS_ALLOW: p.policy.described, INTERFLOW_PLATFORM_PORTS: p.policy.platformPorts.join(",") },
  });
  await waitForPort(network.gateway, relayPort, 20_000);
  const allowed = allowedIpv4Cidrs(p.policy);
  if (!redisOnLoopback && refusedRange(redisHost) !== undefined) allowed.push(`${redisHost}/32`);
  const fenced = applyStepFirewall({ bridge: network.bridge, hostPorts: [...(redisOnLoopback ? [redisPort] : []), relayPort], allowed, refused: REFUSED_IPV4_RANGES });
  if (fenced.ok) {
    logger.info("step containers run on a network of their own", { network: network.name, bridge: network.bridge, reach: `Redis and the loopback relay (${relayAddress}) on the host; private ranges: ${allowed.join(", ") || "none"}` });
  } else {
    logger.warn(`step containers run on the network ${network.name}, but its firewall rules could not be set (${fenced.why}): code that opens its own sockets may reach the host's other services and private networks`);
  }
  return {
    name: network.name,
    env: { INTERFLOW_LOOPBACK_RELAY: relayAddress },
    redisUrl: (url) => {
      if (!redisOnLoopback) return url;
      const through = new URL(url);
      through.hostname = network.gateway;
      return through.toString();
    },
    close: async ({ removeNetwork }) => {
      if (!removeNetwork) return;
      // Docker and the firewall first: Redis may be gone already (npm start's Ctrl-C reaches it too)
      await dismantleStepNetwork({ installation: p.installation });
      if (redisOnLoopback && p.redis.status === "ready") {
        const addresses = await boundAddresses(p.redis).catch((): string[] => []);
        if (addresses.includes(network.gateway)) await p.redis.config("SET", "bind", addresses.filter((a) => a !== network.gateway).join(" ")).catch(() => {});
      }
    },
  };
}
