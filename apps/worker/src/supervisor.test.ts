import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Deployment } from "@interflow/queue";
import { ProcessStepRuntime } from "@interflow/runtime";
import { afterEach, describe, expect, it } from "vitest";
import { RunnerSupervisor } from "./supervisor";

const dir = mkdtempSync(path.join(tmpdir(), "interflow-supervisor-"));
const entry = path.join(dir, "runner.mjs");
// with CRASHY set it crashes on its first two starts (counted in a file), then stays up
writeFileSync(
  entry,
  `import { readFileSync, writeFileSync } from "node:fs";
const file = ${JSON.stringify(path.join(dir, "starts"))};
let n = 0; try { n = Number(readFileSync(file, "utf8")); } catch {}
if (process.env.CRASHY) writeFileSync(file, String(n + 1));
if (process.env.CRASHY && n < 2) process.exit(1);
process.on("SIGTERM", () => process.exit(0));
setInterval(() => {}, 1000);
`,
);

const deployment: Deployment = {
  flowId: "flow-s",
  workspaceId: "ws",
  flowVersion: 1,
  flowType: "ordinary",
  triggerStepId: "hook",
  executions: "all",
  steps: {
    hook: { id: "hook", component: "webhook", function: "receive", config: {}, replicas: 1, next: ["send"] },
    send: { id: "send", component: "http", function: "request", config: {}, replicas: 2, next: [] },
  },
};

let supervisor: RunnerSupervisor;
afterEach(async () => supervisor?.close());

describe("runner supervisor", () => {
  it("starts every replica, restarts a crashing one with growing delays, and stops them all on release", async () => {
    const runtime = new ProcessStepRuntime({ runnerEntry: entry });
    const restarts: Array<{ stepId: string; delayMs: number }> = [];
    supervisor = new RunnerSupervisor(runtime, (_d, stepId): Record<string, string> => (stepId === "hook" ? { CRASHY: "1" } : {}), { onRestart: ({ stepId, delayMs }) => restarts.push({ stepId, delayMs }) });
    await supervisor.ensure(deployment);
    // three replicas wanted; the hook replica crashes twice and is restarted after 0.5 s, then 1 s
    await expect.poll(() => restarts.length, { timeout: 10_000 }).toBe(2);
    await expect.poll(async () => (await runtime.list({ flowId: "flow-s" })).length, { timeout: 10_000 }).toBe(3);
    expect(restarts).toEqual([
      { stepId: "hook", delayMs: 500 },
      { stepId: "hook", delayMs: 1000 },
    ]);
    await supervisor.release("flow-s");
    expect(await runtime.list({ flowId: "flow-s" })).toEqual([]);
    await new Promise((r) => setTimeout(r, 700));
    expect(await runtime.list({ flowId: "flow-s" })).toEqual([]); // released runners are not restarted
  });
});
