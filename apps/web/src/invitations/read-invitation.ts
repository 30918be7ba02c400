import { appRouter, createContext, getApiServicesFromEnv } from "@interflow/api";
import { TRPCError } from "@trpc/server";
import { headers } from "next/headers";

export type InvitationPreview = Awaited<ReturnType<ReturnType<typeof appRouter.createCaller>["invitations"]["preview"]>>;

/** What an invitation link invites to (server components only), or the API's reason it cannot be used. */
export async function readInvitation(secret: string): Promise<{ ok: true; invitation: InvitationPreview } | { ok: false; reason: string }> {
  const context = await createContext({ services: getApiServicesFromEnv(), headers: await headers() });
  try {
    return { ok: true, invitation: await appRouter.createCaller(context).invitations.preview({ secret }) };
  } catch (error) {
    if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") return { ok: false, reason: error.message };
    throw error;
  }
}
