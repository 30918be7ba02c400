import { PassThrough, type Readable } from "node:stream";
import Docker from "dockerode";
import type { OneShotResult, OneShotSpec, RunnerExit, RunnerIdentity, RunnerInfo, RunnerResources, RunnerSpec, StepRuntime } from "./step-runtime";

/** Labels every step container carries: the worker finds its containers again from Docker itself. */
export const LABELS = {
  installation: "interflow.installation",
  workspace: "interflow.workspace",
  flow: "interflow.flow",
  version: "interflow.version",
  step: "interflow.step",
  replica: "interflow.replica",
  memoryMb: "interflow.memory-mb",
  /** a runner run once (a step test): its installation, and no replica labels */
  oneShot: "interflow.one-shot",
} as const;

export const DEFAULT_RESOURCES: RunnerResources = { memoryMb: 256, cpus: 1 };
const OUTPUT_LINES = 50;
/** longer than a runner's own grace for the messages in hand (10 s), so it can finish them */
const STOP_TIMEOUT_MS = 25_000;

export interface DockerRuntimeOptions {
  /** the runner image (built by `npm run docker:images`) */
  image: string;
  /** tells this installation's containers from any other's on the same daemon */
  installation: string;
  /** defaults to the daemon of DOCKER_HOST or /var/run/docker.sock */
  docker?: Docker;
  /** limits of a step that sets none */
  defaults?: Partial<RunnerResources>;
  /** "host" (default): a runner reaches Redis and the applications as the worker does */
  network?: string;
  /** called with every line a runner writes */
  onOutput?: (runner: RunnerInfo, line: string) => void;
}

interface Tracked {
  info: RunnerInfo;
  memoryMb: number;
  requested: boolean;
  output: string[];
  exited: Promise<void>;
}

/** A Docker error in words a person can act on (the daemon's own message is kept). */
export function describeDockerError(error: unknown, image?: string, customComponent?: string): string {
  const e = error as { statusCode?: number; code?: string; message?: string; json?: { message?: string } };
  if (e.code === "ECONNREFUSED" || e.code === "ENOENT" || e.code === "EACCES") {
    return `no Docker daemon reachable (${e.code}): start dockerd, or set INTERFLOW_RUNTIME=process`;
  }
  const message = e.json?.message ?? e.message ?? String(error);
  if (e.statusCode === 404 && image && /no such image/i.test(message)) {
    if (customComponent) return `the image ${image} of the component "${customComponent}" is missing on this Docker daemon: build it here with interflow component build <its folder>`;
    return `the runner image ${image} is missing: build it with npm run docker:images`;
  }
  return message.replace(/^\(HTTP code \d+\) [a-z ]+ - /, "");
}

const statusCodeOf = (error: unknown) => (error as { statusCode?: number }).statusCode;

/**
 * Runs each step replica as its own Docker container, from the runner image: init process (fast
 * stop), memory and CPU limits, no capabilities, no new privileges, read-only root with a small
 * /tmp, bounded json-file logs. Containers are labelled with their flow, version, step and replica,
 * so a worker that starts again adopts the ones still running instead of starting duplicates.
 * Docker's own restart policy stays "no": the worker's supervisor replaces an exited container,
 * with back-off, and counts the restart where the dashboard shows it.
 */
export class DockerStepRuntime implements StepRuntime {
  readonly kind = "docker" as const;
  private readonly docker: Docker;
  private readonly runners = new Map<string, Tracked>();
  private readonly listeners: Array<(exit: RunnerExit) => void> = [];
  private readonly defaults: RunnerResources;

  constructor(private readonly options: DockerRuntimeOptions) {
    this.docker = options.docker ?? new Docker();
    this.defaults = { ...DEFAULT_RESOURCES, ...options.defaults };
  }

  /** Answers when the daemon answers, else throws saying what to do. */
  async ping(): Promise<void> {
    try {
      await this.docker.ping();
    } catch (error) {
      throw new Error(describeDockerError(error));
    }
  }

  /** Throws when the runner image is not on the daemon, naming the command that builds it. */
  async checkImage(): Promise<void> {
    try {
      await this.docker.getImage(this.options.image).inspect();
    } catch (error) {
      if (statusCodeOf(error) === 404) throw new Error(`the runner image ${this.options.image} is missing: build it with npm run docker:images`);
      throw new Error(describeDockerError(error));
    }
  }

  /** How every runner container is held in: init, limits, no privileges, read-only root, bounded logs. */
  private hostConfig(resources: RunnerResources): Docker.HostConfig {
    const memory = Math.round(resources.memoryMb * 1024 * 1024);
    return {
      Init: true,
      NetworkMode: this.options.network ?? "host",
      Memory: memory,
      // no swap beyond the limit: past it the kernel kills the runner, and Docker says OOM
      MemorySwap: memory,
      NanoCpus: Math.round(resources.cpus * 1e9),
      PidsLimit: 512,
      RestartPolicy: { Name: "no" },
      CapDrop: ["ALL"],
      SecurityOpt: ["no-new-privileges"],
      ReadonlyRootfs: true,
      Tmpfs: { "/tmp": "rw,nosuid,size=64m" },
      LogConfig: { Type: "json-file", Config: { "max-size": "5m", "max-file": "2" } },
    };
  }

