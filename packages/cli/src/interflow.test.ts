// Runs the built `interflow` command as a child process against the real API (appRouter served
// over HTTP) on the real PostgreSQL and Redis from the vitest globalSetup. No worker runs here,
// so start/stop only queue a command; the tests play the worker with recordTransition.
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { recordTransition, saveFlowDraft } from "@interflow/db";
import { flowDocumentSchema } from "@interflow/flow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliHarness, closedPort, expectOneErrorLine, startCliHarness } from "./testing/cli-harness";
import { orderFlow } from "./testing/order-executions";

const CLI_TESTS_REDIS_DB = 10;


const brokenFlow = {
  schema: "interflow/flow@1",
  name: "Broken",
  nodes: [
    { id: "hook", component: "webhook", function: "receive" },
    { id: "send", component: "smtp", function: "send" },
    { id: "lost", component: "transform", function: "map", config: { expression: "$" } },
  ],
  edges: [{ source: "hook", target: "send" }],
};

let h: CliHarness;

const interflow = (args: string[], env: Record<string, string | undefined> = {}) => h.interflow(args, env);
const writeFlowFile = (name: string, content: unknown) => h.writeFile(name, content);

async function importFlow(document: unknown = orderFlow): Promise<string> {
  const run = await interflow(["flow", "import", writeFlowFile(`flow-${randomUUID()}.json`, document), "--json"]);
  expect(run.stderr).toBe("");
  return (JSON.parse(run.stdout) as { id: string }).id;
}

/** The control commands (start/stop) queued for the worker about one flow. */
async function controlCommandsFor(flowId: string): Promise<string[]> {
  const jobs = await h.services.controlQueue.getJobs(["waiting", "delayed", "prioritized"]);
  return jobs.filter((job) => job?.data?.flowId === flowId).map((job) => String(job.data.type));
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  h = await startCliHarness({ redisDb: CLI_TESTS_REDIS_DB });
});

afterAll(() => h?.close());

