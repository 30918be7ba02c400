// What the tests' real servers (MariaDB, Dovecot, Mosquitto) share: a free loopback port, a process started and stopped.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";

/** A TCP port on 127.0.0.1 nothing listens on right now. */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * Starts a server process and waits until `ready` answers true; when it exits first or does not
 * get ready within 30 s, it is killed and the error quotes the last lines of its log.
 * `stop` ends it (SIGTERM) and removes its directory.
 */
export async function startServerProcess(p: { command: string; args: string[]; dir: string; logFile: string; ready: () => Promise<boolean> }): Promise<{ stop(): Promise<void> }> {
  const child: ChildProcess = spawn(p.command, p.args, { stdio: "ignore" });
  const deadline = Date.now() + 30_000;
  while (!(await p.ready())) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      const log = existsSync(p.logFile) ? readFileSync(p.logFile, "utf8").split("\n").slice(-6).join("\n") : "";
      throw new Error(`${p.command} did not start: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(p.dir, { recursive: true, force: true });
    },
  };
}
