// Entry of the webhook gateway process.
import { readGatewayEnv } from "./env";
import { startGateway } from "./gateway";

const log = (level: string, msg: string, fields?: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, service: "gateway", msg, ...fields })}\n`);

try {
  const env = readGatewayEnv();
  const gateway = await startGateway(env, log);
  log("info", "gateway listening", { url: gateway.url });
  const shutdown = async () => {
    await gateway.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown());
  process.once("SIGINT", () => void shutdown());
} catch (error) {
  log("error", "gateway failed to start", { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