describe("interflow flow (built CLI against the real API)", () => {
  it("imports, lists, shows the status of and exports a flow", async () => {
    const file = writeFlowFile("orders.json", orderFlow);
    const imported = await interflow(["flow", "import", file]);
    expect(imported.stderr).toBe("");
    expect(imported.code).toBe(0);
    const [, id] = /^imported flow (\S+) \(Orders to CRM, version 1\)\n$/.exec(imported.stdout) ?? [];
    expect(id).toBeTruthy();

    const list = await interflow(["flow", "list"]);
    expect(list.code).toBe(0);
    const [header, ...rows] = list.stdout.trimEnd().split("\n");
    expect(header).toMatch(/^ID\s+NAME\s+STATE\s+VERSION\s+WEBHOOK URL$/);
    const row = rows.find((r) => r.startsWith(`${id} `));
    expect(row).toMatch(/ Orders to CRM +Stopped \(Inactive\) +1 +\S+$/);

    const listJson = JSON.parse((await interflow(["flow", "list", "--json"])).stdout) as { flows: Array<{ id: string; state: string }> };
    expect(listJson.flows.find((f) => f.id === id)).toMatchObject({ id, state: "stopped", stateLabel: "Stopped (Inactive)", version: 1 });

    const status = await interflow(["flow", "status", id!, "--json"]);
    expect(status.stderr).toBe("");
    const parsed = JSON.parse(status.stdout);
    expect(Object.keys(parsed).sort()).toEqual([
      "failedMessages",
      "failingSteps",
      "health",
      "id",
      "lastTransition",
      "name",
      "state",
      "stateChangedAt",
      "stateLabel",
      "steps",
      "type",
      "updatedAt",
      "version",
      "webhookRefused",
      "webhookUrl",
    ]);
    expect(parsed).toMatchObject({ id, name: "Orders to CRM", type: "ordinary", state: "stopped", version: 1, health: "ok", failingSteps: [], failedMessages: 0 });
    const stopped = { replicas: { wanted: 1, up: 0, scaled: false }, restarts: null };
    expect(parsed.steps).toEqual([
      { id: "hook", component: "webhook", function: "receive", ...stopped },
      { id: "shape", component: "transform", function: "map", ...stopped },
      { id: "send", component: "http", function: "request", ...stopped },
    ]);
    expect(typeof parsed.webhookUrl === "string" || parsed.webhookUrl === null).toBe(true);

    const human = await interflow(["flow", "status", id!]);
    expect(human.stdout).toContain(`Flow             Orders to CRM (${id})`);
    expect(human.stdout).toContain(["Steps            hook (webhook.receive)", "                 shape (transform.map)", "                 send (http.request)"].join("\n"));
    expect(human.stdout).toContain("\nHealth           ok\nFailed messages  0\n");

    const exported = await interflow(["flow", "export", id!]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toBe(`${JSON.stringify(JSON.parse(exported.stdout), null, 2)}\n`);
    // the file gave its steps no position: the import laid them out along the flow
    const expected = flowDocumentSchema.parse(orderFlow);
    expected.nodes = expected.nodes.map((node, i) => ({ ...node, position: { x: i * 320, y: 0 } }));
    expect(JSON.parse(exported.stdout)).toEqual(expected);
  });

  it("prints machine-readable JSON for import --json", async () => {
    const run = await interflow(["flow", "import", writeFlowFile("orders-json.json", orderFlow), "--json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ id: expect.any(String), name: "Orders to CRM", version: 1 });
  });

  it("refuses an invalid flow with one line naming every issue", async () => {
    const line = expectOneErrorLine(await interflow(["flow", "import", writeFlowFile("broken.json", brokenFlow)]));
    expect(line).toMatch(/^error: the flow is not valid: /);
    expect(line).toContain('node "send": unknown component "smtp"');
    expect(line).toContain('node "lost"');
  });

  it("reports a missing file and a file that is not JSON", async () => {
    expect(expectOneErrorLine(await interflow(["flow", "import", "nowhere.json"]))).toBe("error: cannot read nowhere.json: no such file");
    const line = expectOneErrorLine(await interflow(["flow", "import", writeFlowFile("truncated.json", '{"schema": "interflow/flow@1",')]));
    expect(line).toMatch(/^error: truncated\.json is not valid JSON: \S/);
  });

  it("reports a server that cannot be reached", async () => {
    const down = `http://127.0.0.1:${await closedPort()}`;
    const line = expectOneErrorLine(await interflow(["flow", "list"], { INTERFLOW_URL: down }));
    expect(line).toBe(`error: cannot reach Interflow at ${down} (ECONNREFUSED); is \`npm start\` running?`);
  });

  it("reads the token from <data dir>/admin-token and says so when it is refused", async () => {
    writeFileSync(path.join(h.dataDir, "admin-token"), `${h.token}\n`);
    const ok = await interflow(["flow", "list", "--json"], { INTERFLOW_TOKEN: undefined });
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);

    writeFileSync(path.join(h.dataDir, "admin-token"), "not-a-token\n");
    const refused = expectOneErrorLine(await interflow(["flow", "list"], { INTERFLOW_TOKEN: undefined }));
    expect(refused).toBe(`error: the API token was refused; set INTERFLOW_TOKEN or check ${h.dataDir}/admin-token`);
    expect(expectOneErrorLine(await interflow(["flow", "list"], { INTERFLOW_TOKEN: "wrong" }))).toMatch(/^error: the API token was refused/);
  });

  it("does not show another workspace's flow", async () => {
    const id = await importFlow();
    expect(expectOneErrorLine(await interflow(["flow", "status", id], { INTERFLOW_TOKEN: h.otherToken }), 3)).toBe(`error: flow ${id} not found`);
  });

  it("refuses a transition the state machine does not allow, with the API's reason", async () => {
    const id = await importFlow();
    expect(expectOneErrorLine(await interflow(["flow", "stop", id]))).toBe("error: the flow is already stopped");
  });

  it("logs prints the runners' lines (none yet), and scale of a stopped flow is refused in one line naming why", async () => {
    const id = await importFlow();
    const logs = await interflow(["flow", "logs", id]);
    expect(logs.stderr).toBe("");
    expect(logs.stdout).toBe("no lines logged yet\n");
    expect(expectOneErrorLine(await interflow(["flow", "logs", id, "--step", "nope"]))).toMatch(/^error: stepId: flow "Orders to CRM" has no step "nope"/);
    expect(expectOneErrorLine(await interflow(["flow", "scale", id, "send", "3"]))).toBe(
      'error: flow "Orders to CRM" is stopped: scaling changes a running flow; set the step\'s replicas in the designer for its next start',
    );
    expect(expectOneErrorLine(await interflow(["flow", "scale", id, "send", "many"]))).toMatch(/^error: <replicas> must be a whole number from 1 to 10 \(got "many"\)/);
  });

  it("run and snapshot of a flow that does not poll say so: one error line, or a plain answer", async () => {
    const id = await importFlow();
    expect(expectOneErrorLine(await interflow(["flow", "run", id]))).toBe('error: id: flow "Orders to CRM" does not poll: its trigger runs when a request arrives, not on a schedule');
    const snapshot = await interflow(["flow", "snapshot", id]);
    expect(snapshot.stderr).toBe("");
    expect(snapshot.stdout).toBe(`flow ${id} does not poll (its trigger runs when a request arrives)\n`);
    expect(expectOneErrorLine(await interflow(["flow", "snapshot", id, "--reset"]))).toMatch(/^error: id: flow "Orders to CRM" does not poll/);
  });

  it("start --wait times out without a worker, naming the state the flow is stuck in", async () => {
    const id = await importFlow();
    const run = await interflow(["flow", "start", id, "--wait", "--timeout", "1"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`start requested for flow ${id} (state: stopped)\n`);
    expect(run.stderr).toBe(`error: timed out after 1 s waiting for flow ${id} to be running: it is still stopped; is the Interflow worker running?\n`);
    expect(await controlCommandsFor(id)).toEqual(["start"]);
  });

  it("start --wait returns once the worker has the flow running", async () => {
    const id = await importFlow();
    const waiting = interflow(["flow", "start", id, "--wait", "--timeout", "20"]);
    // play the worker: take the start command, then move the flow the way the worker does
    await until(async () => (await controlCommandsFor(id)).includes("start"));
    await recordTransition(h.db, { flowId: id, from: "stopped", to: "starting", event: "start", cause: "test worker: start" });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await recordTransition(h.db, { flowId: id, from: "starting", to: "running", event: "step-runners-up", cause: "test worker: runners up" });
    const run = await waiting;
    expect(run.stderr).toBe("");
    // each state as it is reached, then the way it went
    expect(run.stdout).toBe(`start requested for flow ${id} (state: stopped)\n  starting\n  running\nflow ${id} is running: stopped → starting → running\n`);

    const transitions = await interflow(["flow", "transitions", id, "--json"]);
    expect(JSON.parse(transitions.stdout)).toEqual({
      transitions: [
        { from: "starting", to: "running", event: "step-runners-up", cause: "test worker: runners up", at: expect.any(String) },
        { from: "stopped", to: "starting", event: "start", cause: "test worker: start", at: expect.any(String) },
      ],
    });
    const table = (await interflow(["flow", "transitions", id, "--limit", "1"])).stdout.split("\n");
    expect(table[0]).toMatch(/^AT +FROM +TO +EVENT +CAUSE$/);
    expect(table[1]).toMatch(/^\S+ +starting +running +step-runners-up +test worker: runners up$/);
    expect(table.length).toBe(3);
  });

  it("start --wait prints every state the flow went through, also one shorter than a poll", async () => {
    const id = await importFlow();
    const waiting = interflow(["flow", "start", id, "--wait", "--timeout", "20"]);
    await until(async () => (await controlCommandsFor(id)).includes("start"));
    // starting and running between two polls: the CLI never sees the flow starting
    await recordTransition(h.db, { flowId: id, from: "stopped", to: "starting", event: "start", cause: "test worker: start" });
    await recordTransition(h.db, { flowId: id, from: "starting", to: "running", event: "step-runners-up", cause: "test worker: runners up" });
    const run = await waiting;
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(`start requested for flow ${id} (state: stopped)\n  starting\n  running\nflow ${id} is running: stopped → starting → running\n`);
    // the next start's way holds only its own changes, not the ones before
    await recordTransition(h.db, { flowId: id, from: "running", to: "stopping", event: "stop", cause: "test worker: stop" });
    await recordTransition(h.db, { flowId: id, from: "stopping", to: "stopped", event: "runners-stopped", cause: "test worker: stopped" });
    const again = interflow(["flow", "start", id, "--wait", "--timeout", "20"]);
    await until(async () => (await controlCommandsFor(id)).filter((c) => c === "start").length === 2);
    await recordTransition(h.db, { flowId: id, from: "stopped", to: "starting", event: "start", cause: "test worker: start again" });
    await recordTransition(h.db, { flowId: id, from: "starting", to: "running", event: "step-runners-up", cause: "test worker: runners up again" });
    expect((await again).stdout).toBe(`start requested for flow ${id} (state: stopped)\n  starting\n  running\nflow ${id} is running: stopped → starting → running\n`);
  });

  it("start says when the draft's changes are not published: the published version runs without them", async () => {
    const id = await importFlow();
    await saveFlowDraft(h.db, { workspaceId: h.workspaceId, flowId: id, document: { ...orderFlow, name: "Changed, not published" }, samples: {}, author: "test", baseVersion: 1 });
    const run = await interflow(["flow", "start", id]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      `start requested for flow ${id} (state: stopped)\nnote: version 1 runs as it was published; the draft's changes are not in it (publish them in the designer to run them)\n`,
    );
  });

  it("suspend --wait returns once the worker has suspended the flow; resume of a running flow is refused", async () => {
    const id = await importFlow();
    // refused in the state it is in: exit code 4
    expect(expectOneErrorLine(await interflow(["flow", "suspend", id]), 4)).toBe("error: a stopped flow cannot be suspended");
    await recordTransition(h.db, { flowId: id, from: "stopped", to: "starting", event: "start", cause: "test worker: start" });
    await recordTransition(h.db, { flowId: id, from: "starting", to: "running", event: "step-runners-up", cause: "test worker: runners up" });
    expect(expectOneErrorLine(await interflow(["flow", "resume", id]))).toBe("error: only a suspended flow can be resumed");
    const waiting = interflow(["flow", "suspend", id, "--wait", "--timeout", "20"]);
    await until(async () => (await controlCommandsFor(id)).includes("suspend"));
    await recordTransition(h.db, { flowId: id, from: "running", to: "suspending", event: "suspend", cause: "test worker: suspend" });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await recordTransition(h.db, { flowId: id, from: "suspending", to: "suspended", event: "runners-stopped", cause: "test worker: kept 0" });
    const run = await waiting;
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(`suspend requested for flow ${id} (state: running)\n  suspending\n  suspended\nflow ${id} is suspended: running → suspending → suspended\n`);
  });

  it("stop --wait times out without a worker, naming the state", async () => {
    const id = await importFlow();
    await recordTransition(h.db, { flowId: id, from: "stopped", to: "starting", event: "start", cause: "test worker: start" });
    await recordTransition(h.db, { flowId: id, from: "starting", to: "running", event: "step-runners-up", cause: "test worker: runners up" });
    const run = await interflow(["flow", "stop", id, "--wait", "--timeout", "0.6"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`stop requested for flow ${id} (state: running)\n`);
    expect(run.stderr).toBe(`error: timed out after 0.6 s waiting for flow ${id} to be stopped: it is still running; is the Interflow worker running?\n`);
  });
});
