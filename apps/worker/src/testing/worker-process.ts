import { execFile, spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { root } from "./harness";

const workerDir = path.join(root, "apps/worker");

/** Bundles the worker as `npm run build` does, so the process under test runs this checkout's code. */
export async function buildWorker(): Promise<string> {
  await promisify(execFile)(process.execPath, ["../../scripts/bundle.mjs", "src/main.ts", "dist/main.js"], { cwd: workerDir });
  return path.join(workerDir, "dist/main.js");
}

/** A worker running as its own process, as in production; `output` collects its log lines. */
export class WorkerProcess {
  readonly output: string[] = [];
  private readonly child: ChildProcess;
  readonly exited: Promise<void>;

  constructor(entry: string, env: Record<string, string>) {
    this.child = spawn(process.execPath, [entry], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const collect = (chunk: Buffer) => this.output.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    this.child.stdout?.on("data", collect);
    this.child.stderr?.on("data", collect);
    this.exited = new Promise((resolve) => this.child.once("exit", () => resolve()));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** kill -9: no shutdown code runs */
  async kill(): Promise<void> {
    this.child.kill("SIGKILL");
    await this.exited;
  }

  /** a signal such as a closed terminal's SIGHUP; resolves with how the process ended */
  async signal(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.child.kill(signal);
    await this.exited;
    return { code: this.child.exitCode, signal: this.child.signalCode };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill("SIGTERM");
    await this.exited;
  }

  said(text: string): boolean {
    return this.output.some((line) => line.includes(text));
  }
}

/** Pids of live step runner processes of a flow (found by their INTERFLOW_FLOW_ID), orphans included. */
export function runnerProcessesOf(flowId: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, "utf8").split("\0");
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (environ.includes(`INTERFLOW_FLOW_ID=${flowId}`) && !/\) Z /.test(stat)) pids.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return pids;
}
