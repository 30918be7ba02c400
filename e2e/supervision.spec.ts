import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "./fixtures";
import { exampleFlowFile, order } from "./support/example-flow";
import { Sink } from "./support/sink";

const pidOf = (pidsDir: string, name: string) => Number(readFileSync(path.join(pidsDir, name), "utf8"));

test("the gateway killed with -9 under npm start's supervision is back within seconds, and no message it answered 202 is lost", async ({ request, cli, platform }, testInfo) => {
  const sink = await new Sink().start();
  const file = testInfo.outputPath("webhook-to-sink-supervised.json");
  const flow = await cli.importFlow(exampleFlowFile({ repoRoot: platform.repoRoot, sinkUrl: sink.url, file, settings: { idleSeconds: 3600 } }));
  /** the orders answered 202 */
  const accepted = new Set<string>();
  let refused = 0;
  const send = async (i: number) => {
    try {
      const response = await request.post(`${platform.gatewayUrl}/hook/${flow.id}`, { data: order(i), timeout: 5_000 });
      if (response.status() === 202) accepted.add(`order-${i}`);
      else refused++;
    } catch {
      refused++; // no answer: the sender keeps the message (nothing was accepted)
    }
  };
  try {
    await cli.startFlow(flow.id);
    const before = pidOf(platform.pidsDir, "gateway");
    for (let i = 0; i < 50; i++) await send(i);
    process.kill(before, "SIGKILL");
    const killedAt = Date.now();
    // senders keep sending while it is away and after it is back
    let i = 50;
    await expect
      .poll(
        async () => {
          await send(i++);
          return (await request.get(`${platform.gatewayUrl}/healthz`).catch(() => null))?.status();
        },
        { timeout: 20_000, intervals: [100] },
      )
      .toBe(200);
    const backAfterMs = Date.now() - killedAt;
    for (let n = 0; n < 50; n++) await send(i++);
    expect(pidOf(platform.pidsDir, "gateway")).not.toBe(before);
    expect(backAfterMs).toBeLessThan(10_000);
    testInfo.annotations.push({ type: "gateway back after", description: `${backAfterMs} ms (${refused} requests unanswered or refused meanwhile)` });

    // every message answered 202 reaches the target
    const delivered = () => new Set(sink.deliveries.map((d) => (d as { orderId: string }).orderId));
    await expect.poll(() => [...accepted].filter((o) => !delivered().has(o)), { timeout: 30_000 }).toEqual([]);
    expect(accepted.size).toBeGreaterThanOrEqual(100);
  } finally {
    await cli.stopFlow(flow.id).catch(() => {});
    await sink.close();
  }
});

test("the embedded Redis killed with -9 mid-stream is restarted, everyone reconnects, and every message answered 202 is delivered", async ({ request, cli, platform }, testInfo) => {
  const sink = await new Sink().start();
  const file = testInfo.outputPath("webhook-to-sink-redis-killed.json");
  const flow = await cli.importFlow(exampleFlowFile({ repoRoot: platform.repoRoot, sinkUrl: sink.url, file, settings: { idleSeconds: 3600 } }));
  const accepted = new Set<string>();
  let refused = 0;
  const send = async (i: number) => {
    try {
      const response = await request.post(`${platform.gatewayUrl}/hook/${flow.id}`, { data: order(i), timeout: 5_000 });
      if (response.status() === 202) accepted.add(`order-${i}`);
      else refused++;
    } catch {
      refused++;
    }
  };
  try {
    await cli.startFlow(flow.id);
    const before = pidOf(platform.pidsDir, "redis");
    // ten senders at once, Redis killed while they send; they go on until it is back and takes messages again
    let next = 0;
    let sending = true;
    const sender = async () => {
      while (sending) await send(next++);
    };
    const senders = Array.from({ length: 10 }, sender);
    try {
      await expect.poll(() => accepted.size, { timeout: 30_000 }).toBeGreaterThan(150);
      process.kill(before, "SIGKILL");
      const acceptedBefore = accepted.size;
      await expect.poll(() => pidOf(platform.pidsDir, "redis"), { timeout: 20_000 }).not.toBe(before);
      await expect.poll(() => accepted.size, { timeout: 30_000 }).toBeGreaterThan(acceptedBefore + 150);
    } finally {
      sending = false;
      await Promise.all(senders);
    }
    testInfo.annotations.push({ type: "answered during the outage", description: `${accepted.size} accepted, ${refused} refused or unanswered` });

    const delivered = () => new Set(sink.deliveries.map((d) => (d as { orderId: string }).orderId));
    await expect.poll(() => [...accepted].filter((o) => !delivered().has(o)), { timeout: 60_000 }).toEqual([]);
    expect(accepted.size).toBeGreaterThan(300);
    await expect.poll(async () => (await request.get(`${platform.workerHealthUrl}/readyz`)).status(), { timeout: 20_000 }).toBe(200);
  } finally {
    await cli.stopFlow(flow.id).catch(() => {});
    await sink.close();
  }
});

test("the embedded PostgreSQL killed with -9 is restarted, the web app and the worker reconnect, and a flow started afterwards delivers", async ({ request, cli, platform }, testInfo) => {
  // with DATABASE_URL (CI) there is no embedded PostgreSQL here: the machine tests kill theirs
  test.skip(!existsSync(path.join(platform.pidsDir, "postgres")), "PostgreSQL is not embedded (DATABASE_URL is set)");
  const before = pidOf(platform.pidsDir, "postgres");
  process.kill(before, "SIGKILL");
  const killedAt = Date.now();
  await expect.poll(() => pidOf(platform.pidsDir, "postgres"), { timeout: 20_000 }).not.toBe(before);
  // ready again, each with its own connections to it
  for (const url of [platform.webUrl, platform.workerHealthUrl]) {
    await expect.poll(async () => (await request.get(`${url}/readyz`).catch(() => null))?.status(), { timeout: 30_000 }).toBe(200);
  }
  testInfo.annotations.push({ type: "PostgreSQL ready again after", description: `${Date.now() - killedAt} ms` });

  const sink = await new Sink().start();
  const file = testInfo.outputPath("webhook-to-sink-after-postgres.json");
  try {
    const flow = await cli.importFlow(exampleFlowFile({ repoRoot: platform.repoRoot, sinkUrl: sink.url, file }));
    await cli.startFlow(flow.id);
    const response = await request.post(`${platform.gatewayUrl}/hook/${flow.id}`, { data: order(1) });
    expect(response.status()).toBe(202);
    await expect.poll(() => sink.deliveries.map((d) => (d as { orderId: string }).orderId), { timeout: 30_000 }).toEqual(["order-1"]);
    await cli.stopFlow(flow.id);
  } finally {
    await sink.close();
  }
});
