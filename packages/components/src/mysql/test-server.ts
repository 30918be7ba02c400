// A real MariaDB server for tests (Debian's mariadb-server, installed when missing as npm start
// installs Redis): a data directory of its own, on a free loopback port, stopped by the caller.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import mysql from "mysql2/promise";
import { ensureCommand } from "../../../../scripts/install-packages.mjs";
import { freePort } from "../test-servers";

export interface MariadbServer {
  port: number;
  /** the database `shop`, as the user `interflow` (all rights on it, none elsewhere) */
  url: string;
  /** the same server as root (to create users and grants in a test) */
  rootUrl: string;
  /** kills the server at once, as a crash would (the data directory stays until `stop`) */
  kill(): void;
  /** starts a killed server again on the same port and data */
  restart(): Promise<void>;
  stop(): Promise<void>;
}


async function waitForServer(rootUrl: string, child: ChildProcess, logFile: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`mariadbd exited (${child.exitCode}): ${readFileSync(logFile, "utf8").split("\n").slice(-8).join("\n")}`);
    try {
      const connection = await mysql.createConnection(rootUrl);
      await connection.end();
      return;
    } catch (error) {
      last = error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error(`mariadbd did not answer within ${timeoutMs} ms: ${(last as Error)?.message}`);
}

/** Starts a MariaDB server in a temporary directory with the database `shop` and the user `interflow`. */
export async function startMariadb(): Promise<MariadbServer> {
  for (const command of ["mariadbd", "mariadb-install-db"]) {
    const found = ensureCommand({ command, pkg: "mariadb-server", why: "the MySQL/MariaDB component's tests run against a real server", log: console.log });
    if (found.missing) throw new Error(found.missing);
  }
  const dir = mkdtempSync(path.join(tmpdir(), "interflow-mariadb-"));
  const dataDir = path.join(dir, "data");
  const asRoot = process.getuid?.() === 0 ? ["--user=root"] : [];
  const install = spawnSync("mariadb-install-db", ["--no-defaults", ...asRoot, `--datadir=${dataDir}`, "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve"], { encoding: "utf8" });
  if (install.status !== 0) throw new Error(`mariadb-install-db failed: ${(install.stderr || install.stdout).trim().split("\n").slice(-5).join("\n")}`);
  const port = await freePort();
  const logFile = path.join(dir, "mariadbd.log");
  const rootUrl = `mysql://root@127.0.0.1:${port}/mysql`;
  let child: ChildProcess;
  const start = async () => {
    child = spawn(
      "mariadbd",
      [
        "--no-defaults",
        ...asRoot,
        `--datadir=${dataDir}`,
        `--socket=${path.join(dir, "mariadbd.sock")}`,
        `--pid-file=${path.join(dir, "mariadbd.pid")}`,
        `--log-error=${logFile}`,
        `--port=${port}`,
        "--bind-address=127.0.0.1",
        "--skip-name-resolve",
        "--innodb-buffer-pool-size=32M",
        "--innodb-log-file-size=16M",
        "--performance-schema=OFF",
      ],
      { stdio: "ignore" },
    );
    await waitForServer(rootUrl, child, logFile);
  };
  await start();
  const root = await mysql.createConnection(rootUrl);
  await root.query("CREATE DATABASE shop");
  await root.query("CREATE USER 'interflow'@'%' IDENTIFIED BY 'interflow-secret'");
  await root.query("GRANT ALL ON shop.* TO 'interflow'@'%'");
  await root.end();
  const stopped = () => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve())));
  return {
    port,
    url: `mysql://interflow:interflow-secret@127.0.0.1:${port}/shop`,
    rootUrl,
    kill: () => child.kill("SIGKILL"),
    restart: async () => {
      await stopped();
      await start();
    },
    stop: async () => {
      child.kill("SIGTERM");
      await stopped();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
