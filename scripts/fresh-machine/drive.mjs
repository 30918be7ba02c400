// Inside the fresh machine (see entry.sh): runs `npm start` as a newcomer would, then uses the platform through its REST API: a flow imported, started,
// a webhook answered 202, the execution recorded ok — and its steps are containers. Ctrl-C last.
// Prints one line `RESULT <json>` for the test to check.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";

/** "pid state command" of each live process that `pick` wants (no ps on a minimal Debian: /proc) */
function processes(pick) {
  const found = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const [state, , group] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
      // a zombie has ended (only its exit status waits for the machine's init)
      if (state === "Z" || !pick({ group: Number(group), command })) continue;
      found.push(`${pid} ${state} ${command}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}
/** the processes of a process group (what npm start began in the terminal's foreground job) */
const processesOfGroup = (pgid) => processes(({ group }) => group === pgid);
/** the embedded databases, which run in process groups of their own */
const databases = () => processes(({ command }) => /redis-server|\/bin\/postgres /.test(command));

const started = Date.now();
const has = (command) => spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
const before = { redisServer: has("redis-server"), dockerd: has("dockerd"), docker: has("docker") };

const lines = [];
// its own process group, as a terminal's foreground job: Ctrl-C reaches npm and what it started
const platform = spawn("npm", ["start"], { env: { ...process.env, INTERFLOW_DATA_DIR: "/data" }, stdio: ["ignore", "pipe", "pipe"], detached: true });
const ctrlC = () => {
  try {
    process.kill(-platform.pid, "SIGINT");
  } catch {}
};
const collect = (chunk) => {
  for (const line of chunk.toString("utf8").split("\n")) {
    if (!line) continue;
    lines.push(line);
    process.stderr.write(`${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s npm start | ${line}\n`);
  }
};
platform.stdout.on("data", collect);
platform.stderr.on("data", collect);
const exited = new Promise((resolve) => platform.once("exit", (code, signal) => resolve({ code, signal })));

const result = { before, lines, steps: {} };
const finish = (extra) => {
  console.log(`RESULT ${JSON.stringify({ ...result, ...extra, seconds: Math.round((Date.now() - started) / 1000) })}`);
};
const wait = async (what, check, timeoutMs) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
};

try {
  await Promise.race([
    wait("npm start ready", () => lines.some((l) => l.startsWith("Interflow is running")), 15 * 60_000),
    exited.then(({ code, signal }) => {
      throw new Error(`npm start ended (${signal ?? `code ${code}`}) before it was ready`);
    }),
  ]);
  result.readyAfterSeconds = Math.round((Date.now() - started) / 1000);
  // who may read what npm start keeps: the data directory, Redis's, and the secrets in them
  const modeOf = (file) => (statSync(file).mode & 0o777).toString(8);
  result.modes = Object.fromEntries(["/data", "/data/redis", "/data/postgres-password", "/data/redis-password", "/data/encryption-key", "/data/setup-token", "/data/admin-token"].map((f) => [f, existsSync(f) ? modeOf(f) : null]));
  const token = readFileSync("/data/admin-token", "utf8").trim();
  const api = async (method, path, body) => {
    const response = await fetch(`http://localhost:3000/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${answer.error?.message}`);
    return answer;
  };
  const document = {
    schema: "interflow/flow@1",
    name: "First flow on a fresh machine",
    nodes: [
      { id: "hook", component: "webhook", function: "receive", config: {}, position: { x: 0, y: 0 } },
      { id: "shape", component: "transform", function: "map", config: { expression: "{ 'greeting': 'hello ' & name }" }, position: { x: 240, y: 0 } },
    ],
    edges: [{ source: "hook", target: "shape" }],
  };
  const { id } = await api("POST", "/flows", { document });
  const startAt = Date.now();
  await api("POST", `/flows/${id}/start`);
  await wait("flow running", async () => (await api("GET", `/flows/${id}`)).state === "running", 180_000);
  result.startToRunningMs = Date.now() - startAt;
  const hook = await fetch(`http://localhost:3001/hook/${id}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "newcomer" }) });
  result.webhookStatus = hook.status;
  const execution = await wait(
    "execution recorded",
    async () => (await api("GET", `/flows/${id}/executions?status=ok`)).items[0],
    60_000,
  );
  const detail = await api("GET", `/executions/${execution.id}`);
  result.output = detail.records.find((r) => r.stepId === "shape" && r.status === "ok")?.output ?? null;

  // the embedded PostgreSQL killed with -9: its supervisor starts it again, the web app and the
  // worker reconnect by themselves, and the next message is delivered and recorded
  const postmaster = () => Number(processes(({ command }) => /\/bin\/postgres -D /.test(command))[0]?.split(" ")[0] ?? 0);
  const killed = postmaster();
  const killedAt = Date.now();
  process.kill(killed, "SIGKILL");
  await wait("PostgreSQL restarted", () => postmaster() !== 0 && postmaster() !== killed, 30_000);
  const ready = (url) => fetch(url).then((r) => r.status === 200, () => false);
  await wait("the web app ready again", () => ready("http://localhost:3000/readyz"), 60_000);
  await wait("the worker ready again", () => ready("http://127.0.0.1:3002/readyz"), 60_000);
  result.postgresBackMs = Date.now() - killedAt;
  const again = await fetch(`http://localhost:3001/hook/${id}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "after the restart" }) });
  result.webhookAfterPostgresRestart = again.status;
  const outputs = async () => {
    const { items } = await api("GET", `/flows/${id}/executions?status=ok`);
    return Promise.all(items.map(async (e) => (await api("GET", `/executions/${e.id}`)).records.find((r) => r.stepId === "shape")?.output));
  };
  result.outputsAfterPostgresRestart = await wait("the message after the restart recorded", async () => {
    const all = await outputs();
    return all.length >= 2 ? all : null;
  }, 60_000);

  const containers = spawnSync("docker", ["ps", "--filter", `label=interflow.flow=${id}`, "--format", '{{.Label "interflow.step"}} {{.Image}}'], { encoding: "utf8" });
  result.containers = containers.stdout.trim().split("\n").filter(Boolean).sort();
  result.after = { redisServer: has("redis-server"), dockerd: has("dockerd"), docker: has("docker") };

  // Ctrl-C: everything stops (every process npm start began), the step containers too
  result.databasesBeforeStop = databases().length;
  const stopAt = Date.now();
  ctrlC();
  const groupAlive = () => processesOfGroup(platform.pid).length > 0;
  await wait("every process of npm start ended", () => !groupAlive(), 60_000).catch(() => {});
  process.stderr.write(`${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s every process of npm start ended: ${!groupAlive()}\n`);
  result.stoppedAfterMs = groupAlive() ? null : Date.now() - stopAt;
  // what is left of them, if anything (pid, state, command)
  result.leftRunning = processesOfGroup(platform.pid);
  await wait("the embedded databases stopped", () => databases().length === 0, 30_000).catch(() => {});
  result.databasesLeft = databases();
  const left = spawnSync("docker", ["ps", "-q", "--filter", "label=interflow.flow"], { encoding: "utf8" });
  result.containersAfterStop = left.stdout.trim().split("\n").filter(Boolean).length;
  finish({ ok: true });
  process.exit(0);
} catch (error) {
  ctrlC();
  finish({ ok: false, error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
