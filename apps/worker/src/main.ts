// Entry of the worker process (orchestrator).
import { createPlatformLogger, redisUrlWithoutCredentials, rememberSecrets } from "@interflow/queue";
import { readWorkerEnv } from "./env";
import { startWorker } from "./worker";

// the platform's logger (LOG_LEVEL; secret fields and the secrets below never printed)
const logger = createPlatformLogger({ service: "worker" });

// The parent (npm start) may be gone before this process is: a closed stdout must not cut the
// shutdown short, or the step containers it stops would be left running.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});

try {
  const env = readWorkerEnv();
  rememberSecrets([process.env.INTERFLOW_ENCRYPTION_KEY, redisPasswordOf(env.REDIS_URL)]);
  const worker = await startWorker(env, logger);
  const shutdown = async (signal: string) => {
    logger.info("worker stopping", { signal });
    await worker.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
} catch (error) {
  logger.error("worker failed to start", { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}

function redisPasswordOf(url: string): string | undefined {
  return url === redisUrlWithoutCredentials(url) ? undefined : decodeURIComponent(new URL(url).password) || undefined;
}