  async runOnce(spec: OneShotSpec): Promise<OneShotResult> {
    const image = spec.image?.name ?? this.options.image;
    let container: Docker.Container;
    try {
      container = await this.docker.createContainer({
        Image: image,
        Cmd: spec.args,
        Env: Object.entries({ NODE_ENV: "production", ...spec.env }).map(([key, value]) => `${key}=${value}`),
        // not a replica: listed and adopted by nobody
        Labels: { [LABELS.oneShot]: this.options.installation },
        OpenStdin: true,
        StdinOnce: true,
        AttachStdin: true,
        AttachStdout: true,
        AttachStderr: true,
        HostConfig: this.hostConfig(this.defaults),
      });
    } catch (error) {
      throw new Error(`could not run ${spec.image ? `the component "${spec.image.component}"` : "a runner"}: ${describeDockerError(error, image, spec.image?.component)}`);
    }
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    try {
      const stream = await container.attach({ stream: true, hijack: true, stdin: true, stdout: true, stderr: true });
      const out = new PassThrough();
      const err = new PassThrough();
      out.on("data", (chunk: Buffer) => {
        stdout += chunk;
      });
      err.on("data", (chunk: Buffer) => {
        stderr += chunk;
      });
      this.docker.modem.demuxStream(stream, out, err);
      const ended = new Promise<void>((resolve) => {
        stream.once("end", () => resolve());
        stream.once("close", () => resolve());
      });
      await container.start();
      stream.end(spec.stdin);
      const timer = setTimeout(() => {
        timedOut = true;
        void container.kill().catch(() => {});
      }, spec.timeoutMs);
      const exited = (await container.wait()) as { StatusCode?: number };
      clearTimeout(timer);
      // what it wrote last may still be on its way
      await Promise.race([ended, new Promise((r) => setTimeout(r, 1_000))]);
      return { stdout, stderr, code: exited.StatusCode ?? null, timedOut };
    } finally {
      await container.remove({ force: true }).catch(() => {});
    }
  }

  async start(spec: RunnerSpec): Promise<RunnerInfo> {
    const resources = { ...this.defaults, ...spec.resources };
    const labels: Record<string, string> = {
      [LABELS.installation]: this.options.installation,
      [LABELS.workspace]: spec.workspaceId,
      [LABELS.flow]: spec.flowId,
      [LABELS.version]: String(spec.flowVersion),
      [LABELS.step]: spec.stepId,
      [LABELS.replica]: String(spec.replica),
      [LABELS.memoryMb]: String(resources.memoryMb),
    };
    // a custom component's steps run in its own image, built FROM the runner's
    const image = spec.image?.name ?? this.options.image;
    const failure = (error: unknown) => new Error(`could not start runner for step "${spec.stepId}": ${describeDockerError(error, image, spec.image?.component)}`);
    let container: Docker.Container;
    try {
      container = await this.docker.createContainer({
        name: `interflow-${spec.flowId.slice(0, 12)}-${spec.stepId}-${spec.replica}-${Date.now().toString(36)}`.replace(/[^a-zA-Z0-9_.-]/g, "-"),
        Image: image,
        Env: Object.entries({ NODE_ENV: "production", ...spec.env }).map(([key, value]) => `${key}=${value}`),
        Labels: labels,
        // secrets come on stdin, read once at start (never in Env, which docker inspect shows)
        ...(spec.stdin === undefined ? {} : { OpenStdin: true, StdinOnce: true, AttachStdin: true }),
        StopTimeout: Math.ceil(STOP_TIMEOUT_MS / 1000),
        HostConfig: this.hostConfig(resources),
      });
    } catch (error) {
      throw failure(error);
    }
    const info: RunnerInfo = { id: container.id, workspaceId: spec.workspaceId, flowId: spec.flowId, flowVersion: spec.flowVersion, stepId: spec.stepId, replica: spec.replica, startedAt: new Date() };
    // known at once, so a stop that comes while it is still starting stops it too
    const tracked = this.track(info, resources.memoryMb);
    try {
      // attached before it starts: not one line of its output is missed
      const stream = await container.attach({ stream: true, stdout: true, stderr: true, logs: true, ...(spec.stdin === undefined ? {} : { stdin: true, hijack: true }) });
      this.collect(tracked, stream);
      await container.start();
      if (spec.stdin !== undefined) (stream as NodeJS.ReadWriteStream).end(spec.stdin);
    } catch (error) {
      this.runners.delete(info.id);
      await container.remove({ force: true }).catch(() => {});
      throw failure(error);
    }
    tracked.exited = this.watchExit(tracked);
    return info;
  }

