// kill -9 of the worker between two poll runs, on real Redis and runner processes: the run that fell
// due while no worker ran happens once when the next worker comes (not skipped, not doubled), and
// every change made meanwhile arrives exactly once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ContactsApi, pollingFlow } from "./testing/contacts-api";
import { type Harness, startHarness, waitForState, workerEnvOf } from "./testing/harness";
import { Sink } from "./testing/sink";
import { buildWorker, runnerProcessesOf, WorkerProcess } from "./testing/worker-process";

let h: Harness;
let entry: string;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  [h, entry] = await Promise.all([startHarness({ database: "interflow_worker_polling_crash_test", redisDb: 12, inProcessWorker: false }), buildWorker()]);
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});
afterAll(() => h?.close());

function launch(): WorkerProcess {
  const worker = new WorkerProcess(entry, workerEnvOf({ databaseUrl: h.databaseUrl, redisUrl: h.redisUrl, ...h.encryptionKeyEnv, INTERFLOW_LEASE_TTL_MS: "1500" }));
  workers.push(worker);
  return worker;
}

const runsOf = async (id: string) => (await h.caller.flows.polling({ id }))?.lastRun?.runs ?? 0;

describe("a polling flow and a worker killed with SIGKILL", () => {
  it("the run due while no worker ran happens once on restart; nothing is lost or repeated", async () => {
    const api = await new ContactsApi().start();
    const sink = await new Sink().start();
    try {
      api.put(1, "Ada");
      const first = launch();
      const { id } = await h.caller.flows.import({ document: pollingFlow(api, sink, "polling: kill -9", { every: "10s" }) });
      await h.caller.flows.start({ id });
      await waitForState(h.caller, id, "running");
      await expect.poll(() => runsOf(id), { timeout: 15_000, interval: 50 }).toBe(1);
      const dueAt = Date.parse((await h.caller.flows.polling({ id }))?.nextRunAt ?? "");

      await first.kill();
      await expect.poll(() => runnerProcessesOf(id).length, { timeout: 15_000 }).toBe(0);
      // changes while nobody polls, and the next run falls due meanwhile
      api.put(2, "Grace");
      api.put(1, "Ada Lovelace");
      await new Promise((r) => setTimeout(r, Math.max(0, dueAt - Date.now()) + 1_500));
      expect(await runsOf(id)).toBe(1);

      launch();
      await expect.poll(() => runsOf(id), { timeout: 20_000, interval: 50 }).toBe(2);
      // the overdue run, once: the next one is on the schedule again, not at once (10 s apart, so a
      // worker slow to start on a busy machine does not run into the next regular run)
      await new Promise((r) => setTimeout(r, 1_000));
      expect(await runsOf(id)).toBe(2);
      expect(Date.parse((await h.caller.flows.polling({ id }))?.nextRunAt ?? "")).toBeGreaterThan(Date.now());
      await expect.poll(() => sink.deliveries.map((d) => `${d.body.id}:${d.body.name}`).sort(), { timeout: 10_000 }).toEqual(["1:Ada", "1:Ada Lovelace", "2:Grace"]);

      await h.caller.flows.stop({ id });
      await waitForState(h.caller, id, "stopped");
    } finally {
      await api.close();
      await sink.close();
    }
  });
});
