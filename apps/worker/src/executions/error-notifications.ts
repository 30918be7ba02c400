import { createHash } from "node:crypto";
import type { StoredFailure } from "@interflow/db";
import type { MessageEnvelope } from "@interflow/flow";
import { injectMessages, keys, type Redis, routeSchema } from "@interflow/queue";
import type { Logger } from "../flow-controller";
import type { RecordedFlow } from "./execution-recorder";

/** What an error flow receives for each failed message of a flow that names it (`settings.errorFlowId`). */
export interface ErrorNotification {
  flow: { id: string; name: string };
  step: string;
  error: string;
  errorKind: string;
  httpStatus: number | null;
  attempts: number;
  failedAt: string;
  messageId: string;
  executionId: string;
  failedMessageId: string;
  /** the execution's page in the web app */
  url: string;
  /** the body the step got */
  body: unknown;
}

/**
 * Delivers each new failed message of a flow to its error flow (like n8n's error workflow): a
 * message on the error flow's first queue, with a deterministic id (told twice, queued once). The
 * error flow must run (a sleeping one is woken); otherwise — or when it is gone, or takes no
 * messages — the notification is counted on the failing flow (`errorFlow.undelivered`) and logged.
 * A failure of an error notification itself notifies nobody (no loops between error flows).
 */
export class ErrorNotifier {
  constructor(
    private readonly deps: { redis: Redis; logger: Logger; webUrl: string; wake: (flowId: string, workspaceId: string, cause: string) => Promise<unknown> },
  ) {}

  async notify(flow: RecordedFlow, failures: StoredFailure[]): Promise<void> {
    const errorFlowId = flow.errorFlowId;
    const told = failures.filter((f) => !f.errorNotification);
    if (!errorFlowId || told.length === 0) return;
    const { redis, logger } = this.deps;
    const raw = await redis.hget(keys.routes, errorFlowId);
    const route = raw ? routeSchema.safeParse(JSON.parse(raw)).data : undefined;
    const why = !route
      ? "it is not running"
      : route.state === "suspended"
        ? "it is suspended"
        : route.workspaceId !== flow.workspaceId
          ? "it is not a flow of the same workspace"
          : route.component !== "webhook"
            ? "its trigger does not take messages (an error flow starts with a webhook trigger)"
            : undefined;
    if (why || !route) {
      await redis.hincrby(keys.stats(flow.id), "errorFlow.undelivered", told.length);
      logger.warn("failed messages not told to the error flow", { flowId: flow.id, errorFlowId, messages: told.length, why });
      return;
    }
    const messages = told.map((failure) => {
      const id = createHash("sha1").update(`error-notification/${failure.id}`).digest("hex").slice(0, 32);
      const body: ErrorNotification = {
        flow: { id: flow.id, name: flow.name },
        step: failure.stepId,
        error: failure.error,
        errorKind: failure.errorKind,
        httpStatus: failure.httpStatus,
        attempts: failure.attempts,
        failedAt: failure.failedAt.toISOString(),
        messageId: failure.messageId,
        executionId: failure.executionId,
        failedMessageId: failure.id,
        url: `${this.deps.webUrl.replace(/\/$/, "")}/flows/${flow.id}/executions/${failure.executionId}`,
        body: failure.body,
      };
      const message: MessageEnvelope = {
        id,
        body,
        headers: {},
        attachments: [],
        steps: {},
        meta: {
          flowId: errorFlowId,
          flowVersion: route.flowVersion,
          executionId: id,
          stepId: route.triggerStepId,
          parentMessageId: null,
          traceId: id,
          attempt: 0,
          errorNotification: true,
        },
      };
      return { message, jobId: id };
    });
    await injectMessages(redis, { flowId: errorFlowId, stepId: route.triggerStepId, messages });
    if (route.state === "sleeping") await this.deps.wake(errorFlowId, route.workspaceId, `failed messages of flow "${flow.name}" to handle`);
    logger.info("failed messages told to the error flow", { flowId: flow.id, errorFlowId, messages: messages.length });
  }
}
