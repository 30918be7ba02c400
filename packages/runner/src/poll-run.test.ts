// A polling trigger's runs in a real runner on real Redis, with a test component: a run's result is
// written down before it is emitted, so a run cut short is finished from that record (the source is
// not asked again with the old snapshot); a snapshot over 5 KB fails the run and keeps the old one;
// runs of one step never overlap.
import { randomUUID } from "node:crypto";
import { createRedis, type Deployment, flowQueuePrefix, keys, POLL_JOB, readPollRun, readSnapshot, STEP_JOB } from "@interflow/queue";
import { defineComponent, defineTrigger } from "@interflow/sdk";
import { Queue } from "bullmq";
import { z } from "zod";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { type RunningStep, startRunner } from "./runner";

const redisUrl = process.env.REDIS_URL as string;
const redis = createRedis(redisUrl);
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const running: RunningStep[] = [];
const queues: Queue[] = [];

/** what the test source holds, how often it was asked, and how many polls ran at once at most */
const source = { records: [] as number[], asked: 0, active: 0, maxActive: 0, delayMs: 0, bigSnapshot: false };

const counter = defineComponent({
  name: "counter",
  title: "Counter",
  description: "A test source: records are numbers; the snapshot is the last one emitted.",
  functions: {
    poll: defineTrigger<Record<string, never>>({
      title: "Poll",
      description: "Emits the records after the snapshot's last",
      config: z.object({}) as unknown as z.ZodType<Record<string, never>>,
      poll: async (ctx) => {
        source.asked++;
        source.active++;
        source.maxActive = Math.max(source.maxActive, source.active);
        try {
          await new Promise((r) => setTimeout(r, source.delayMs));
          const last = typeof ctx.snapshot === "number" ? ctx.snapshot : 0;
          const fresh = source.records.filter((n) => n > last);
          for (const n of fresh) ctx.emit.data({ n });
          ctx.emit.snapshot(source.bigSnapshot ? "x".repeat(6_000) : (fresh.at(-1) ?? last));
        } finally {
          source.active--;
        }
      },
    }),
  },
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
  await Promise.all(queues.splice(0).map((q) => q.close()));
  Object.assign(source, { records: [], asked: 0, active: 0, maxActive: 0, delayMs: 0, bigSnapshot: false });
});
afterAll(() => redis.quit());

async function deploy() {
  const flowId = `poll${randomUUID().replaceAll("-", "")}`;
  const deployment: Deployment = {
    flowId,
    workspaceId: "ws",
    flowVersion: 1,
    flowType: "ordinary",
    triggerStepId: "src",
    executions: "all",
    steps: {
      src: { id: "src", component: "counter", function: "poll", config: {}, replicas: 1, next: ["out"] },
      out: { id: "out", component: "transform", function: "map", config: { expression: "$" }, replicas: 1, next: [] },
    },
  };
  await redis.set(keys.deployment(flowId), JSON.stringify(deployment));
  const make = (name: string) => {
    const q = new Queue(name, { connection: redis, prefix: flowQueuePrefix(flowId) });
    queues.push(q);
    return q;
  };
  const runner = await startRunner({ redisUrl, flowId, stepId: "src", replica: 0, concurrency: 10, logger: silent, components: [counter] });
  running.push(runner);
  return { flowId, src: make("src"), out: make("out") };
}

/** the bodies emitted to the next queue, in job order */
async function emitted(out: Queue): Promise<unknown[]> {
  const jobs = await out.getJobs(["waiting"], 0, -1, true);
  return jobs.flatMap((job) => STEP_JOB.schema.parse(job.data).messages.map((m) => m.body));
}

async function runOnce(flowId: string, src: Queue, jobId = `run-now-${randomUUID()}`) {
  const before = (await readPollRun(redis, flowId, "src"))?.runs ?? 0;
  await src.add(POLL_JOB.name, { manual: true }, { ...POLL_JOB.options, jobId });
  await expect.poll(async () => (await readPollRun(redis, flowId, "src"))?.runs ?? 0, { timeout: 10_000, interval: 20 }).toBe(before + 1);
}

describe("poll runs in the runner", () => {
  it("emits what the source has after the snapshot and keeps the new snapshot", async () => {
    const { flowId, src, out } = await deploy();
    source.records = [1, 2, 3];
    await runOnce(flowId, src);
    source.records.push(4);
    await runOnce(flowId, src);
    expect(await emitted(out)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
    expect(await readSnapshot(redis, flowId, "src")).toBe(4);
    expect(await readPollRun(redis, flowId, "src")).toMatchObject({ runs: 2, emitted: 1, totalEmitted: 4, error: null, manual: true });
  });

  it("a run cut short after the poll finishes from its written result: the source is not asked again, nothing is emitted twice", async () => {
    const { flowId, src, out } = await deploy();
    // as a replica killed between writing its result and emitting it leaves things
    const jobId = `run-now-${randomUUID()}`;
    await redis.set(keys.pollPending(flowId, "src"), JSON.stringify({ jobId, outputs: [{ body: { n: 7 }, headers: {} }, { body: { n: 8 }, headers: {} }], snapshot: "8" }));
    source.records = [7, 8, 9];
    await runOnce(flowId, src, jobId);
    expect(source.asked).toBe(0);
    expect(await emitted(out)).toEqual([{ n: 7 }, { n: 8 }]);
    expect(await readSnapshot(redis, flowId, "src")).toBe(8);
    expect(await redis.exists(keys.pollPending(flowId, "src"))).toBe(0);
    // the next run goes on from there
    await runOnce(flowId, src);
    expect(await emitted(out)).toEqual([{ n: 7 }, { n: 8 }, { n: 9 }]);
  });

  it("a snapshot over 5 KB fails the run: nothing emitted, the old snapshot kept, the reason recorded", async () => {
    const { flowId, src, out } = await deploy();
    source.records = [1];
    await runOnce(flowId, src);
    source.records.push(2);
    source.bigSnapshot = true;
    await runOnce(flowId, src);
    expect(await emitted(out)).toEqual([{ n: 1 }]);
    expect(await readSnapshot(redis, flowId, "src")).toBe(1);
    expect((await readPollRun(redis, flowId, "src"))?.error).toMatch(/^the snapshot would be 6002 bytes, over the 5 KB limit/);
  });

  it("runs of one step never overlap, however many are asked for at once", async () => {
    const { flowId, src, out } = await deploy();
    source.records = [1, 2];
    source.delayMs = 150;
    await Promise.all(Array.from({ length: 4 }, () => src.add(POLL_JOB.name, { manual: true }, { ...POLL_JOB.options, jobId: `run-now-${randomUUID()}` })));
    await expect.poll(async () => (await readPollRun(redis, flowId, "src"))?.runs ?? 0, { timeout: 15_000, interval: 50 }).toBe(4);
    expect(source.maxActive).toBe(1);
    expect(await emitted(out)).toEqual([{ n: 1 }, { n: 2 }]);
  });
});
