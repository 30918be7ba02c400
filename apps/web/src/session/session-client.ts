/** Browser side of /api/session: connect with a token, disconnect. */

export type ConnectResult = { ok: true } | { ok: false; error: string };

function errorMessage(body: unknown): string | undefined {
  if (typeof body === "object" && body !== null && "error" in body && typeof body.error === "string") {
    return body.error;
  }
  return undefined;
}

export async function connectSession(token: string): Promise<ConnectResult> {
  const trimmed = token.trim();
  if (!trimmed) return { ok: false, error: "Paste your API token first." };
  let response: Response;
  try {
    response = await fetch("/api/session", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: trimmed }),
    });
  } catch {
    return { ok: false, error: "Interflow could not be reached. Check that it is running, then try again." };
  }
  if (response.ok) return { ok: true };
  const message = errorMessage(await response.json().catch(() => null));
  return { ok: false, error: message ?? `Interflow answered ${response.status}. Try again in a moment.` };
}

export async function disconnectSession(): Promise<void> {
  const response = await fetch("/api/session", { method: "DELETE" });
  if (!response.ok) throw new Error(`disconnecting failed: Interflow answered ${response.status}`);
}
