// `npm start` on a fresh Debian machine, for real: a throw-away container made from a Debian root
// filesystem (debootstrap, as a new server has it) with Node 20 and this checkout — no
// redis-server, no docker.io. npm start must install both itself (apt), start dockerd, build the
// runner image and run the steps as containers; then a newcomer's first flow delivers and Ctrl-C
// stops everything. (The container is the machine: it may mount and run a Docker daemon of its own.)
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEBIAN_IMAGE, docker, ensureDebianImage, npmDir } from "./debian-image";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const scratch = mkdtempSync(path.join(os.tmpdir(), "interflow-fresh-machine-"));
const logFile = path.join(repoRoot, "test-results/fresh-machine.log");

interface Outcome {
  ok: boolean;
  error?: string;
  before: { redisServer: boolean; dockerd: boolean; docker: boolean };
  after?: { redisServer: boolean; dockerd: boolean; docker: boolean };
  lines: string[];
  readyAfterSeconds?: number;
  /** the permission bits of the data directory and what it keeps, as octal text (null: not there) */
  modes?: Record<string, string | null>;
  startToRunningMs?: number;
  webhookStatus?: number;
  output?: unknown;
  containers?: string[];
  stoppedAfterMs?: number | null;
  leftRunning?: string[];
  postgresBackMs?: number;
  webhookAfterPostgresRestart?: number;
  outputsAfterPostgresRestart?: unknown[];
  databasesBeforeStop?: number;
  databasesLeft?: string[];
  containersAfterStop?: number;
  seconds: number;
}

let outcome: Outcome;
/** the machine's cgroup hierarchies (as this process sees them) before and after the fresh machine ran */
const hierarchies = () => readFileSync("/proc/self/cgroup", "utf8").split("\n").filter(Boolean).map((line) => line.split(":").slice(0, 2).join(":"));
let hierarchiesBefore: string[] = [];
let hierarchiesAfter: string[] = [];

beforeAll(async () => {
  ensureDebianImage();
  hierarchiesBefore = hierarchies();
  const name = `interflow-fresh-machine-${process.pid}`;
  // every capability but one this sandbox's daemon cannot grant (so no --privileged), no seccomp or
  // AppArmor profile, every device: what a Docker daemon inside needs
  const args = [
    // an init as the machine's PID 1, reaping what ends
    "run", "--rm", "--init", "--name", name,
    "--cap-add", "ALL", "--cap-drop", "SYS_RESOURCE",
    "--security-opt", "seccomp=unconfined", "--security-opt", "apparmor=unconfined",
    "--device-cgroup-rule", "a *:* rwm",
    "--tmpfs", "/run", "--tmpfs", "/tmp",
    "-v", `${repoRoot}:/src:ro`,
    "-v", `${path.join(scratch, "checkout")}:/scratch`,
    "-v", `${path.join(scratch, "docker")}:/var/lib/docker`,
    "-v", `${process.execPath}:/usr/local/bin/node:ro`,
    "-v", `${npmDir}:/usr/local/lib/node_modules/npm:ro`,
    DEBIAN_IMAGE, "bash", "/src/scripts/fresh-machine/entry.sh",
  ];
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn("docker", args, { stdio: ["ignore", "pipe", "pipe"] });
    const timer = setTimeout(() => docker(["rm", "-f", name]), 20 * 60_000);
    child.stdout.on("data", (c: Buffer) => output.push(c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => output.push(c.toString("utf8")));
    child.once("exit", (status) => {
      clearTimeout(timer);
      resolve(status);
    });
  });
  hierarchiesAfter = hierarchies();
  const text = output.join("");
  writeFileSync(logFile, text);
  const line = text.split("\n").find((l) => l.startsWith("RESULT "));
  if (!line) throw new Error(`the fresh machine said no result (exit ${code}); see ${path.relative(repoRoot, logFile)}:\n${text.slice(-2000)}`);
  outcome = JSON.parse(line.slice("RESULT ".length));
}, 25 * 60_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("npm start on a fresh Debian machine without redis-server and docker.io", () => {
  it("installs both, saying what and why, starts dockerd, and runs the steps as containers", () => {
    expect(outcome.error).toBeUndefined();
    expect(outcome.before).toEqual({ redisServer: false, dockerd: false, docker: false });
    expect(outcome.after).toEqual({ redisServer: true, dockerd: true, docker: true });
    const said = outcome.lines.join("\n");
    expect(said).toContain("installing redis-server (Debian package, once): the embedded Redis");
    expect(said).toContain("installing docker.io (Debian package, once): steps run as containers on it");
    expect(said).toContain("docker: starting dockerd");
    expect(said).toMatch(/Interflow is running \(step runtime: docker, interflow\/runner:/);
    expect(outcome.containers).toEqual([expect.stringMatching(/^hook interflow\/runner:/), expect.stringMatching(/^shape interflow\/runner:/)]);
  });

  it("restarts its embedded PostgreSQL killed with -9; web and worker reconnect and the next message is recorded", () => {
    expect(outcome.postgresBackMs).toBeTypeOf("number");
    expect(outcome.webhookAfterPostgresRestart).toBe(202);
    expect(outcome.outputsAfterPostgresRestart).toEqual(expect.arrayContaining([[{ greeting: "hello newcomer" }], [{ greeting: "hello after the restart" }]]));
    expect(outcome.lines.join("\n")).toMatch(/postgres exited unasked \(SIGKILL\); restarting it in 1 s/);
  });

  it("leaves the machine it ran on as it was: no new cgroup hierarchy (the host's Docker would stop seeing OOM kills)", () => {
    expect(hierarchiesAfter).toEqual(hierarchiesBefore);
  });

  it("keeps its data to itself: the data directory traversable but not listable, Redis's directory and every secret its owner's alone; a setup link for the owner's account printed", () => {
    expect(outcome.modes).toEqual({
      "/data": "711",
      "/data/redis": "700",
      "/data/postgres-password": "600",
      "/data/redis-password": "600",
      "/data/encryption-key": "600",
      "/data/setup-token": "600",
      "/data/admin-token": "600",
    });
    expect(outcome.lines.join("\n")).toMatch(/http:\/\/localhost:3000\/setup\?token=[A-Za-z0-9_-]{32}/);
  });

  it("delivers a newcomer's first message through the REST API, and Ctrl-C stops everything", () => {
    expect(outcome.webhookStatus).toBe(202);
    expect(outcome.output).toEqual([{ greeting: "hello newcomer" }]);
    expect(outcome.leftRunning).toEqual([]);
    // the embedded PostgreSQL and Redis (groups of their own) stopped too
    expect(outcome.databasesBeforeStop).toBeGreaterThanOrEqual(2);
    expect(outcome.databasesLeft).toEqual([]);
    // in order: the worker stops its runners while the databases are still there, then they stop
    const said = outcome.lines.join("\n");
    expect(said).toMatch(/"stepId":"shape".*"msg":"step runner stopping"/);
    expect(said).not.toContain("terminating connection due to administrator command");
    expect(outcome.stoppedAfterMs).toBeTypeOf("number");
    expect(outcome.containersAfterStop).toBe(0);
    console.log(`fresh machine: npm start ready after ${outcome.readyAfterSeconds} s, flow running ${outcome.startToRunningMs} ms after its start, whole run ${outcome.seconds} s, stopped ${outcome.stoppedAfterMs} ms after Ctrl-C; PostgreSQL killed -9 → ready again in ${outcome.postgresBackMs} ms`);
  });
});
