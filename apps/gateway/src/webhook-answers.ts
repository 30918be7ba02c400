import { keys, type Redis, webhookAnswersField } from "@interflow/queue";
import { Counter, type Registry } from "prom-client";

/**
 * The gateway's answers to webhooks, by status: in this process's /metrics, and per flow in the
 * flow's stats hash (the web app's /metrics reads them), added up in memory and written once a
 * second — never a Redis write per request, and never for a flow id no route knows (a key per
 * made-up id would let anyone fill Redis).
 */
export class WebhookAnswers {
  private pending = new Map<string, Map<number, number>>();
  private readonly counter: Counter<"status">;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    registry: Registry,
    flushEveryMs = 1_000,
  ) {
    this.counter = new Counter({ name: "interflow_gateway_webhook_answers_total", help: "Webhook requests this gateway answered, by HTTP status", labelNames: ["status"], registers: [registry] });
    this.timer = setInterval(() => void this.flush(), flushEveryMs);
    this.timer.unref();
  }

  /** `flowId`: the flow's, when a route knows it */
  count(flowId: string | undefined, status: number): void {
    this.counter.inc({ status: String(status) });
    if (flowId !== undefined) this.keep(flowId, status, 1);
  }

  private keep(flowId: string, status: number, n: number): void {
    const byStatus = this.pending.get(flowId) ?? new Map<number, number>();
    byStatus.set(status, (byStatus.get(status) ?? 0) + n);
    this.pending.set(flowId, byStatus);
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const pipeline = this.redis.pipeline();
    for (const [flowId, byStatus] of batch) for (const [status, n] of byStatus) pipeline.hincrby(keys.stats(flowId), webhookAnswersField(status), n);
    try {
      const results = (await pipeline.exec()) ?? [];
      if (results.some(([error]) => error)) throw new Error("not written");
    } catch {
      // Redis away: kept for the next flush (a partial write may count some twice; counts, not messages)
      for (const [flowId, byStatus] of batch) for (const [status, n] of byStatus) this.keep(flowId, status, n);
    }
  }

  /** the last counts written, unless Redis does not answer within a second (a stop must not hang on it) */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.race([this.flush(), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
  }
}
