import { createHash } from "node:crypto";
import Docker from "dockerode";
import { removeStepFirewall } from "./step-firewall";

/** Label of the Docker networks step containers join: its value is the installation. */
export const STEP_NETWORK_LABEL = "interflow.step-network";

/** A Docker bridge network of step containers: its name, the host's address on it, and its Linux interface. */
export interface StepNetwork {
  name: string;
  /** the host's address on the network (where the containers reach the host) */
  gateway: string;
  /** the bridge's interface on the host (what the firewall rules name) */
  bridge: string;
}

/** the network of an installation's step containers, and its bridge interface (at most 15 characters) */
export function stepNetworkNames(installation: string): { name: string; bridge: string } {
  return { name: `interflow-steps-${installation}`, bridge: `ifs-${createHash("sha256").update(installation).digest("hex").slice(0, 10)}` };
}

const statusCodeOf = (error: unknown) => (error as { statusCode?: number }).statusCode;

/**
 * The installation's network for step containers, made when missing: a bridge of its own (not the
 * host's network), where containers cannot reach each other (inter-container traffic off). They
 * reach the internet through it; what they may reach on the host and the private networks is
 * the firewall's to say (step-firewall.ts).
 */
export async function ensureStepNetwork(p: { installation: string; docker?: Docker }): Promise<StepNetwork> {
  const docker = p.docker ?? new Docker();
  const { name, bridge } = stepNetworkNames(p.installation);
  const inspect = async () => (await docker.getNetwork(name).inspect()) as { IPAM?: { Config?: Array<{ Gateway?: string }> } };
  let found: Awaited<ReturnType<typeof inspect>>;
  try {
    found = await inspect();
  } catch (error) {
    if (statusCodeOf(error) !== 404) throw error;
    try {
      await docker.createNetwork({
        Name: name,
        Driver: "bridge",
        CheckDuplicate: true,
        Labels: { [STEP_NETWORK_LABEL]: p.installation },
        Options: { "com.docker.network.bridge.enable_icc": "false", "com.docker.network.bridge.name": bridge },
      });
    } catch (creating) {
      // made by another worker meanwhile
      if (statusCodeOf(creating) !== 409) throw creating;
    }
    found = await inspect();
  }
  const gateway = found.IPAM?.Config?.find((c) => c.Gateway && !c.Gateway.includes(":"))?.Gateway;
  if (!gateway) throw new Error(`the Docker network ${name} has no IPv4 gateway`);
  return { name, gateway, bridge };
}

/** Removes the installation's step network (when no container is on it any more); false when it stays. */
export async function removeStepNetwork(p: { installation: string; docker?: Docker }): Promise<boolean> {
  const docker = p.docker ?? new Docker();
  try {
    await docker.getNetwork(stepNetworkNames(p.installation).name).remove();
    return true;
  } catch {
    return false;
  }
}

/** Label of an installation's loopback relay container (its value is the installation), and of its settings' digest. */
export const RELAY_LABEL = "interflow.loopback-relay";
const RELAY_CONFIG_LABEL = "interflow.loopback-relay.config";

/**
 * The loopback relay of the installation's step network (packages/runner loopback-relay.ts): the
 * runner image run with `args` on the host's network, with `env`, kept running by Docker (restarted
 * after a crash or a daemon restart) so the steps reach it whether a worker runs or not. One that
 * runs with the same settings is kept; one with others is replaced.
 */
export async function ensureLoopbackRelay(p: { installation: string; image: string; args: string[]; env: Record<string, string>; docker?: Docker }): Promise<void> {
  const docker = p.docker ?? new Docker();
  const name = `interflow-relay-${p.installation}`;
  const config = createHash("sha256").update(JSON.stringify([p.image, p.args, p.env])).digest("hex").slice(0, 16);
  const found = await docker.listContainers({ all: true, filters: { label: [`${RELAY_LABEL}=${p.installation}`] } });
  if (found.some((c) => c.State === "running" && c.Labels[RELAY_CONFIG_LABEL] === config)) return;
  await Promise.all(found.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => {})));
  const container = await docker.createContainer({
    name,
    Image: p.image,
    Cmd: p.args,
    Env: Object.entries({ NODE_ENV: "production", ...p.env }).map(([key, value]) => `${key}=${value}`),
    Labels: { [RELAY_LABEL]: p.installation, [RELAY_CONFIG_LABEL]: config },
    HostConfig: {
      Init: true,
      NetworkMode: "host",
      // it runs the runner's bundle, which loads in about 110-130 MB (every built-in connector's code
      // is read, though none is run): the margin of a runner's default
      Memory: 256 * 1024 * 1024,
      MemorySwap: 256 * 1024 * 1024,
      RestartPolicy: { Name: "unless-stopped" },
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges"],
      ReadonlyRootfs: true,
      LogConfig: { Type: "json-file", Config: { "max-size": "1m", "max-file": "2" } },
    },
  });
  await container.start();
}

/** Removes the installation's loopback relay container. */
export async function removeLoopbackRelay(p: { installation: string; docker?: Docker }): Promise<void> {
  const docker = p.docker ?? new Docker();
  const found = await docker.listContainers({ all: true, filters: { label: [`${RELAY_LABEL}=${p.installation}`] } });
  await Promise.all(found.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => {})));
}

/** Removes everything of the installation's step network: its relay, its firewall rules, the network. */
export async function dismantleStepNetwork(p: { installation: string; docker?: Docker }): Promise<void> {
  await removeLoopbackRelay(p);
  removeStepFirewall(stepNetworkNames(p.installation).bridge);
  await removeStepNetwork(p);
}
