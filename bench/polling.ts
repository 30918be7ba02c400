// Polling latency: how long from a record's change at the source to its delivery, for an http
// `poll` trigger on a 5-second schedule (the schedule's period bounds it; the run itself adds little).
import type { ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import type { appRouter } from "@interflow/api";
import type { FlowDocument } from "@interflow/flow";

type Caller = ReturnType<typeof appRouter.createCaller>;

export interface PollingFigures {
  every: string;
  changes: number;
  delivered: number;
  duplicates: number;
  lost: number;
  latencyP50ms: number | null;
  latencyP99ms: number | null;
  latencyMaxMs: number | null;
}

export async function measurePolling(p: {
  caller: Caller;
  sink: ChildProcess;
  sinkUrl: string;
  waitState: (id: string, state: string) => Promise<number>;
  drain: (n: number) => Promise<{ deliveries: number; unique: number; p50: number | null; p99: number | null; max: number | null }>;
  /** the sequence numbers the sink received */
  seqs: () => Promise<Set<number>>;
  seconds: number;
}): Promise<PollingFigures> {
  // the source: records { id, seq, sentAt (= when it changed), updatedAt }
  const records = new Map<number, { id: number; seq: number; sentAt: number; updatedAt: string }>();
  const server = createServer((req, res) => {
    const since = new URL(req.url ?? "/", "http://localhost").searchParams.get("since");
    const found = [...records.values()].filter((r) => since === null || r.updatedAt >= since);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(found));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const every = "5s";
  const document: FlowDocument = {
    schema: "interflow/flow@1",
    name: "bench: polling latency",
    type: "ordinary",
    settings: { schedule: { every } },
    nodes: [
      { id: "source", component: "http", function: "poll", config: { url: `http://127.0.0.1:${port}/records`, overlapSeconds: 2 }, position: { x: 0, y: 0 } },
      { id: "deliver", component: "http", function: "request", config: { method: "POST", url: p.sinkUrl }, position: { x: 300, y: 0 } },
    ],
    edges: [{ source: "source", target: "deliver" }],
  };
  const { id } = await p.caller.flows.import({ document });
  await p.caller.flows.start({ id });
  await p.waitState(id, "running");
  await new Promise((r) => setTimeout(r, 1_000));
  p.sink.send("reset");
  // one change every 250 ms, at moments unrelated to the schedule
  const changes = Math.round((p.seconds * 1000) / 250);
  for (let seq = 0; seq < changes; seq++) {
    const now = Date.now();
    records.set(seq % 40, { id: seq % 40, seq, sentAt: now, updatedAt: new Date(now).toISOString() });
    await new Promise((r) => setTimeout(r, 250));
  }
  // a record changed twice between two runs arrives in its last state only; every record's last state must arrive
  await new Promise((r) => setTimeout(r, 7_000));
  const final = await p.drain(0);
  const delivered = await p.seqs();
  await p.caller.flows.stop({ id });
  await p.waitState(id, "stopped");
  server.close();
  const lastSeqs = [...records.values()].map((r) => r.seq);
  return {
    every,
    changes,
    delivered: final.deliveries,
    duplicates: final.deliveries - delivered.size,
    lost: lastSeqs.filter((seq) => !delivered.has(seq)).length,
    latencyP50ms: final.p50,
    latencyP99ms: final.p99,
    latencyMaxMs: final.max,
  };
}
