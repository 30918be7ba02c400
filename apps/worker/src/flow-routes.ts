import type { FlowDocument } from "@interflow/flow";
import { type Deployment, keys, type QueueLimits, type Redis, type Route } from "@interflow/queue";
import { buildDeployment, queueLimitsOf, routeOf } from "./deployment";

/** The gateway's routes: what it accepts for a flow, announced on the routes channel. */
export class FlowRoutes {
  constructor(private readonly redis: Redis) {}

  async publish(deployment: Deployment, limits: QueueLimits, state: Route["state"] = "running"): Promise<void> {
    await this.redis.hset(keys.routes, deployment.flowId, JSON.stringify({ ...routeOf(deployment, limits), state }));
    await this.redis.publish(keys.routesChannel, deployment.flowId);
  }

  /** Publishes the route of the flow's current version with its limits, in `state`. */
  publishOf(
    flow: Parameters<typeof buildDeployment>[0] & Parameters<typeof queueLimitsOf>[0] & { document: FlowDocument },
    state: Route["state"],
  ): Promise<void> {
    return this.publish(buildDeployment(flow), queueLimitsOf(flow), state);
  }

  async remove(flowId: string): Promise<void> {
    await this.redis.hdel(keys.routes, flowId);
    await this.redis.publish(keys.routesChannel, flowId);
  }
}
