import type { WORKSPACE_COOKIE as API_WORKSPACE_COOKIE } from "@interflow/api";

/** The cookie the API reads the chosen workspace from (typed after @interflow/api's, without importing the server). */
const WORKSPACE_COOKIE: typeof API_WORKSPACE_COOKIE = "interflow_workspace";
const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** Remembers in this browser which workspace the web app acts in (browser only). */
export function rememberWorkspace(workspaceId: string): void {
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  // biome-ignore lint/suspicious/noDocumentCookie: a plain, non-HTTP-only preference cookie, set where it is chosen
  document.cookie = `${WORKSPACE_COOKIE}=${encodeURIComponent(workspaceId)}; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax${secure}`;
}
