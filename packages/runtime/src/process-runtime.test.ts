import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ProcessStepRuntime } from "./process-runtime";
import type { RunnerExit } from "./step-runtime";

const dir = mkdtempSync(path.join(tmpdir(), "interflow-runtime-"));
/** a stand-in runner: prints its step, then crashes when told to, or waits for SIGTERM */
const entry = path.join(dir, "runner.mjs");
writeFileSync(
  entry,
  `import { createHash } from "node:crypto";
console.log("runner for " + process.env.INTERFLOW_STEP_ID);
if (process.env.READ_STDIN) { let given = ""; process.stdin.on("data", (c) => { given += c; }); process.stdin.on("end", () => console.log("stdin sha256 " + createHash("sha256").update(given).digest("hex"))); }
if (process.env.CRASH) { console.error("boom: " + process.env.CRASH); process.exit(3); }
process.on("SIGTERM", () => { console.log("stopping"); process.exit(0); });
setInterval(() => {}, 1000);
`,
);

const spec = (stepId: string, env: Record<string, string> = {}) => ({
  workspaceId: "ws",
  flowId: "flow-1",
  flowVersion: 2,
  stepId,
  replica: 0,
  env: { INTERFLOW_STEP_ID: stepId, ...env },
});

let runtime: ProcessStepRuntime;
afterEach(async () => runtime?.close());

describe("process step runtime", () => {
  it("hands a runner its secrets on stdin: never in its environment or command line", async () => {
    const lines: string[] = [];
    runtime = new ProcessStepRuntime({ runnerEntry: entry, onOutput: (_r, line) => lines.push(line) });
    const secret = `step-key-${randomUUID()}`;
    const stdin = `${JSON.stringify({ credentialKey: secret })}\n`;
    const info = await runtime.start({ ...spec("deliver", { READ_STDIN: "1" }), stdin });
    await expect.poll(() => lines, { timeout: 10_000 }).toContain(`stdin sha256 ${createHash("sha256").update(stdin).digest("hex")}`);
    expect(readFileSync(`/proc/${info.id}/environ`, "utf8")).not.toContain(secret);
    expect(readFileSync(`/proc/${info.id}/cmdline`, "utf8")).not.toContain(secret);
    await runtime.stop(info.id);
  });

  it("gives the runners INTERFLOW_RUNNER_NODE_OPTIONS on their command line, so a profiler NODE_OPTIONS refuses works", async () => {
    const profiles = mkdtempSync(path.join(tmpdir(), "interflow-profiles-"));
    process.env.INTERFLOW_RUNNER_NODE_OPTIONS = `--cpu-prof  --cpu-prof-dir=${profiles}`;
    try {
      const lines: string[] = [];
      runtime = new ProcessStepRuntime({ runnerEntry: entry, onOutput: (_r, line) => lines.push(line) });
      const info = await runtime.start(spec("profiled"));
      await expect.poll(() => lines, { timeout: 10_000 }).toContain("runner for profiled");
      expect(readFileSync(`/proc/${info.id}/cmdline`, "utf8").split("\0")).toContain("--cpu-prof");
      await runtime.stop(info.id);
      // written when the runner exits
      await expect.poll(() => readdirSync(profiles).filter((f) => f.endsWith(".cpuprofile")).length, { timeout: 10_000 }).toBe(1);
    } finally {
      delete process.env.INTERFLOW_RUNNER_NODE_OPTIONS;
    }
  });

  it("starts, lists and stops runners; a requested stop is reported as such", async () => {
    const lines: string[] = [];
    const exits: RunnerExit[] = [];
    runtime = new ProcessStepRuntime({ runnerEntry: entry, onOutput: (_r, line) => lines.push(line) });
    runtime.onExit((exit) => exits.push(exit));
    const a = await runtime.start(spec("a"));
    await runtime.start({ ...spec("b"), flowId: "flow-2" });
    expect((await runtime.list({ flowId: "flow-1" })).map((r) => r.stepId)).toEqual(["a"]);
    expect((await runtime.list()).length).toBe(2);
    await expect.poll(() => lines).toContain("runner for a");
    await runtime.stop(a.id);
    expect(exits).toMatchObject([{ runner: { stepId: "a", flowVersion: 2 }, code: 0, requested: true }]);
    expect((await runtime.list({ flowId: "flow-1" })).length).toBe(0);
  });

  it("reports a crash as not requested, with the runner's last output", async () => {
    runtime = new ProcessStepRuntime({ runnerEntry: entry });
    const crashed = new Promise<RunnerExit>((resolve) => runtime.onExit(resolve));
    await runtime.start(spec("c", { CRASH: "no database" }));
    const exit = await crashed;
    expect(exit).toMatchObject({ code: 3, requested: false });
    expect(exit.lastOutput).toContain("boom: no database");
  });

  it("kills a runner that ignores SIGTERM after the timeout", async () => {
    const stubborn = path.join(dir, "stubborn.mjs");
    writeFileSync(stubborn, `process.on("SIGTERM", () => {}); console.log("up"); setInterval(() => {}, 1000);`);
    const lines: string[] = [];
    runtime = new ProcessStepRuntime({ runnerEntry: stubborn, onOutput: (_r, line) => lines.push(line) });
    const exits: RunnerExit[] = [];
    runtime.onExit((exit) => exits.push(exit));
    const r = await runtime.start(spec("d"));
    await expect.poll(() => lines).toContain("up");
    await runtime.stop(r.id, { timeoutMs: 200 });
    expect(exits[0]).toMatchObject({ signal: "SIGKILL", requested: true });
  });
});
