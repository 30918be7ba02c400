"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { authClient } from "./auth-client";
import { SubmitButton } from "./auth-card";
import { TextField } from "./text-field";

const WRONG_CREDENTIALS = "Wrong email or password.";
const TOO_MANY_ATTEMPTS = "Too many sign-in attempts. Wait a minute, then try again.";

function messageOf(error: { status: number; message?: string }): string {
  if (error.status === 401) return WRONG_CREDENTIALS;
  if (error.status === 429) return TOO_MANY_ATTEMPTS;
  return error.message ?? `Signing in failed (${error.status}).`;
}

/** Signs in with email and password, then goes to `next` (a path of this site). */
export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!email.trim()) return setErrors({ email: "Enter your email address." });
    if (!password) return setErrors({ password: "Enter your password." });
    startTransition(async () => {
      const { error } = await authClient.signIn.email({ email: email.trim(), password });
      if (error) {
        setErrors({ password: messageOf(error) });
        return;
      }
      queryClient.clear();
      router.replace(next);
      router.refresh();
    });
  }

  return (
    <form onSubmit={submit} noValidate className="mt-6 space-y-5" data-testid="sign-in-form">
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        value={email}
        error={errors.email}
        onChange={(e) => {
          setEmail(e.target.value);
          setErrors({});
        }}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        value={password}
        error={errors.password}
        onChange={(e) => {
          setPassword(e.target.value);
          setErrors({});
        }}
      />
      <SubmitButton pending={pending} label="Sign in" pendingLabel="Signing in…" />
    </form>
  );
}
