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
  /** webhook URL segment → flow id: each route's current path (its id until rotated) and, during a grace period, the one before */
  private paths = new Map<string, string>();

  private constructor(private readonly redis: Redis) {}

  /** `subscriber` is a connection of its own: a subscribed connection can do nothing else */
  static async open(redis: Redis, subscriber: Redis): Promise<RouteTable> {
    const table = new RouteTable(redis);
    subscriber.on(
      "message",
      (_channel: string, flowId: string) =>
        void table.refresh(flowId).catch(() => {
          table.routes.delete(flowId);
          table.unindex(flowId);
        }),
    );
    // Subscribe first, then load: a change between the two is not missed.
    await subscriber.subscribe(keys.routesChannel);
    await table.reload();
    subscriber.on("ready", () => void table.reload().catch(() => {}));
    return table;
  }

  get(flowId: string): Route | undefined {
    return this.routes.get(flowId);
  }

  /**
   * The route a webhook URL's segment leads to: its current path, or the one a rotation replaced
   * until its grace period is over (then, and for any other segment, none: 404).
   */
  byPath(segment: string, now = Date.now()): Route | undefined {
    const flowId = this.paths.get(segment);
    const route = flowId === undefined ? undefined : this.routes.get(flowId);
    if (!route) return undefined;
    const current = route.hook?.path ?? route.flowId;
    if (segment === current) return route;
    const previous = route.hook?.previous;
    return previous && previous.path === segment && Date.parse(previous.until) > now ? route : undefined;
  }

  private index(route: Route): void {
    this.paths.set(route.hook?.path ?? route.flowId, route.flowId);
    if (route.hook?.previous) this.paths.set(route.hook.previous.path, route.flowId);
  }

  private unindex(flowId: string): void {
    for (const [path, owner] of this.paths) if (owner === flowId) this.paths.delete(path);
  }

  private async reload(): Promise<void> {
    const all = await this.redis.hgetall(keys.routes);
    const next = new Map<string, Route>();
    for (const [flowId, raw] of Object.entries(all)) {
      const parsed = parseRoute(raw);
      if (parsed.success) next.set(flowId, parsed.data);
    }
    this.routes = next;
    this.paths = new Map();
    for (const route of next.values()) this.index(route);
  }

  private async refresh(flowId: string): Promise<void> {
    const raw = await this.redis.hget(keys.routes, flowId);
    const parsed = raw ? parseRoute(raw) : undefined;
    this.unindex(flowId);
    if (parsed?.success) {
      this.routes.set(flowId, parsed.data);
      this.index(parsed.data);
    } else this.routes.delete(flowId);
  }
}
