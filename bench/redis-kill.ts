// Redis killed with -9 in the middle of 10,000 webhook messages, restarted by its supervisor (as
// under `npm start`): what the senders were answered while it was away, and whether every message
// answered 202 was delivered. Senders behave as webhook senders do: a message not answered 202 is
// sent again after a pause, until it is.
import http from "node:http";

export interface RedisKillFigures {
  messages: number;
  acceptedBeforeKill: number;
  /** from the kill to the first 202 again */
  outageMs: number;
  /** answers while Redis was away, by status ("error": no answer, a reset or a timeout) */
  answersDuringOutage: Record<string, number>;
  /** the slowest answer during the outage */
  slowestAnswerDuringOutageMs: number;
  accepted: number;
  delivered: number;
  lost: number;
  /** deliveries of a message id already delivered (the receiver's idempotency key drops them) */
  duplicates: number;
  /** messages the senders had accepted twice (a 202 that never reached them, sent again) */
  sentTwice: number;
  drainMs: number;
}

export async function measureRedisKill(p: {
  hook: string;
  record: Record<string, unknown>;
  messages?: number;
  killAfter?: number;
  kill: () => void;
  drain: (accepted: number) => Promise<{ deliveries: number; unique: number }>;
  seqs: () => Promise<Set<number>>;
}): Promise<RedisKillFigures> {
  const total = p.messages ?? 10_000;
  const killAfter = p.killAfter ?? Math.round(total * 0.3);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const accepted = new Set<number>();
  let acceptedTwice = 0;
  let next = 0;
  let killedAt = 0;
  let backAt = 0;
  let acceptedBeforeKill = 0;
  let slowest = 0;
  const duringOutage: Record<string, number> = {};

  const post = (seq: number) =>
    new Promise<string>((resolve) => {
      const body = JSON.stringify({ ...p.record, seq, sentAt: Date.now() });
      const req = http.request(p.hook, { method: "POST", agent, timeout: 10_000, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on("end", () => resolve(String(res.statusCode)));
      });
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", () => resolve("error"));
      req.end(body);
    });

  const sender = async () => {
    for (;;) {
      const seq = next++;
      if (seq >= total) return;
      for (;;) {
        const sentAt = Date.now();
        const answer = await post(seq);
        const outage = killedAt > 0 && backAt === 0;
        if (outage) {
          duringOutage[answer] = (duringOutage[answer] ?? 0) + 1;
          slowest = Math.max(slowest, Date.now() - sentAt);
        }
        if (answer === "202") {
          if (accepted.has(seq)) acceptedTwice++;
          accepted.add(seq);
          if (killedAt > 0 && backAt === 0 && sentAt > killedAt) backAt = Date.now();
          if (killedAt === 0 && accepted.size >= killAfter) {
            acceptedBeforeKill = accepted.size;
            killedAt = Date.now();
            p.kill();
          }
          break;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  };
  await Promise.all(Array.from({ length: 20 }, sender));
  agent.destroy();
  const drainStart = Date.now();
  const report = await p.drain(accepted.size);
  const drainMs = Date.now() - drainStart;
  const seqs = await p.seqs();
  let lost = 0;
  for (const seq of accepted) if (!seqs.has(seq)) lost++;
  return {
    messages: total,
    acceptedBeforeKill,
    outageMs: backAt - killedAt,
    answersDuringOutage: duringOutage,
    slowestAnswerDuringOutageMs: slowest,
    accepted: accepted.size,
    delivered: seqs.size,
    lost,
    duplicates: report.deliveries - report.unique,
    sentTwice: acceptedTwice,
    drainMs,
  };
}
