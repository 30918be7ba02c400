import { createPlatformLogger } from "@interflow/queue";
import type { StepLogger } from "@interflow/sdk";

/** One JSON object per line on stdout, with the step's identity on every line (the platform's logger: LOG_LEVEL, secrets redacted). */
export function createLogger(fields: Record<string, unknown>): StepLogger {
  return createPlatformLogger({ service: "runner", fields });
}
