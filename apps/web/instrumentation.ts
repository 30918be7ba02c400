// Runs once when the web app's server starts (Next.js instrumentation hook).
export async function register() {
  // the Node.js server only: the edge runtime has no process streams to log to
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { logThroughPlatformLogger } = await import("./src/server-logging");
  logThroughPlatformLogger();
}
