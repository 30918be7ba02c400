import { type ChildProcess, spawn } from "node:child_process";
import type { OneShotResult, OneShotSpec, RunnerExit, RunnerInfo, RunnerSpec, StepRuntime } from "./step-runtime";

interface Tracked {
  info: RunnerInfo;
  child: ChildProcess;
  requested: boolean;
  output: string[];
  exited: Promise<void>;
}

const OUTPUT_LINES = 50;
/** longer than a runner's own grace for the messages in hand (10 s), so it can finish them */
const STOP_TIMEOUT_MS = 25_000;

/**
 * Runs each step replica as a child process of the worker (`node <runner entry>`), connected by
 * an IPC channel so a runner exits when the worker goes away: no orphans after a worker crash.
 */
export class ProcessStepRuntime implements StepRuntime {
  readonly kind = "process" as const;
  private readonly runners = new Map<string, Tracked>();
  private readonly listeners: Array<(exit: RunnerExit) => void> = [];

  constructor(
    private readonly options: {
      /** path of the bundled runner (packages/runner/dist/main.js) */
      runnerEntry: string;
      /** called with every line a runner writes */
      onOutput?: (runner: RunnerInfo, line: string) => void;
    },
  ) {}

  runOnce(spec: OneShotSpec): Promise<OneShotResult> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [this.options.runnerEntry, ...spec.args], {
        env: { PATH: process.env.PATH ?? "", NODE_ENV: process.env.NODE_ENV ?? "production", ...spec.env },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      let timedOut = false;
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk;
      });
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk;
      });
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill("SIGKILL");
      }, spec.timeoutMs);
      child.once("error", (error) => {
        clearTimeout(timer);
        resolve({ stdout, stderr: `${stderr}${error.message}`, code: null, timedOut });
      });
      child.once("close", (code) => {
        clearTimeout(timer);
        resolve({ stdout, stderr, code, timedOut });
      });
      child.stdin.on("error", () => {});
      child.stdin.end(spec.stdin);
    });
  }

  async start(spec: RunnerSpec): Promise<RunnerInfo> {
    // INTERFLOW_RUNNER_NODE_OPTIONS: Node options for the runners alone (a profiler, say), on their
    // command line — NODE_OPTIONS refuses some (--cpu-prof); nothing else of the worker's environment
    const nodeOptions = (process.env.INTERFLOW_RUNNER_NODE_OPTIONS ?? "").split(/\s+/).filter(Boolean);
    const child = spawn(process.execPath, [...nodeOptions, this.options.runnerEntry], {
      env: { PATH: process.env.PATH ?? "", NODE_ENV: process.env.NODE_ENV ?? "production", ...spec.env },
      stdio: [spec.stdin === undefined ? "ignore" : "pipe", "pipe", "pipe", "ipc"],
    });
    if (spec.stdin !== undefined) {
      child.stdin?.on("error", () => {});
      child.stdin?.end(spec.stdin);
    }
    const info: RunnerInfo = {
      id: String(child.pid ?? `failed-${Date.now()}`),
      workspaceId: spec.workspaceId,
      flowId: spec.flowId,
      flowVersion: spec.flowVersion,
      stepId: spec.stepId,
      replica: spec.replica,
      startedAt: new Date(),
    };
    const tracked: Tracked = {
      info,
      child,
      requested: false,
      output: [],
      exited: new Promise((resolve) => {
        child.once("exit", (code, signal) => {
          this.runners.delete(info.id);
          const exit: RunnerExit = { runner: info, code, signal, requested: tracked.requested, lastOutput: tracked.output };
          for (const listener of this.listeners) listener(exit);
          resolve();
        });
      }),
    };
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) {
        if (!line) continue;
        tracked.output.push(line);
        if (tracked.output.length > OUTPUT_LINES) tracked.output.shift();
        this.options.onOutput?.(info, line);
      }
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    // Known at once, so a stop that comes while it is still spawning stops it too.
    this.runners.set(info.id, tracked);
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", () => resolve());
      child.once("error", (error) => {
        this.runners.delete(info.id);
        reject(new Error(`could not start runner for step "${spec.stepId}": ${error.message}`));
      });
    });
    return info;
  }

  async stop(id: string, options: { timeoutMs?: number } = {}): Promise<void> {
    const tracked = this.runners.get(id);
    if (!tracked) return;
    tracked.requested = true;
    tracked.child.kill("SIGTERM");
    const timer = setTimeout(() => tracked.child.kill("SIGKILL"), options.timeoutMs ?? STOP_TIMEOUT_MS);
    await tracked.exited;
    clearTimeout(timer);
  }

  async list(filter: { flowId?: string } = {}): Promise<RunnerInfo[]> {
    return [...this.runners.values()].map((t) => t.info).filter((info) => !filter.flowId || info.flowId === filter.flowId);
  }

  onExit(listener: (exit: RunnerExit) => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    await Promise.all([...this.runners.keys()].map((id) => this.stop(id)));
  }
}
