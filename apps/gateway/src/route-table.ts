import { keys, type Redis, type Route, routeSchema } from "@interflow/queue";

function parseRoute(raw: string) {
  try {
    return routeSchema.safeParse(JSON.parse(raw));
  } catch {
    return { success: false as const };
  }
}

/**
 * The gateway's in-memory view of which flows accept webhooks, kept current through Redis
 * pub/sub: no lookup per request.
 */
export class RouteTable {
  private routes = new Map<string, Route>();

  private constructor(private readonly redis: Redis) {}

  /** `subscriber` is a connection of its own: a subscribed connection can do nothing else */
  static async open(redis: Redis, subscriber: Redis): Promise<RouteTable> {
    const table = new RouteTable(redis);
    subscriber.on("message", (_channel: string, flowId: string) => void table.refresh(flowId).catch(() => table.routes.delete(flowId)));
    // Subscribe first, then load: a change between the two is not missed.
    await subscriber.subscribe(keys.routesChannel);
    await table.reload();
    subscriber.on("ready", () => void table.reload().catch(() => {}));
    return table;
  }

  get(flowId: string): Route | undefined {
    return this.routes.get(flowId);
  }

  private async reload(): Promise<void> {
    const all = await this.redis.hgetall(keys.routes);
    const next = new Map<string, Route>();
    for (const [flowId, raw] of Object.entries(all)) {
      const parsed = parseRoute(raw);
      if (parsed.success) next.set(flowId, parsed.data);
    }
    this.routes = next;
  }

  private async refresh(flowId: string): Promise<void> {
    const raw = await this.redis.hget(keys.routes, flowId);
    const parsed = raw ? parseRoute(raw) : undefined;
    if (parsed?.success) this.routes.set(flowId, parsed.data);
    else this.routes.delete(flowId);
  }
}
