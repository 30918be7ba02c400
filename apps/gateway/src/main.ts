// Entry of the webhook gateway process.
import { createPlatformLogger, environmentSecrets, loadSecretFiles, rememberSecrets } from "@interflow/queue";
import { readGatewayEnv } from "./env";
import { startGateway } from "./gateway";

// the platform's logger (LOG_LEVEL; secret fields and the secrets it was given never printed)
const logger = createPlatformLogger({ service: "gateway" });
// secret settings given as files (<NAME>_FILE: Compose's generated ones), read before anything else
try {
  loadSecretFiles();
} catch (error) {
  logger.error((error as Error).message);
  process.exit(1);
}
rememberSecrets(environmentSecrets(), { pinned: true });
const log = (level: "info" | "warn" | "error", msg: string, fields?: Record<string, unknown>) => logger[level](msg, fields);

try {
  const env = readGatewayEnv();
  const gateway = await startGateway(env, log);
  log("info", "gateway listening", { url: gateway.url });
  // once, whichever signal comes first; a second one does not cut it short
  let stopping: Promise<void> | undefined;
  const shutdown = () => {
    stopping ??= gateway.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log("error", "gateway did not stop cleanly", { error: error instanceof Error ? error.message : String(error) });
        process.exit(1);
      },
    );
    return stopping;
  };
  process.on("SIGTERM", () => void shutdown());
  process.on("SIGINT", () => void shutdown());
  process.on("SIGHUP", () => void shutdown());
} catch (error) {
  log("error", "gateway failed to start", { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
