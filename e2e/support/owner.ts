/** The owner account first-run.spec.ts creates; the accounts are wiped when the e2e platform starts. */
export const OWNER = { name: "Ada Owner", email: "owner@e2e.interflow.test", password: "e2e owner passphrase" } as const;
