import { readdirSync, readFileSync } from "node:fs";

/**
 * CPU seconds a process used so far (user + system), from /proc; 0 when it is gone. With
 * `reaped`, also what its children that ended used (PostgreSQL's backends come and go).
 */
export function cpuSeconds(pid: number, p: { reaped?: boolean } = {}): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    const own = Number(fields[11]) + Number(fields[12]);
    return (p.reaped ? own + Number(fields[13]) + Number(fields[14]) : own) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds of PostgreSQL's processes together, backends that ended included. */
export function postgresCpuSeconds(): number {
  return postgresPids().reduce((sum, pid) => sum + cpuSeconds(pid, { reaped: true }), 0);
}

/** The pids of a process's children (a runner's expression evaluator). */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** pids of the PostgreSQL server's processes (its backends do the writing). */
export function postgresPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() === "postgres") pids.push(Number(entry));
    } catch {}
  }
  return pids;
}

/** The machine's CPU time so far (all cores, seconds): busy, and stolen by the hypervisor. */
export function machineCpu(): { busy: number; steal: number } {
  const fields = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return { busy: (user + nice + system + irq + softirq) / 100, steal: steal / 100 };
}

/** Of the time between two readings, the share the hypervisor stole (%): figures of a run with much of it are not comparable. */
export function stealPercent(before: { steal: number }, after: { steal: number }, seconds: number, cores: number): number {
  return Math.round(((after.steal - before.steal) / Math.max(0.001, seconds * cores)) * 1000) / 10;
}
