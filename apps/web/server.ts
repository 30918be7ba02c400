// The web app's server: Next.js behind a plain Node HTTP server that first works out who the
// client is (packages/queue client-request.ts) — the connection's peer, or behind proxies named
// in INTERFLOW_TRUSTED_PROXIES their X-Forwarded-For — so nothing a client writes in a header can
// pass for its address (the sign-in limit, the audit's addresses, the first-run setup page), and
// makes cookies Secure whenever the client came over https.
// Built by `npm run build` (esbuild) into dist/server.js; `npm start` and Compose run that.
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseTrustedProxies, TRUSTED_PROXIES_VARIABLE } from "@interflow/queue/client-address";
import { normaliseForwarding, secureCookies, servedOverHttps } from "@interflow/queue/client-request";
import { loadSecretFiles } from "@interflow/queue/secret-files";
import next from "next";

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const port = Number(process.env.PORT ?? 3000);
// not HOSTNAME: Docker sets that to the container's name
const hostname = process.env.INTERFLOW_WEB_HOST ?? "0.0.0.0";

let trusted: ReturnType<typeof parseTrustedProxies>;
try {
  // secret settings given as files (<NAME>_FILE: Compose's generated ones), before the app reads them
  loadSecretFiles();
  trusted = parseTrustedProxies(process.env[TRUSTED_PROXIES_VARIABLE]);
} catch (error) {
  console.error(`web app not started: ${(error as Error).message}`);
  process.exit(1);
}

const app = next({ dev: false, dir, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();
const server = createServer((req, res) => {
  normaliseForwarding(req, trusted);
  // over https (a trusted proxy's X-Forwarded-Proto counts), every cookie is Secure
  if (servedOverHttps(req)) secureCookies(res);
  void handle(req, res);
});
server.listen(port, hostname, () => console.log(`web app ready on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`));
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
