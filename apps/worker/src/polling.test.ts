// Polling triggers end to end, on real Redis, PostgreSQL and runner processes: the http component's
// `poll` asks a real HTTP API on localhost for what changed since its snapshot. Records inserted and
// updated between (and during) 20 runs arrive exactly once per change; the schedule fires on its
// own and survives a worker restart without a skipped or doubled run; the snapshot is reset only
// while the flow is stopped.
import { createServer } from "node:http";
import { createCredential } from "@interflow/db";
import { createScratchDatabase } from "@interflow/db/testing/scratch-database";
import { nextRuns, scheduleSchema } from "@interflow/flow";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, waitForState } from "./testing/harness";
import type { FlowDocument } from "@interflow/flow";
import { ContactsApi, pollingFlow } from "./testing/contacts-api";
import { Sink } from "./testing/sink";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ database: "interflow_worker_polling_test", redisDb: 11 });
});
afterAll(() => h?.close());

const runsOf = async (id: string) => (await h.caller.flows.polling({ id }))?.lastRun?.runs ?? 0;

/** Starts the flow and waits for the run an interval schedule makes at once. */
async function startPolling(id: string): Promise<void> {
  await h.caller.flows.start({ id });
  await waitForState(h.caller, id, "running");
  await expect.poll(() => runsOf(id), { timeout: 15_000, interval: 20 }).toBeGreaterThanOrEqual(1);
}

/** "Run now", then waits until that run is recorded. */
async function runNow(id: string): Promise<void> {
  const before = await runsOf(id);
  await h.caller.flows.runNow({ id });
  await expect.poll(() => runsOf(id), { timeout: 15_000, interval: 20 }).toBe(before + 1);
}

