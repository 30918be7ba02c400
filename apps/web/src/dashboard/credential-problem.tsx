import type { DashboardFlow } from "@interflow/api";

type CredentialProblemView = NonNullable<DashboardFlow["steps"][number]["credentialProblem"]>;

const FIX_LINK =
  "font-medium text-red-800 underline decoration-red-300 underline-offset-2 hover:decoration-red-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";

/** A step's credential that failed (its application refused it, say), with a link to fix it. */
export function CredentialProblem({ stepId, problem }: { stepId: string; problem: CredentialProblemView }) {
  return (
    <p data-testid="credential-problem" data-step-id={stepId} data-credential-id={problem.credentialId} className="text-xs text-red-700">
      Credential “{problem.credentialName}”: {problem.message}.{" "}
      <a href={problem.helpUrl} className={FIX_LINK}>
        Fix the credential
      </a>
    </p>
  );
}
