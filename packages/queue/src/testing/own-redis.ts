// A Redis server of a test's own, to kill, pause and start again (the suite's shared one stays up).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createRedis } from "../redis";

export interface OwnRedis {
  url: string;
  /** starts it (again) on the same port, with what it had written */
  start(): Promise<void>;
  /** kill -9 */
  kill(): Promise<void>;
  /** stops it answering (SIGSTOP) until `resume` */
  pause(): void;
  resume(): void;
  /** kills it and removes its files */
  remove(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const listener = createServer().listen(0, "127.0.0.1", () => {
      const { port } = listener.address() as { port: number };
      listener.close(() => resolve(port));
    });
  });
}

/** A Redis that keeps every write on disk at once (a kill -9 loses nothing), on a free loopback port. */
export async function ownRedis(): Promise<OwnRedis> {
  const dir = mkdtempSync(path.join(tmpdir(), "interflow-own-redis-"));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let server: ChildProcess | undefined;
  const kill = async () => {
    const running = server;
    server = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGKILL");
    await exited;
  };
  const own: OwnRedis = {
    url,
    start: async () => {
      server = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--appendfsync", "always", "--save", ""], { stdio: "ignore" });
      const probe = createRedis(url, { lazyConnect: true, retryStrategy: () => 50 });
      probe.on("error", () => {});
      await probe.connect().catch(() => {});
      for (let i = 0; i < 200 && (await probe.ping().catch(() => "not yet")) !== "PONG"; i++) await new Promise((r) => setTimeout(r, 50));
      probe.disconnect();
    },
    kill,
    pause: () => server?.kill("SIGSTOP"),
    resume: () => server?.kill("SIGCONT"),
    remove: async () => {
      server?.kill("SIGCONT");
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await own.start();
  return own;
}
