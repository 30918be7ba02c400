import { Agent } from "undici";

let agent: Agent | undefined;

/**
 * The one keep-alive connection pool of this process: every request of every http step reuses
 * connections to the same origin instead of opening one per message.
 */
export function httpAgent(): Agent {
  agent ??= new Agent({ keepAliveTimeout: 10_000, keepAliveMaxTimeout: 60_000, connect: { timeout: 10_000 } });
  return agent;
}

/** Closes the pooled connections (when the runner shuts down); a later request opens a new pool. */
export async function closeHttpAgent(): Promise<void> {
  const closing = agent;
  agent = undefined;
  await closing?.close();
}
