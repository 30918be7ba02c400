// Entry of the worker process (orchestrator).
import { createPlatformLogger, environmentSecrets, loadSecretFiles, rememberSecrets } from "@interflow/queue";
import { readWorkerEnv } from "./env";
import { startWorker } from "./worker";

// the platform's logger (LOG_LEVEL; secret fields and the secrets below never printed)
const logger = createPlatformLogger({ service: "worker" });

// The parent (npm start) may be gone before this process is: a closed stdout must not cut the
// shutdown short, or the step containers it stops would be left running.
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});

// secret settings given as files (<NAME>_FILE: Compose's generated ones), read before anything else
try {
  loadSecretFiles();
} catch (error) {
  logger.error((error as Error).message);
  process.exit(1);
}
// the secrets it was given (the encryption key, the database's and Redis's passwords) never printed
rememberSecrets(environmentSecrets(), { pinned: true });

try {
  const env = readWorkerEnv();
  const worker = await startWorker(env, logger);
  // once, whichever signal comes first (Ctrl-C reaches it, then npm start's SIGTERM); a second
  // one (an impatient Ctrl-C) must not end it half-way through removing its step runners
  let stopping: Promise<void> | undefined;
  const shutdown = (signal: string) => {
    stopping ??= (async () => {
      logger.info("worker stopping", { signal });
      try {
        await worker.close();
        process.exit(0);
      } catch (error) {
        logger.error("worker did not stop cleanly", { error: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      }
    })();
    return stopping;
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
  // its terminal closed (npm start in a window that was shut): the same clean stop
  process.on("SIGHUP", () => void shutdown("SIGHUP"));
} catch (error) {
  logger.error("worker failed to start", { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
