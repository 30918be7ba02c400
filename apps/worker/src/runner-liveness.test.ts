// A runner that stops answering — its event loop stuck, its process stopped — is replaced by the
// worker and counted as a restart; its messages are delivered by the replacement. One that only
// pauses for less than the limit is left alone. Real runner processes, Redis and PostgreSQL.
import { keys, readRunnerRestarts } from "@interflow/queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Caller, exampleFlow, type Harness, postOrder, runningFlow, startHarness, stopFlow } from "./testing/harness";
import { Sink } from "./testing/sink";

let h: Harness;
let caller: Caller;

beforeAll(async () => {
  h = await startHarness({
    database: "interflow_worker_liveness_test",
    redisDb: 1,
    workerEnv: { INTERFLOW_RUNNER_BEAT_MS: "250", INTERFLOW_RUNNER_LIVENESS_MS: "2000", INTERFLOW_STEP_LOCK_MS: "1000", INTERFLOW_IDLE_SECONDS: "3600" },
  });
  caller = h.caller;
});
afterAll(() => h?.close());

async function pidOf(flowId: string, stepId: string): Promise<number | undefined> {
  const raw = await h.redis.hget(keys.runners(flowId), `${stepId}.0`);
  return raw ? (JSON.parse(raw) as { pid: number }).pid : undefined;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("runner liveness", () => {
  it("replaces a runner that stopped answering, counts it as a restart, and its messages are delivered; a short pause is left alone", { timeout: 90_000 }, async () => {
    const sink = await new Sink().start();
    const id = await runningFlow(caller, exampleFlow(sink.url, "liveness: stuck runner"));
    try {
      const first = (await pidOf(id, "deliver")) as number;
      expect(first).toBeGreaterThan(0);

      // a pause shorter than the limit (a long GC, a busy machine): the same runner goes on
      process.kill(first, "SIGSTOP");
      await new Promise((r) => setTimeout(r, 800));
      process.kill(first, "SIGCONT");
      await new Promise((r) => setTimeout(r, 2500));
      expect(await pidOf(id, "deliver")).toBe(first);

      // stopped for good: its loop never runs again
      process.kill(first, "SIGSTOP");
      for (let i = 0; i < 5; i++) expect(await postOrder(h.gateway.url, id, i)).toBe(202);
      await expect.poll(async () => (await pidOf(id, "deliver")) ?? first, { timeout: 30_000 }).not.toBe(first);
      await expect.poll(() => alive(first), { timeout: 10_000 }).toBe(false);
      await expect.poll(() => sink.distinct("orderId").size, { timeout: 30_000 }).toBe(5);
      const restart = (await readRunnerRestarts(h.redis, id)).get("deliver");
      expect(restart).toMatchObject({ count: 1, replica: 0, reason: expect.stringMatching(/^stopped answering: no sign of life for \d+ s/) });
      // the flow was never anything but running
      expect((await caller.flows.status({ id })).state).toBe("running");
    } finally {
      await stopFlow(caller, id);
      await sink.close();
    }
  });
});
