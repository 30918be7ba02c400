// A platform process under `npm start` (web, worker, gateway, the embedded Redis and PostgreSQL): restarted when
// it dies unasked, after growing delays, and the restart said; stopped for good by stop() (Ctrl-C).
import { spawn } from "node:child_process";

export class SupervisedChild {
  #o;
  #child;
  #stopping = false;
  #supervising = false;
  #restarts = 0;
  #startedAt = 0;
  #timer;
  /** why it ended before supervise() (the start then fails, saying so) */
  exitedWhileStarting;

  /** @param {import("./supervised-child.d.mts").SupervisedOptions} options */
  constructor(options) {
    this.#o = options;
    this.#spawn();
    process.once("exit", this.#parentExits);
  }

  /**
   * This process ends (an error, a signal while starting, process.exit) with the child still
   * running: it is asked to end as stop() would ask it (not waited for), so nothing is left behind
   * — a child in a process group of its own gets no terminal signal of its own.
   */
  #parentExits = () => {
    if (this.#stopping) return;
    this.#stopping = true;
    clearTimeout(this.#timer);
    const child = this.#child;
    if (child.exitCode === null && child.signalCode === null) child.kill(this.#o.stopSignal ?? "SIGTERM");
  };

  get pid() {
    return this.#child.pid;
  }

  /** resolves when the current process exits */
  get exited() {
    const child = this.#child;
    return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", () => resolve()));
  }

  /** from now on an exit is a crash to restart after (before: the start fails) */
  supervise() {
    this.#supervising = true;
  }

  #spawn() {
    const o = this.#o;
    this.#startedAt = Date.now();
    const child = spawn(o.command ?? process.execPath, o.args, { cwd: o.cwd, env: o.env, uid: o.uid, gid: o.gid, detached: o.ownGroup ?? false, stdio: ["ignore", "pipe", "pipe"] });
    const forward = (chunk) => {
      for (const line of chunk.toString("utf8").split("\n")) if (line) o.output?.(o.name, line);
    };
    child.stdout.on("data", forward);
    child.stderr.on("data", forward);
    child.once("exit", (code, signal) => this.#exited(code, signal));
    // it could not be started (ENOENT, EMFILE): an exit like any other, restarted after a delay
    child.once("error", (error) => {
      o.output?.(o.name, `could not be started: ${error.message}`);
      if (child.exitCode === null && child.signalCode === null && child.pid === undefined) this.#exited(null, null);
    });
    this.#child = child;
    if (child.pid !== undefined) o.onSpawn?.(o.name, child.pid);
  }

  #exited(code, signal) {
    if (this.#stopping) return;
    const o = this.#o;
    const how = signal ?? `code ${code}`;
    if (!this.#supervising) {
      this.exitedWhileStarting ??= `${o.name} exited (${how}) while starting`;
      return;
    }
    if (Date.now() - this.#startedAt >= (o.stableMs ?? 60_000)) this.#restarts = 0;
    const delay = Math.min(o.maxDelayMs ?? 30_000, (o.firstDelayMs ?? 1_000) * 2 ** this.#restarts);
    this.#restarts++;
    o.log(`${o.name} exited unasked (${how}); restarting it in ${delay / 1000} s (restart ${this.#restarts} in a row)`);
    this.#timer = setTimeout(() => {
      if (this.#stopping) return;
      this.#spawn();
      o.log(`${o.name} restarted (pid ${this.#child.pid})`);
    }, delay);
  }

  /** its stop signal (SIGTERM unless told), then SIGKILL after `graceMs`; no restart after it */
  stop(graceMs = 30_000) {
    this.#stopping = true;
    process.off("exit", this.#parentExits);
    clearTimeout(this.#timer);
    const child = this.#child;
    return new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill(this.#o.stopSignal ?? "SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), graceMs).unref();
    });
  }

  /** ends it at once (a start that failed) */
  kill() {
    this.#stopping = true;
    process.off("exit", this.#parentExits);
    clearTimeout(this.#timer);
    this.#child.kill("SIGKILL");
  }
}
