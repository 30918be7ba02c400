import { deploymentSchema, keys, type Redis, type Route } from "@interflow/queue";
import { buildDeployment } from "./deployment";
import type { FlowQueues } from "./flow-queues";
import type { FlowRoutes } from "./flow-routes";
import type { LoadedFlow } from "./flow-runners";

/** How long the gateways get to take a new route before the queues they wrote to are dropped (pub/sub, a batch on its way). */
export const ROUTE_SETTLE_MS = 500;

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;

/**
 * A new version's removed steps (a redeploy): their queues are dropped, each message recorded as
 * dropped in its execution and counted in the transition's cause. The gateways write webhooks to
 * the trigger's queue or (direct entry) to its next steps' — so they are sent to the new version's
 * queues first, and only then are the removed ones emptied: nothing lands in a queue after it was
 * dropped, where no runner would ever take it and nobody would count it.
 */
export class RemovedSteps {
  constructor(
    private readonly deps: { redis: Redis; queues: FlowQueues; routes: FlowRoutes; executions?: { watch(flowId: string): void }; settleMs?: number },
  ) {}

  /** Steps of the deployed version the flow's current version no longer has. */
  async of(flow: LoadedFlow): Promise<string[]> {
    const raw = await this.deps.redis.get(keys.deployment(flow.id));
    const deployed = raw ? deploymentSchema.safeParse(JSON.parse(raw)).data : undefined;
    const kept = new Set(flow.document.nodes.map((n) => n.id));
    return Object.keys(deployed?.steps ?? {}).filter((id) => !kept.has(id));
  }

  /** Drops the queues of removed steps; "; 3 messages of removed step "x" dropped" for the cause, or "". */
  async drop(flow: LoadedFlow, removed: string[], state: Route["state"]): Promise<string> {
    if (removed.length === 0) return "";
    const { redis, queues, routes } = this.deps;
    await routes.publish(flow, buildDeployment(flow), state);
    await new Promise((resolve) => setTimeout(resolve, this.deps.settleMs ?? ROUTE_SETTLE_MS));
    const dropped = await queues.drop(flow, `its step was removed in version ${flow.version}`, removed);
    await redis.hdel(keys.backlog(flow.id), ...removed.flatMap((id) => [`${id}.messages`, `${id}.bytes`, `${id}.waiting`]));
    this.deps.executions?.watch(flow.id);
    const steps = removed.map((id) => `"${id}"`).join(", ");
    return dropped > 0 ? `; ${plural(dropped, "message")} of removed step${removed.length === 1 ? "" : "s"} ${steps} dropped` : "";
  }
}
