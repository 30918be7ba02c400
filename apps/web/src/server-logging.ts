import { format } from "node:util";
import { createPlatformLogger, environmentSecrets, rememberSecrets } from "@interflow/queue";

/**
 * The web app logs as every platform process does (packages/queue logging.ts): JSON lines with a
 * level (LOG_LEVEL) and `service: "web"`, error stacks kept, the secrets it was given and
 * secret-named fields never printed. Next.js and the app write through `console`, so `console`
 * writes through the logger.
 */
export function logThroughPlatformLogger(): void {
  const logger = createPlatformLogger({ service: "web" });
  rememberSecrets(environmentSecrets(), { pinned: true });
  const through =
    (level: "debug" | "info" | "warn" | "error") =>
    (...args: unknown[]) =>
      logger[level](format(...args));
  console.debug = through("debug");
  console.log = through("info");
  console.info = through("info");
  console.warn = through("warn");
  console.error = through("error");
  logger.info("web app started", { pid: process.pid, node: process.version });
}
