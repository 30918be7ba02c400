import { type APIRequestContext, type Cookie, request } from "@playwright/test";

/**
 * A signed-in session of one person, made with the auth API and reused by every spec of a worker:
 * sign-ins are rate-limited (10 a minute), so specs that are not about signing in do not spend them.
 * Checked before each use: a spec that signs the person out everywhere (password change) ends it,
 * and the next use signs in again.
 */
export class ReusableSession {
  private cookies: Cookie[] | null = null;

  constructor(
    private readonly webUrl: string,
    private readonly person: { email: string; password: string },
  ) {}

  /** The session cookies, valid now. */
  async validCookies(): Promise<Cookie[]> {
    if (this.cookies && (await this.isValid(this.cookies))) return this.cookies;
    this.cookies = await this.signIn();
    return this.cookies;
  }

  private async withApi<T>(cookies: Cookie[], use: (api: APIRequestContext) => Promise<T>): Promise<T> {
    const api = await request.newContext({ baseURL: this.webUrl, storageState: { cookies, origins: [] } });
    try {
      return await use(api);
    } finally {
      await api.dispose();
    }
  }

  private isValid(cookies: Cookie[]): Promise<boolean> {
    return this.withApi(cookies, async (api) => {
      const response = await api.get("/api/auth/get-session");
      return response.ok() && (await response.json()) !== null;
    });
  }

  private signIn(): Promise<Cookie[]> {
    return this.withApi([], async (api) => {
      const response = await api.post("/api/auth/sign-in/email", {
        headers: { origin: this.webUrl },
        data: { email: this.person.email, password: this.person.password },
      });
      if (!response.ok()) throw new Error(`signing in as ${this.person.email} failed: ${response.status()} ${await response.text()}`);
      return (await api.storageState()).cookies;
    });
  }
}