  async stop(id: string, options: { timeoutMs?: number } = {}): Promise<void> {
    const tracked = this.runners.get(id);
    if (tracked) tracked.requested = true;
    const container = this.docker.getContainer(id);
    try {
      await container.stop({ t: Math.ceil((options.timeoutMs ?? STOP_TIMEOUT_MS) / 1000) });
    } catch (error) {
      // 304: exited already; 404: gone already
      if (statusCodeOf(error) !== 304 && statusCodeOf(error) !== 404) throw new Error(`could not stop runner ${id.slice(0, 12)}: ${describeDockerError(error)}`);
    }
    if (tracked) await tracked.exited;
    else await container.remove({ force: true }).catch(() => {});
  }

  /**
   * What runs now, read from Docker (not from memory): containers this runtime did not start —
   * left running by a worker that went away — are adopted: their output and exit are followed.
   */
  async list(filter: { flowId?: string } = {}): Promise<RunnerInfo[]> {
    const label = [`${LABELS.installation}=${this.options.installation}`];
    if (filter.flowId) label.push(`${LABELS.flow}=${filter.flowId}`);
    let containers: Docker.ContainerInfo[];
    try {
      containers = await this.docker.listContainers({ all: true, filters: { label } });
    } catch (error) {
      throw new Error(`could not list step containers: ${describeDockerError(error)}`);
    }
    const found: RunnerInfo[] = [];
    for (const container of containers) {
      const known = this.runners.get(container.Id);
      if (known) {
        found.push(known.info);
        continue;
      }
      if (container.State !== "running") {
        // exited while nobody watched: cleared away
        await this.docker.getContainer(container.Id).remove({ force: true }).catch(() => {});
        continue;
      }
      found.push(await this.adopt(container));
    }
    return found;
  }

  onExit(listener: (exit: RunnerExit) => void): void {
    this.listeners.push(listener);
  }

  /** Stops every runner of this installation (the worker's shutdown). */
  async close(): Promise<void> {
    const running = await this.list().catch(() => [...this.runners.values()].map((t) => t.info));
    await Promise.all(running.map((r) => this.stop(r.id).catch(() => {})));
  }

  private track(info: RunnerInfo, memoryMb: number): Tracked {
    const tracked: Tracked = { info, memoryMb, requested: false, output: [], exited: Promise.resolve() };
    this.runners.set(info.id, tracked);
    return tracked;
  }

  private async adopt(container: Docker.ContainerInfo): Promise<RunnerInfo> {
    const l = container.Labels;
    const identity: RunnerIdentity = {
      workspaceId: l[LABELS.workspace] ?? "",
      flowId: l[LABELS.flow] ?? "",
      flowVersion: Number(l[LABELS.version]),
      stepId: l[LABELS.step] ?? "",
      replica: Number(l[LABELS.replica]),
    };
    const info: RunnerInfo = { ...identity, id: container.Id, startedAt: new Date(container.Created * 1000) };
    const tracked = this.track(info, Number(l[LABELS.memoryMb] ?? this.defaults.memoryMb));
    const handle = this.docker.getContainer(container.Id);
    tracked.exited = this.watchExit(tracked);
    handle
      .logs({ follow: true, stdout: true, stderr: true, since: Math.floor(Date.now() / 1000) })
      .then((stream) => this.collect(tracked, stream as unknown as Readable))
      .catch(() => {});
    return info;
  }

  /** Splits the container's multiplexed stdout/stderr into lines: kept (the last 50) and passed on. */
  private collect(tracked: Tracked, stream: NodeJS.ReadableStream): void {
    const lines = new PassThrough();
    let partial = "";
    lines.on("data", (chunk: Buffer) => {
      const text = partial + chunk.toString("utf8");
      const parts = text.split("\n");
      partial = parts.pop() ?? "";
      for (const line of parts) {
        if (!line) continue;
        tracked.output.push(line);
        if (tracked.output.length > OUTPUT_LINES) tracked.output.shift();
        this.options.onOutput?.(tracked.info, line);
      }
    });
    this.docker.modem.demuxStream(stream, lines, lines);
    // attached at once: a stream that ends before anyone listens would otherwise be missed
    stream.on("end", () => lines.end());
    stream.on("error", () => lines.end());
  }

  /** Waits for the container to exit, reads why (exit code, OOM), removes it and tells the listeners. */
  private async watchExit(tracked: Tracked): Promise<void> {
    const container = this.docker.getContainer(tracked.info.id);
    let code: number | null = null;
    let oomKilled = false;
    try {
      const waited = (await container.wait()) as { StatusCode?: number };
      code = waited.StatusCode ?? null;
      const state = (await container.inspect()).State;
      oomKilled = state.OOMKilled === true;
      code = state.ExitCode ?? code;
    } catch {
      // gone under us (removed by hand): it exited
    }
    await container.remove({ force: true }).catch(() => {});
    this.runners.delete(tracked.info.id);
    // 137 = killed (SIGKILL): docker kill, or the kernel's OOM killer
    const signal = code === 137 ? "SIGKILL" : code === 143 ? "SIGTERM" : null;
    const exit: RunnerExit = { runner: tracked.info, code, signal, requested: tracked.requested, lastOutput: tracked.output, ...(oomKilled ? { oomKilled, memoryLimitMb: tracked.memoryMb } : {}) };
    for (const listener of this.listeners) listener(exit);
  }
}
