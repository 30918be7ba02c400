/** Identity of one step replica, as every runtime labels it. */
export interface RunnerIdentity {
  workspaceId: string;
  flowId: string;
  flowVersion: number;
  stepId: string;
  replica: number;
}

/** What one replica may use; a runtime that cannot enforce them (process) ignores them. */
export interface RunnerResources {
  /** memory limit in MiB: past it the runner is killed (OOM) */
  memoryMb: number;
  /** CPU limit in cores (0.5 = half a core) */
  cpus: number;
}

export interface RunnerSpec extends RunnerIdentity {
  /** environment of the runner (REDIS_URL, INTERFLOW_* …) */
  env: Record<string, string>;
  /** limits; unset: the runtime's defaults */
  resources?: Partial<RunnerResources>;
  /** a custom component's own image (docker), built FROM the runner's; unset: the runner image */
  image?: { name: string; component: string };
  /**
   * what the runner reads on its stdin when it starts (its secrets), followed by the end of
   * input: never in its environment or arguments, where `docker inspect` and /proc show them
   */
  stdin?: string;
}

export interface RunnerInfo extends RunnerIdentity {
  /** runtime-specific id: a pid, a container id */
  id: string;
  startedAt: Date;
}

export interface RunnerExit {
  runner: RunnerInfo;
  code: number | null;
  signal: string | null;
  /** true when the runtime was asked to stop it */
  requested: boolean;
  /** last lines the runner wrote, to explain a crash */
  lastOutput: string[];
  /** killed for going past its memory limit (`memoryLimitMb`) */
  oomKilled?: boolean;
  memoryLimitMb?: number;
}

/** A runner run once for one answer (a designer's step test of a custom component): what it is given. */
export interface OneShotSpec {
  /** a custom component's own image (docker); unset: the runner image */
  image?: { name: string; component: string };
  /** environment of the runner */
  env: Record<string, string>;
  /** arguments after the runner's entry (e.g. ["--step-test"]) */
  args: string[];
  /** written to its standard input, then closed (secrets travel here, never in its environment) */
  stdin: string;
  /** killed past this */
  timeoutMs: number;
}

export interface OneShotResult {
  stdout: string;
  stderr: string;
  code: number | null;
  timedOut: boolean;
}

/**
 * The port through which the worker runs step replicas: a process per replica (`process`, for
 * development and tests) or a container per replica (`docker`).
 */
export interface StepRuntime {
  readonly kind: "process" | "docker";
  start(spec: RunnerSpec): Promise<RunnerInfo>;
  /** stops a runner gracefully, then forcibly after `timeoutMs` */
  stop(id: string, options?: { timeoutMs?: number }): Promise<void>;
  /** what runs now, optionally of one flow */
  list(filter?: { flowId?: string }): Promise<RunnerInfo[]>;
  /** called for every runner that exits, asked to or not */
  onExit(listener: (exit: RunnerExit) => void): void;
  /** stops every runner (worker shutdown) */
  close(): Promise<void>;
  /** runs a runner once, isolated as a replica is, and collects what it wrote (removed afterwards) */
  runOnce(spec: OneShotSpec): Promise<OneShotResult>;
}

export const runnerKey = (r: Pick<RunnerIdentity, "flowId" | "stepId" | "replica">) => `${r.flowId}/${r.stepId}/${r.replica}`;

/** Why a runner exited, in words: "out of memory (limit 256 MiB)", "exit code 3", "killed (SIGKILL)". */
export function describeExit(exit: Pick<RunnerExit, "code" | "signal" | "oomKilled" | "memoryLimitMb">): string {
  if (exit.oomKilled) return `out of memory: killed at its ${exit.memoryLimitMb ?? "?"} MiB limit`;
  if (exit.signal) return `killed (${exit.signal})`;
  if (exit.code === null) return "exited";
  return `exit code ${exit.code}`;
}
