import { type Db, hasAnyUser, makeFirstOwner } from "@interflow/db";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError } from "better-auth/api";

export const SIGN_UP_CLOSED = "sign-up is closed: this installation has its owner; new members join by invitation";
export const MIN_PASSWORD_LENGTH = 10;
const SIGN_IN_ATTEMPTS = 10;
const SIGN_IN_WINDOW_SECONDS = 60;

/**
 * People's accounts (better-auth, email and password) on Interflow's database. Only the first
 * person of an installation signs up, and becomes owner of the Default workspace; after that
 * sign-up is refused. Session cookies are HTTP-only, and secure when `baseUrl` is https.
 */
export function createAuth(p: { db: Db; secret: string; baseUrl: string }) {
  return betterAuth({
    appName: "Interflow",
    baseURL: p.baseUrl,
    secret: p.secret,
    database: prismaAdapter(p.db.prisma, { provider: "postgresql" }),
    emailAndPassword: { enabled: true, minPasswordLength: MIN_PASSWORD_LENGTH, autoSignIn: true },
    telemetry: { enabled: false },
    // Sign-in attempts per client address (better-auth's limiter is on in production); the rest keep
    // better-auth's defaults.
    rateLimit: { customRules: { "/sign-in/email": { window: SIGN_IN_WINDOW_SECONDS, max: SIGN_IN_ATTEMPTS } } },
    databaseHooks: {
      user: {
        create: {
          before: async () => {
            if (await hasAnyUser(p.db)) throw new APIError("FORBIDDEN", { message: SIGN_UP_CLOSED });
          },
          after: async (user) => {
            await makeFirstOwner(p.db, { userId: user.id });
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
