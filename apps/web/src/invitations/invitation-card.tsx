import type { ReactNode } from "react";
import type { Visitor } from "@/auth/read-signed-in";
import { DateTime } from "@/components/date-time";
import { ROLE_NAMES, ROLE_SUMMARIES } from "@/workspaces/roles";
import { InvitedSignUpForm } from "./invited-sign-up-form";
import { JoinButton } from "./join-button";
import type { InvitationPreview } from "./read-invitation";

const CARD = "mx-auto mt-8 max-w-md rounded-2xl border border-slate-200 bg-white p-8 shadow-sm sm:mt-12";

/** What the link invites to, then: Join (signed in) or the account form (not signed in). */
export function InvitationCard({ secret, invitation, visitor }: { secret: string; invitation: InvitationPreview; visitor: Visitor }) {
  const email = visitor.status === "member" ? visitor.signedIn.user?.email : visitor.status === "outsider" ? visitor.person.email : null;
  return (
    <section aria-labelledby="invitation-title" className={CARD} data-testid="invitation">
      <p className="text-sm font-medium text-indigo-700">You are invited</p>
      <h1 id="invitation-title" className="mt-1 text-xl font-semibold tracking-tight text-slate-900">
        Join {invitation.workspaceName} on Interflow
      </h1>
      <dl className="mt-5 divide-y divide-slate-100 rounded-lg border border-slate-200 text-sm" data-testid="invitation-details">
        <Detail term="Workspace" testId="invitation-workspace">
          {invitation.workspaceName}
        </Detail>
        <Detail term="Role" testId="invitation-role">
          <span className="font-medium text-slate-900">{ROLE_NAMES[invitation.role]}</span>
          <span className="block text-xs text-slate-500">{ROLE_SUMMARIES[invitation.role]}</span>
        </Detail>
        <Detail term="Invited by" testId="invitation-invited-by">
          {invitation.invitedBy.name}
          <span className="block text-xs text-slate-500">{invitation.invitedBy.email}</span>
        </Detail>
        <Detail term="Valid until" testId="invitation-expires">
          <DateTime value={invitation.expiresAt} />
        </Detail>
      </dl>

      {email ? (
        <>
          <JoinButton secret={secret} workspaceName={invitation.workspaceName} />
          <p className="mt-3 text-center text-sm text-slate-500">
            You join as <span className="font-medium text-slate-700">{email}</span>.
          </p>
        </>
      ) : (
        <div className="mt-8 border-t border-slate-100 pt-6">
          <h2 className="text-base font-semibold text-slate-900">Create your account</h2>
          <InvitedSignUpForm secret={secret} />
          <p className="mt-5 text-center text-sm text-slate-600">
            <a
              href={`/sign-in?next=${encodeURIComponent(`/invite/${secret}`)}`}
              className="font-medium text-indigo-700 hover:text-indigo-600"
              data-testid="existing-account-link"
            >
              I already have an account
            </a>
          </p>
        </div>
      )}
    </section>
  );
}

function Detail({ term, testId, children }: { term: string; testId: string; children: ReactNode }) {
  return (
    <div className="flex gap-4 px-4 py-3">
      <dt className="w-24 shrink-0 text-slate-500">{term}</dt>
      <dd className="min-w-0 text-slate-900" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** A link that is unknown, used, revoked or expired: the API's reason, and no form. */
export function UnusableInvitation({ reason, visitor }: { reason: string; visitor: Visitor }) {
  return (
    <section aria-labelledby="invitation-title" className={CARD} data-testid="invitation-unusable">
      <div className="flex size-10 items-center justify-center rounded-full bg-amber-50">
        <svg viewBox="0 0 24 24" aria-hidden="true" className="size-5 fill-none stroke-amber-600 stroke-2">
          <path d="M12 8v5m0 3.5v.01M10.3 3.9 2.4 17.5A2 2 0 0 0 4.1 20.5h15.8a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0Z" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      </div>
      <h1 id="invitation-title" className="mt-4 text-xl font-semibold tracking-tight text-slate-900">
        This invitation link cannot be used
      </h1>
      <p role="alert" className="mt-2 text-sm leading-6 text-slate-600" data-testid="invitation-reason">
        {reason.charAt(0).toUpperCase() + reason.slice(1)}.
      </p>
      <p className="mt-6 text-sm">
        <a href={visitor.status === "anonymous" ? "/sign-in" : "/"} className="font-medium text-indigo-700 hover:text-indigo-600">
          {visitor.status === "anonymous" ? "Sign in to Interflow" : "Go to your flows"}
        </a>
      </p>
    </section>
  );
}
