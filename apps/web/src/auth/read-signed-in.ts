import { appRouter, createContext, getApiServicesFromEnv, hasOwner, type Person } from "@interflow/api";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";

export type SignedIn = Awaited<ReturnType<ReturnType<typeof appRouter.createCaller>["me"]["get"]>>;

/**
 * Who the request being rendered comes from: nobody, a signed-in person who belongs to no
 * workspace (yet, or any more: `reason` says so in the API's words), or a member of a workspace.
 */
export type Visitor =
  | { status: "anonymous" }
  | { status: "outsider"; person: Person; reason: string }
  | { status: "member"; signedIn: SignedIn };

/** The visitor of the request being rendered (server components only); read once per request. */
export const readVisitor = cache(async (): Promise<Visitor> => {
  const services = getApiServicesFromEnv();
  const context = await createContext({ services, headers: await headers() });
  if (context.caller) return { status: "member", signedIn: await appRouter.createCaller(context).me.get() };
  if (context.person) return { status: "outsider", person: context.person, reason: context.refusal ?? "you are not a member of any workspace yet" };
  return { status: "anonymous" };
});

/** The member the request comes from, null when nobody is signed in or they belong to no workspace. */
export async function readSignedIn(): Promise<SignedIn | null> {
  const visitor = await readVisitor();
  return visitor.status === "member" ? visitor.signedIn : null;
}

/** Where a visitor who is not signed in goes: the owner's setup on a fresh installation, else sign-in. */
export async function signInPath(): Promise<"/setup" | "/sign-in"> {
  return (await hasOwner(getApiServicesFromEnv())) ? "/sign-in" : "/setup";
}

/** Sends a visitor who is not signed in to sign in, and back to `next` afterwards. */
export async function redirectToSignIn(next?: string): Promise<never> {
  const path = await signInPath();
  redirect(path === "/sign-in" && next ? `/sign-in?next=${encodeURIComponent(next)}` : path);
}

/** The member a page is for; anybody else is sent to sign in (or, belonging to no workspace, to "/"). */
export async function requireMember(next: string): Promise<SignedIn> {
  const visitor = await readVisitor();
  if (visitor.status === "anonymous") return redirectToSignIn(next);
  if (visitor.status === "outsider") redirect("/");
  return visitor.signedIn;
}