describe("polling triggers", () => {
  it("over 20 runs with writes between and during them, every change arrives exactly once", async () => {
    const api = await new ContactsApi().start();
    const sink = await new Sink().start();
    try {
      for (let i = 1; i <= 5; i++) api.put(i, `contact ${i}`);
      const { id } = await h.caller.flows.import({ document: pollingFlow(api, sink, "polling: exactly once") });
      // an interval schedule runs once at the start, then every hour: the runs below are "run now"
      await startPolling(id);
      // it takes no webhooks
      const posted = await fetch(`${h.gateway.url}/hook/${id}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect(posted.status).toBe(404);
      expect(await posted.json()).toEqual({ error: `flow ${id} polls its source on a schedule: it takes no webhooks` });

      // a writer inserting and updating contacts while runs go on, some committed 1 s late
      let writing = true;
      let n = 0;
      const writer = (async () => {
        while (writing) {
          n++;
          api.put(n % 13 === 0 ? 100 + n : (n % 17) + 1, `edit ${n}`, n % 4 === 0 ? 1_000 : 0);
          await new Promise((r) => setTimeout(r, 15));
        }
      })();
      for (let run = 0; run < 20; run++) await runNow(id);
      writing = false;
      await writer;
      // what was written at the end: caught by one more run after the overlap
      await new Promise((r) => setTimeout(r, 50));
      await runNow(id);

      expect(sink.deliveries.length).toBeGreaterThan(0);
      // the latest state of every contact arrived (the last run's deliveries may still be on their way)
      const delivered = () => sink.deliveries.map((d) => `${d.body.id}@${d.body.updatedAt}`);
      await expect.poll(() => api.all.every((contact) => delivered().includes(`${contact.id}@${contact.updatedAt}`)), { timeout: 15_000 }).toBe(true);
      // no change twice
      const changes = delivered();
      expect(changes.length - new Set(changes).size).toBe(0);
      expect(n).toBeGreaterThan(20);

      const polling = await h.caller.flows.polling({ id });
      expect(polling?.lastRun).toMatchObject({ runs: 22, failures: 0, manual: true, error: null });
      expect(polling?.lastRun?.totalEmitted).toBe(sink.deliveries.length);
      expect(polling?.snapshot).toMatchObject({ since: expect.any(String), seen: expect.any(Array) });
      expect(JSON.stringify(polling?.snapshot).length).toBeLessThan(5 * 1024);
      // the first run asked for everything, the others from the snapshot's time minus the overlap
      expect(api.sinceAsked[0]).toBeNull();
      expect(api.sinceAsked.slice(1).every((since) => since !== null)).toBe(true);
      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
    } finally {
      await api.close();
      await sink.close();
    }
  });

  it("fires on its schedule by itself, and a restarted worker neither skips nor doubles the next run", async () => {
    const api = await new ContactsApi().start();
    const sink = await new Sink().start();
    try {
      api.put(1, "Ada");
      const { id } = await h.caller.flows.import({ document: pollingFlow(api, sink, "polling: schedule", { every: "5s" }) });
      await h.caller.flows.start({ id });
      await waitForState(h.caller, id, "running");
      const view = await h.caller.flows.polling({ id });
      expect(view).toMatchObject({ stepId: "contacts", schedule: "every 5s" });
      const next = Date.parse(view?.nextRunAt ?? "");
      expect(next).toBeGreaterThan(Date.now() - 1_000);
      expect(next).toBeLessThanOrEqual(Date.now() + 5_000);

      await expect.poll(() => runsOf(id), { timeout: 15_000, interval: 100 }).toBeGreaterThanOrEqual(1);
      expect((await h.caller.flows.polling({ id }))?.lastRun?.manual).toBe(false);
      await expect.poll(() => sink.deliveries.map((d) => d.body.name), { timeout: 10_000 }).toEqual(["Ada"]);

      // the worker restarts between two runs: the next run stays where it was, and happens once
      const runsBefore = await runsOf(id);
      const nextBefore = (await h.caller.flows.polling({ id }))?.nextRunAt;
      await h.restartWorker();
      await waitForState(h.caller, id, "running");
      expect((await h.caller.flows.polling({ id }))?.nextRunAt).toBe(nextBefore);
      await expect.poll(() => runsOf(id), { timeout: 15_000, interval: 100 }).toBe(runsBefore + 1);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(await runsOf(id)).toBe(runsBefore + 1);

      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
      expect((await h.caller.flows.polling({ id }))?.nextRunAt).toBeNull();
    } finally {
      await api.close();
      await sink.close();
    }
  });

  it("the snapshot is reset only while the flow is stopped; after a reset the next run starts from nothing", async () => {
    const api = await new ContactsApi().start();
    const sink = await new Sink().start();
    try {
      api.put(1, "Ada");
      api.put(2, "Grace");
      const { id } = await h.caller.flows.import({ document: pollingFlow(api, sink, "polling: reset") });
      await startPolling(id);
      await runNow(id);
      await expect.poll(() => sink.deliveries.length, { timeout: 10_000 }).toBe(2);

      await expect(h.caller.flows.resetSnapshot({ id })).rejects.toMatchObject({
        code: "CONFLICT",
        message: 'flow "polling: reset" is running: stop it first; a snapshot is reset only while the flow is stopped, so no run reads or writes it meanwhile',
      });
      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
      // kept while stopped: a restart goes on from it
      expect((await h.caller.flows.polling({ id }))?.snapshot).not.toBeNull();
      expect(await h.caller.flows.resetSnapshot({ id })).toEqual({ id, stepId: "contacts", hadSnapshot: true });
      expect((await h.caller.flows.polling({ id }))?.snapshot).toBeNull();
      await expect(h.caller.flows.runNow({ id })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/is stopped: start it first/) });

      const asked = api.sinceAsked.length;
      await startPolling(id);
      await expect.poll(() => sink.deliveries.length, { timeout: 10_000 }).toBe(4);
      // the first run after the reset asked for everything
      expect(api.sinceAsked[asked]).toBeNull();
      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
    } finally {
      await api.close();
      await sink.close();
    }
  });

  it("a run that fails (the API answers 500) emits nothing, keeps the snapshot and says why", async () => {
    const sink = await new Sink().start();
    const broken = createServer((_req, res) => {
      res.writeHead(500);
      res.end("down");
    });
    await new Promise<void>((resolve) => broken.listen(0, "127.0.0.1", resolve));
    const port = (broken.address() as { port: number }).port;
    try {
      const document = pollingFlow({ port } as ContactsApi, sink, "polling: failing");
      const { id } = await h.caller.flows.import({ document });
      await startPolling(id);
      await runNow(id);
      expect((await h.caller.flows.polling({ id }))?.lastRun).toMatchObject({ runs: 2, emitted: 0, failures: 2, error: `GET http://127.0.0.1:${port}/contacts answered 500` });
      expect((await h.caller.flows.polling({ id }))?.snapshot).toBeNull();
      expect(sink.deliveries).toEqual([]);
      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
    } finally {
      broken.closeAllConnections();
      await new Promise<void>((resolve) => broken.close(() => resolve()));
      await sink.close();
    }
  });

  it("a PostgreSQL table polled for new or updated rows: over 20 runs with concurrent writes, each change is delivered once", async () => {
    const scratch = await createScratchDatabase(process.env.DATABASE_URL as string);
    const db = new pg.Client({ connectionString: scratch.url });
    await db.connect();
    const sink = await new Sink().start();
    try {
      await db.query("CREATE TABLE contacts (id serial PRIMARY KEY, name text NOT NULL, updated_at timestamptz NOT NULL DEFAULT clock_timestamp())");
      await db.query("INSERT INTO contacts (name) SELECT 'contact ' || g FROM generate_series(1, 5) g");
      const credential = await createCredential(h.db, {
        workspaceId: h.workspaceId,
        key: h.encryptionKey,
        name: "Contacts database",
        component: "postgres",
        authKind: "custom",
        values: {},
        secrets: { connectionString: scratch.url },
        createdBy: "polling test",
      });
      const document: FlowDocument = {
        schema: "interflow/flow@1",
        name: "polling: postgres rows",
        type: "ordinary",
        settings: { schedule: { every: "1h" } },
        nodes: [
          { id: "rows", component: "postgres", function: "new-or-updated-rows", credentialId: credential.id, config: { table: "contacts", updatedAtColumn: "updated_at", overlapSeconds: 2 }, position: { x: 0, y: 0 } },
          { id: "deliver", component: "http", function: "request", config: { method: "POST", url: `${sink.url}/contacts` }, position: { x: 300, y: 0 } },
        ],
        edges: [{ source: "rows", target: "deliver" }],
      };
      const { id } = await h.caller.flows.import({ document });
      await startPolling(id);

      let writing = true;
      let n = 0;
      const writes = (async () => {
        while (writing) {
          n++;
          if (n % 4 === 0) await db.query("INSERT INTO contacts (name) VALUES ($1)", [`new ${n}`]);
          else await db.query("UPDATE contacts SET name = $1, updated_at = clock_timestamp() WHERE id = $2", [`edit ${n}`, (n % 5) + 1]);
          await new Promise((r) => setTimeout(r, 10));
        }
      })();
      for (let run = 0; run < 20; run++) await runNow(id);
      writing = false;
      await writes;
      await runNow(id);

      const now = (await db.query("SELECT id, name, updated_at FROM contacts")).rows as Array<{ id: number; name: string; updated_at: Date }>;
      const key = (row: { id: unknown; updated_at: unknown }) => `${row.id}@${new Date(row.updated_at as string).toISOString()}`;
      await expect.poll(() => now.every((row) => sink.deliveries.some((d) => key(d.body as never) === key(row))), { timeout: 15_000 }).toBe(true);
      const delivered = sink.deliveries.map((d) => key(d.body as never));
      expect(delivered.length - new Set(delivered).size).toBe(0);
      expect(n).toBeGreaterThan(20);
      expect((await h.caller.flows.polling({ id }))?.lastRun).toMatchObject({ runs: 22, failures: 0 });
      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
    } finally {
      await db.end();
      await scratch.drop();
      await sink.close();
    }
  });

  it("a cron schedule in a time zone is handed to the scheduler as such: its next run is the expression's next instant there", async () => {
    const api = await new ContactsApi().start();
    const sink = await new Sink().start();
    try {
      const schedule = { cron: "30 9 * * *", timezone: "Asia/Kolkata" };
      const { id } = await h.caller.flows.import({ document: pollingFlow(api, sink, "polling: cron", schedule) });
      await h.caller.flows.start({ id });
      await waitForState(h.caller, id, "running");
      const view = await h.caller.flows.polling({ id });
      expect(view?.schedule).toBe("cron 30 9 * * * (Asia/Kolkata)");
      // 09:30 in Kolkata is 04:00 UTC
      const expected = nextRuns(scheduleSchema.parse(schedule), new Date())[0]?.toISOString();
      expect(view?.nextRunAt).toBe(expected);
      expect(expected).toMatch(/T04:00:00\.000Z$/);
      // a cron schedule does not run at the start: nothing ran yet
      expect(view?.lastRun).toBeNull();
      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
    } finally {
      await api.close();
      await sink.close();
    }
  });

  it("a schedule trigger sends its fixed body on each run; a filter on $headers.schedule and conditions on connections route what it sends", async () => {
    const sink = await new Sink().start();
    try {
      const document: FlowDocument = {
        schema: "interflow/flow@1",
        name: "schedule: fixed body",
        type: "ordinary",
        settings: { schedule: { every: "1h" } },
        nodes: [
          { id: "tick", component: "schedule", function: "tick", config: { body: { report: "daily", size: 3 } }, position: { x: 0, y: 0 } },
          // the run the schedule makes at the start is filtered; runs asked for go on
          { id: "asked", component: "filter", function: "keep", config: { condition: "$headers.schedule.manual" }, position: { x: 300, y: 0 } },
          { id: "big", component: "http", function: "request", config: { method: "POST", url: `${sink.url}/big` }, position: { x: 600, y: 0 } },
          { id: "small", component: "http", function: "request", config: { method: "POST", url: `${sink.url}/small` }, position: { x: 600, y: 200 } },
        ],
        edges: [
          { source: "tick", target: "asked" },
          { source: "asked", target: "big", condition: "size > 2" },
          { source: "asked", target: "small", otherwise: true },
        ],
      };
      const { id } = await h.caller.flows.import({ document });
      await startPolling(id);
      await runNow(id);
      await expect.poll(() => sink.deliveries.map((d) => [d.path, d.body]), { timeout: 15_000 }).toEqual([["/big", { report: "daily", size: 3 }]]);
      expect((await h.caller.flows.polling({ id }))?.lastRun).toMatchObject({ runs: 2, failures: 0, manual: true, totalEmitted: 2 });
      // the step counters: the filter took 2 and let 1 through, the scheduled run was filtered
      await expect
        .poll(async () => (await h.caller.flows.dashboard({})).flows.find((f) => f.id === id)?.steps.find((st) => st.id === "asked")?.lastMinute, { timeout: 10_000 })
        .toMatchObject({ in: 2, out: 1, filtered: 1, errors: 0 });
      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
    } finally {
      await sink.close();
    }
  });
});
