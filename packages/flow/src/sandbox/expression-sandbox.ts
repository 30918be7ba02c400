import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import type { MappingBindings } from "../mapping";
import { EVALUATOR_SOURCE } from "./evaluator-source";

/** How long one evaluation may run and how much memory its evaluator may hold. */
export interface ExpressionLimits {
  timeoutMs: number;
  memoryMb: number;
}

export const DEFAULT_EXPRESSION_LIMITS: ExpressionLimits = { timeoutMs: 1000, memoryMb: 128 };

/** A JSONata error: the expression failed on this input (as it would anywhere). */
export class ExpressionEvaluationError extends Error {
  override name = "ExpressionEvaluationError";
  constructor(
    message: string,
    readonly code?: string,
    readonly position?: number,
    readonly token?: string,
  ) {
    super(message);
  }
}

/** The expression was stopped: it ran too long or needed too much memory. */
export class ExpressionLimitError extends Error {
  override name = "ExpressionLimitError";
  constructor(
    message: string,
    readonly limit: "time" | "memory",
  ) {
    super(message);
  }
}

interface Job {
  source: string;
  input: unknown;
  bindings: Record<string, unknown> | undefined;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  /** was in a batch that ran too long or out of memory: runs again alone, to tell whether it was the cause */
  suspect?: boolean;
}

type Result = { ok: true; value: unknown } | { ok: false; error: { message: string; code?: string; position?: number; token?: string } };

/** Evaluations one evaluator takes at once (their inputs share its heap). */
const MAX_BATCH = 64;
/** Of an evaluator's error output, the tail kept to tell why it stopped. */
const STDERR_TAIL = 4096;

/** One evaluator process and the batch it works on. */
class Lane {
  readonly child: ChildProcess;
  batch: Job[] | null = null;
  sentAt = 0;
  /** set when the sandbox stops the evaluator itself */
  stopped = false;
  private stderr = "";

  constructor(jsonataPath: string, memoryMb: number, onResult: (lane: Lane, results: Result[]) => void, onExit: (lane: Lane, why: string) => void) {
    this.child = spawn(process.execPath, [`--max-old-space-size=${memoryMb}`, "--stack-size=984", "--expose-gc", "-e", EVALUATOR_SOURCE, jsonataPath, String(memoryMb)], {
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      serialization: "advanced",
      // nothing of the caller's environment (secrets, settings) reaches the code it evaluates
      env: {} as NodeJS.ProcessEnv,
    });
    this.child.stderr?.on("data", (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString("utf8")).slice(-STDERR_TAIL);
    });
    this.child.on("message", (results: Result[]) => onResult(this, results));
    this.child.on("error", (e) => {
      this.stderr += `\n${e.message}`;
    });
    this.child.on("exit", (code, signal) => onExit(this, /heap out of memory|heap limit/i.test(this.stderr) ? "memory" : `exit code ${code ?? signal}`));
    this.idle();
  }

  send(batch: Job[]): void {
    this.batch = batch;
    this.sentAt = Date.now();
    this.child.ref();
    (this.child.channel as { ref?: () => void } | undefined)?.ref?.();
    this.child.send(batch.map((j) => ({ source: j.source, input: j.input, bindings: j.bindings })));
  }

  done(): Job[] {
    const batch = this.batch ?? [];
    this.batch = null;
    this.idle();
    return batch;
  }

  /** an idle evaluator does not keep the caller's process alive */
  private idle(): void {
    this.child.unref();
    (this.child.channel as { unref?: () => void } | undefined)?.unref?.();
  }
}

/** Where the evaluator loads JSONata from: next to this code (bundles keep it in node_modules), or from the working directory. */
function resolveJsonata(): string {
  const bases = [typeof __filename === "string" ? __filename : undefined, safeMetaUrl(), path.join(process.cwd(), "noop.js")];
  for (const base of bases) {
    if (!base) continue;
    try {
      return createRequire(base).resolve("jsonata");
    } catch {}
  }
  throw new Error("the expression sandbox cannot find the jsonata package");
}

