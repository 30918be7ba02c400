import { AsyncLocalStorage } from "node:async_hooks";
import { type AuditAction, type Db, hasAnyUser, listMemberships, makeFirstOwner, recordAudit } from "@interflow/db";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware, getIP } from "better-auth/api";
import { CLIENT_ADDRESS_HEADER, type Redis } from "@interflow/queue";
import { redisRateLimitStorage } from "./redis-rate-limit";
import { setupRefusal } from "./setup-token";

export const SIGN_UP_CLOSED = "sign-up is closed: this installation has its owner; new members join by invitation";
export const MIN_PASSWORD_LENGTH = 10;
export const SIGN_IN_ATTEMPTS = 10;
export const SIGN_IN_WINDOW_SECONDS = 60;

/**
 * Set while `signUpInvited` creates an account: the only sign-up allowed once the owner exists.
 * One per process, on globalThis: Next.js loads this module once for its pages and once for its
 * route handlers, and both use the one auth instance `getApiServicesFromEnv` keeps.
 */
const processWide = globalThis as { interflowInvitedSignUp?: AsyncLocalStorage<true> };
processWide.interflowInvitedSignUp ??= new AsyncLocalStorage<true>();
export const invitedSignUp: AsyncLocalStorage<true> = processWide.interflowInvitedSignUp;

/** One audit entry in each workspace the person belongs to (sign-in concerns all of them). */
async function auditPerson(db: Db, user: { id: string; email: string }, action: AuditAction, detail?: Record<string, unknown>): Promise<void> {
  const memberships = await listMemberships(db, { userId: user.id });
  await recordAudit(
    db,
    memberships.map((m) => ({ workspaceId: m.workspaceId, actor: user.email, actorUserId: user.id, action, target: user.email, detail })),
  );
}

/**
 * People's accounts (better-auth, email and password) on Interflow's database. The first person of
 * an installation signs up and becomes owner of the Default workspace; after that only invitation
 * links create accounts. Session cookies are HTTP-only, and secure when `baseUrl` is https; posts
 * from other sites are refused (better-auth's origin check).
 * Sign-in attempts are rate-limited per client address; sign-ins (good and failed) and password
 * changes are audited.
 */
export function createAuth(p: { db: Db; secret: string; baseUrl: string; redis?: Redis; setupToken?: string }) {
  return betterAuth({
    appName: "Interflow",
    baseURL: p.baseUrl,
    secret: p.secret,
    database: prismaAdapter(p.db.prisma, { provider: "postgresql" }),
    emailAndPassword: { enabled: true, minPasswordLength: MIN_PASSWORD_LENGTH, autoSignIn: true },
    telemetry: { enabled: false },
    // on in every environment (better-auth's default is production only), in Redis: every web
    // replica counts the same attempts (without Redis, in this process's memory)
    rateLimit: {
      enabled: true,
      window: 60,
      max: 300,
      customRules: { "/sign-in/email": { window: SIGN_IN_WINDOW_SECONDS, max: SIGN_IN_ATTEMPTS } },
      ...(p.redis ? { customStorage: redisRateLimitStorage(p.redis) } : {}),
    },
    advanced: {
      useSecureCookies: p.baseUrl.startsWith("https:"),
      // the client's address as the web app's server worked it out (apps/web/server.ts: a made-up
      // X-Forwarded-For does not count); it also sets X-Forwarded-For to that one address
      ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER, "x-forwarded-for"] },
      // explicit: better-auth skips its origin (CSRF) check when NODE_ENV is "test"; here it always runs
      disableOriginCheck: false,
    },
    hooks: {
      // the first account (the owner's) only from this machine or with the setup token `npm start` printed
      before: createAuthMiddleware(async (ctx) => {
        // (a call from this process's own code, with no request, is not a visitor)
        if (ctx.path !== "/sign-up/email" || invitedSignUp.getStore() || !ctx.request) return;
        if (await hasAnyUser(p.db)) return;
        const refusal = setupRefusal({ headers: ctx.request.headers, setupToken: p.setupToken });
        if (refusal) throw new APIError("FORBIDDEN", { message: refusal });
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path === "/sign-in/email") {
          // the client address as the rate limit sees it; null for a sign-in from this process (no request)
          const ip = ctx.request ? getIP(ctx.request, ctx.context.options) : null;
          const session = ctx.context.newSession;
          if (session) {
            await auditPerson(p.db, session.user, "sign-in", { ip });
          } else if (ctx.context.returned instanceof APIError && typeof ctx.body?.email === "string") {
            const user = await p.db.prisma.user.findUnique({ where: { email: ctx.body.email.toLowerCase() }, select: { id: true, email: true } });
            if (user) await auditPerson(p.db, user, "sign-in.failed", { ip });
          }
        }
        if (ctx.path === "/change-password" && !(ctx.context.returned instanceof APIError) && ctx.context.session) {
          await auditPerson(p.db, ctx.context.session.user, "password.change");
        }
      }),
    },
    databaseHooks: {
      user: {
        create: {
          before: async () => {
            if (!invitedSignUp.getStore() && (await hasAnyUser(p.db))) throw new APIError("FORBIDDEN", { message: SIGN_UP_CLOSED });
          },
          after: async (user) => {
            if (invitedSignUp.getStore()) return;
            try {
              await makeFirstOwner(p.db, { userId: user.id });
            } catch {
              // another first sign-up won the race: this account is not kept
              await p.db.prisma.user.delete({ where: { id: user.id } }).catch(() => {});
              throw new APIError("FORBIDDEN", { message: SIGN_UP_CLOSED });
            }
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
