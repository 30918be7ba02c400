// `npm start`: the whole platform on embedded defaults. Ctrl-C stops everything.
import path from "node:path";
import { build, checkNode, ensureInstalled, fail, repoRoot } from "./prepare.mjs";

checkNode();
ensureInstalled();
build();

const { register } = await import("tsx/esm/api");
register();
const { startPlatform } = await import("./platform.ts");

const dataDir = path.resolve(process.env.INTERFLOW_DATA_DIR ?? path.join(repoRoot, ".data"));
const webPort = Number(process.env.PORT ?? 3000);
const gatewayPort = Number(process.env.GATEWAY_PORT ?? 3001);
const workerPort = Number(process.env.INTERFLOW_WORKER_PORT ?? 3002);

let platform;
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  // still starting: what was started is asked to end as this process exits (SupervisedChild)
  if (!platform) process.exit(130);
  console.log("\nstopping Interflow…");
  await platform.stop();
  process.exit(0);
};
// Ctrl-C; kill; the terminal closed (the worker then removes its step containers and networks, too)
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
process.on("SIGHUP", stop);
// nothing can be printed once the terminal is gone: that is no reason to stop half-way
for (const stream of [process.stdout, process.stderr]) stream.on("error", () => {});

try {
  platform = await startPlatform({ dataDir, webPort, gatewayPort, workerPort });
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}

const tokenFile = path.join(dataDir, "admin-token");
console.log(`
Interflow is running (step runtime: ${platform.runtime})
  web app   ${platform.webUrl}
  webhooks  ${platform.gatewayUrl}/hook/<flowId>
  REST API  ${platform.webUrl}/api/v1 (reference: ${platform.webUrl}/docs/api)
  metrics   ${platform.webUrl}/metrics (with an API token)
  health    ${platform.webUrl}/readyz · ${platform.gatewayUrl}/readyz · ${platform.workerHealthUrl}/readyz (and /healthz)
  data      ${dataDir}
${
  platform.newAdminToken
    ? `
  Admin API token (shown once; also saved to ${tokenFile}, mode 0600):
    ${platform.newAdminToken}
`
    : `  API token in ${tokenFile}`
}
${
  platform.setupUrl
    ? `  First visit: create the owner account at ${platform.webUrl}/setup on this machine, or from
  another one with this link (keep it to yourself):
    ${platform.setupUrl}`
    : "  Sign in to the web app with your account."
}
  Try:  npx interflow flow import examples/webhook-to-http.json
Press Ctrl-C to stop.
`);