function safeMetaUrl(): string | undefined {
  try {
    const url = import.meta.url;
    return url?.startsWith("file:") ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Evaluates JSONata off the caller's event loop, in child processes with a memory limit, stopping
 * an evaluation that runs longer than the time limit (its evaluator is replaced). Evaluations asked
 * for together travel as one batch, so a runner's batch of messages costs one round trip. When a
 * batch runs too long or out of memory, its evaluations run again one by one: only the one at fault
 * fails.
 */
export class ExpressionSandbox {
  private readonly queue: Job[] = [];
  private readonly lanes: Array<Lane | undefined>;
  private flushing = false;
  private watchdog: NodeJS.Timeout | undefined;
  private jsonataPath: string | undefined;
  private closed = false;

  constructor(
    readonly limits: ExpressionLimits = DEFAULT_EXPRESSION_LIMITS,
    evaluators = 1,
  ) {
    this.lanes = new Array(Math.max(1, evaluators)).fill(undefined);
  }

  /** The expression's value on `input` with `bindings` as variables (`undefined` when it yields nothing). */
  evaluate(source: string, input: unknown, bindings?: Record<string, unknown>): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error("the expression sandbox is closed"));
    return new Promise((resolve, reject) => {
      this.queue.push({ source, input, bindings, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        // evaluations asked for in the same turn (a batch of messages) go together
        setImmediate(() => {
          this.flushing = false;
          this.flush();
        });
      }
    });
  }

  /** Starts an evaluator and checks it evaluates (a process that will evaluate does this at boot: ready, or failing loudly, before its first message). */
  async warm(): Promise<void> {
    await this.evaluate("1 + 1", null);
  }

  /** Stops the evaluators; evaluations not finished fail. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.watchdog) clearInterval(this.watchdog);
    const pending = [...this.queue.splice(0), ...this.lanes.flatMap((l) => l?.batch ?? [])];
    for (const job of pending) job.reject(new Error("the expression sandbox is closed"));
    this.lanes.forEach((lane, i) => {
      this.lanes[i] = undefined;
      if (!lane) return;
      lane.stopped = true;
      lane.child.kill("SIGKILL");
    });
  }

  private flush(): void {
    if (this.closed) return;
    for (let i = 0; i < this.lanes.length && this.queue.length > 0; i++) {
      const lane = this.lanes[i] ?? this.startLane(i);
      if (lane.batch) continue;
      // a suspect runs alone; the others go in batches up to MAX_BATCH, stopping before a suspect
      const batch: Job[] = [];
      if (this.queue[0]?.suspect) batch.push(this.queue.shift() as Job);
      else while (batch.length < MAX_BATCH && this.queue.length > 0 && !this.queue[0]?.suspect) batch.push(this.queue.shift() as Job);
      lane.send(batch);
    }
    if (!this.watchdog && this.lanes.some((l) => l?.batch)) {
      this.watchdog = setInterval(() => this.watch(), Math.max(10, Math.min(100, Math.floor(this.limits.timeoutMs / 4))));
      this.watchdog.unref();
    }
  }

  private startLane(index: number): Lane {
    this.jsonataPath ??= resolveJsonata();
    const lane = new Lane(
      this.jsonataPath,
      this.limits.memoryMb,
      (l, results) => this.finished(l, results),
      (l, why) => this.exited(index, l, why),
    );
    this.lanes[index] = lane;
    return lane;
  }

  private finished(lane: Lane, results: Result[]): void {
    const batch = lane.done();
    batch.forEach((job, i) => {
      const result = results[i];
      if (!result) job.reject(new Error("the expression evaluator gave no result"));
      else if (result.ok) job.resolve(result.value);
      else job.reject(new ExpressionEvaluationError(result.error.message, result.error.code, result.error.position, result.error.token));
    });
    this.flush();
  }

  private watch(): void {
    const now = Date.now();
    let busy = false;
    this.lanes.forEach((lane, i) => {
      if (!lane?.batch) return;
      busy = true;
      if (now - lane.sentAt <= this.limits.timeoutMs) return;
      this.replace(i, lane, new ExpressionLimitError(`expression stopped after ${this.limits.timeoutMs} ms (the time one evaluation may take)`, "time"));
    });
    if (!busy && this.watchdog) {
      clearInterval(this.watchdog);
      this.watchdog = undefined;
    }
  }

  private exited(index: number, lane: Lane, why: string): void {
    if (lane.stopped || this.lanes[index] !== lane) return;
    const reason =
      why === "memory"
        ? new ExpressionLimitError(`expression stopped: it needed more than ${this.limits.memoryMb} MB of memory`, "memory")
        : new Error(`the expression's evaluator stopped (${why})`);
    this.replace(index, lane, reason);
  }

  /**
   * Stops the lane's evaluator. An evaluation that ran alone as a suspect fails with `reason`; any
   * other runs again alone in a fresh evaluator first (in a batch, which one was at fault is not
   * known; and memory an earlier batch left behind may run out under the next).
   */
  private replace(index: number, lane: Lane, reason: Error): void {
    lane.stopped = true;
    const batch = lane.done();
    this.lanes[index] = undefined;
    lane.child.kill("SIGKILL");
    const guilty = batch.length === 1 && (batch[0]?.suspect || (reason instanceof ExpressionLimitError && reason.limit === "time"));
    if (guilty) (batch[0] as Job).reject(reason);
    else {
      for (const job of batch) job.suspect = true;
      this.queue.unshift(...batch);
    }
    this.flush();
  }
}

/** Limits from the environment (INTERFLOW_EXPRESSION_TIMEOUT_MS, INTERFLOW_EXPRESSION_MEMORY_MB), defaults otherwise. */
export function expressionLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): ExpressionLimits {
  const read = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be a whole number from ${min} to ${max} (it is "${raw}")`);
    return value;
  };
  return {
    timeoutMs: read("INTERFLOW_EXPRESSION_TIMEOUT_MS", DEFAULT_EXPRESSION_LIMITS.timeoutMs, 10, 600_000),
    memoryMb: read("INTERFLOW_EXPRESSION_MEMORY_MB", DEFAULT_EXPRESSION_LIMITS.memoryMb, 16, 16_384),
  };
}

let shared: ExpressionSandbox | undefined;

/** The process's sandbox, with limits from its environment unless configured (made at first use). */
export function sharedSandbox(): ExpressionSandbox {
  shared ??= new ExpressionSandbox(expressionLimitsFromEnv(), 1);
  return shared;
}

/** Sets the limits of the process's sandbox (a process that reads its settings itself: the worker). */
export function configureSharedSandbox(limits: ExpressionLimits): void {
  const previous = shared;
  shared = new ExpressionSandbox(limits, 1);
  void previous?.close();
}

/**
 * A mapping evaluated in the sandbox against a message body with `$headers` and `$steps` bound; an
 * expression that yields nothing gives `{}` so a component always receives an object.
 */
export async function evaluateMappingLimited(source: string, body: unknown, bindings: MappingBindings, sandbox = sharedSandbox()): Promise<unknown> {
  const result = await sandbox.evaluate(source, body, { headers: bindings.headers, steps: bindings.steps });
  return result === undefined ? {} : result;
}
