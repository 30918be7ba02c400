import { appRouter, createContext, getApiServicesFromEnv, hasOwner } from "@interflow/api";
import { headers } from "next/headers";

export type SignedIn = Awaited<ReturnType<ReturnType<typeof appRouter.createCaller>["me"]["get"]>>;

/** Who the request being rendered comes from (server components only), null when nobody is signed in. */
export async function readSignedIn(): Promise<SignedIn | null> {
  const services = getApiServicesFromEnv();
  const context = await createContext({ services, headers: await headers() });
  if (!context.caller) return null;
  return appRouter.createCaller(context).me.get();
}

/** Where a visitor who is not signed in goes: the owner's setup on a fresh installation, else sign-in. */
export async function signInPath(): Promise<"/setup" | "/sign-in"> {
  return (await hasOwner(getApiServicesFromEnv())) ? "/sign-in" : "/setup";
}
