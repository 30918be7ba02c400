import { spawnSync } from "node:child_process";

/**
 * What step containers on their bridge may reach, held by the host's firewall (iptables), so that
 * it holds for code that opens its own sockets too (a custom component), not only for the steps'
 * HTTP and database clients (which check every address themselves):
 *
 * - on the host: only `hostPorts` (Redis, the loopback relay); everything else on the host's
 *   addresses is refused (INPUT, chain IF-IN-<bridge>);
 * - beyond it: `refused` ranges (private, link-local — cloud metadata — and the like) are refused
 *   unless `allowed` opens them (DOCKER-USER, chain IF-OUT-<bridge>); the internet is open.
 *
 * Replies to connections the host opened stay open. Applied again, the rules are replaced.
 */
export interface StepFirewallRules {
  bridge: string;
  hostPorts: number[];
  /** IPv4 CIDRs containers may reach although a refused range holds them (the allow list, an external Redis) */
  allowed: string[];
  /** IPv4 CIDRs containers may not reach */
  refused: string[];
}

const chainsOf = (bridge: string) => ({ input: `IF-IN-${bridge}`, output: `IF-OUT-${bridge}` });

function iptables(args: string[]): { ok: boolean; error: string } {
  const run = spawnSync("iptables", ["-w", "5", ...args], { encoding: "utf8", timeout: 15_000 });
  if (run.error) return { ok: false, error: run.error.message };
  return { ok: run.status === 0, error: (run.stderr || run.stdout || `exit ${run.status}`).trim() };
}

/** Applies the rules; `ok: false` says why they could not be (no iptables, not root, no DOCKER-USER chain). */
export function applyStepFirewall(rules: StepFirewallRules): { ok: true } | { ok: false; why: string } {
  if (process.getuid?.() !== 0) return { ok: false, why: "only root sets firewall rules" };
  const probe = iptables(["-S", "DOCKER-USER"]);
  if (!probe.ok) return { ok: false, why: `iptables: ${probe.error}` };
  const { input, output } = chainsOf(rules.bridge);
  const steps: string[][] = [];
  for (const chain of [input, output]) {
    if (!iptables(["-S", chain]).ok) steps.push(["-N", chain]);
    steps.push(["-F", chain]);
  }
  steps.push(["-A", input, "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "RETURN"]);
  for (const port of rules.hostPorts) steps.push(["-A", input, "-p", "tcp", "--dport", String(port), "-j", "RETURN"]);
  steps.push(["-A", input, "-j", "REJECT"]);
  steps.push(["-A", output, "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "RETURN"]);
  for (const cidr of rules.allowed) steps.push(["-A", output, "-d", cidr, "-j", "RETURN"]);
  for (const cidr of rules.refused) steps.push(["-A", output, "-d", cidr, "-p", "tcp", "-j", "REJECT", "--reject-with", "tcp-reset"]);
  for (const cidr of rules.refused) steps.push(["-A", output, "-d", cidr, "-j", "REJECT"]);
  for (const step of steps) {
    const done = iptables(step);
    if (!done.ok) return { ok: false, why: `iptables ${step.join(" ")}: ${done.error}` };
  }
  for (const [parent, chain] of [
    ["INPUT", input],
    ["DOCKER-USER", output],
  ] as const) {
    if (!iptables(["-C", parent, "-i", rules.bridge, "-j", chain]).ok) {
      const jump = iptables(["-I", parent, "1", "-i", rules.bridge, "-j", chain]);
      if (!jump.ok) return { ok: false, why: `iptables -I ${parent}: ${jump.error}` };
    }
  }
  return { ok: true };
}

/** Removes the rules of the bridge (when its network goes). */
export function removeStepFirewall(bridge: string): void {
  const { input, output } = chainsOf(bridge);
  for (const [parent, chain] of [
    ["INPUT", input],
    ["DOCKER-USER", output],
  ] as const) {
    while (iptables(["-D", parent, "-i", bridge, "-j", chain]).ok) {}
    iptables(["-F", chain]);
    iptables(["-X", chain]);
  }
}
