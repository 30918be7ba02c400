"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { authClient } from "@/auth/auth-client";
import { SubmitButton } from "@/auth/auth-card";
import { TextField } from "@/auth/text-field";
import { inputErrorsOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { rememberWorkspace } from "@/workspaces/workspace-cookie";

const MIN_PASSWORD_LENGTH = 10; // as MIN_PASSWORD_LENGTH in packages/api (the server checks it too)

type Field = "name" | "email" | "password";

/**
 * Someone new creates their account with the invitation (the API makes them a member too), then
 * signs in and lands on the flows of the workspace they joined. The API checks every field; its
 * answers are shown at the field they are about.
 */
export function InvitedSignUpForm({ secret }: { secret: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Record<Field, string>>({ name: "", email: "", password: "" });
  const [signInFailed, setSignInFailed] = useState<string | null>(null);
  const signUp = useMutation(
    trpc.invitations.signUp.mutationOptions({
      onSuccess: async ({ workspaceId }) => {
        const { error } = await authClient.signIn.email({ email: values.email.trim(), password: values.password });
        if (error) {
          setSignInFailed(`Your account was created, but signing in failed (${error.message ?? error.status}): sign in with it.`);
          return;
        }
        rememberWorkspace(workspaceId);
        queryClient.clear();
        router.replace("/");
        router.refresh();
      },
    }),
  );
  const errors = signUp.error ? inputErrorsOf(signUp.error) : null;
  const fieldError = (field: Field) => errors?.fields[field];
  // a problem with the link itself ("secret: …") is not about anything typed here
  const formError = errors ? (errors.form ?? errors.fields.secret ?? null) : null;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    signUp.mutate({ secret, name: values.name, email: values.email.trim(), password: values.password });
  }

  const field = (name: Field) => ({
    name,
    value: values[name],
    error: fieldError(name),
    onChange: (e: { target: { value: string } }) => {
      setValues((v) => ({ ...v, [name]: e.target.value }));
      signUp.reset();
    },
  });

  const busy = signUp.isPending || (signUp.isSuccess && !signInFailed);
  return (
    <form onSubmit={submit} noValidate className="mt-4 space-y-5" data-testid="invited-sign-up-form">
      <TextField label="Your name" autoComplete="name" {...field("name")} />
      <TextField label="Email" type="email" autoComplete="email" {...field("email")} />
      <TextField label="Password" type="password" autoComplete="new-password" hint={`At least ${MIN_PASSWORD_LENGTH} characters.`} {...field("password")} />
      {formError && (
        <p role="alert" data-testid="form-error" className="text-sm text-red-700">
          {formError}
        </p>
      )}
      {signInFailed && (
        <p role="alert" data-testid="form-error" className="text-sm text-red-700">
          {signInFailed}{" "}
          <a href="/sign-in" className="font-medium underline">
            Sign in
          </a>
        </p>
      )}
      <SubmitButton pending={busy} label="Create account and join" pendingLabel="Creating your account…" />
    </form>
  );
}
