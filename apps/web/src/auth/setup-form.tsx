"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState, useTransition } from "react";
import { authClient } from "./auth-client";
import { SubmitButton } from "./auth-card";
import { TextField } from "./text-field";

const MIN_PASSWORD_LENGTH = 10; // as MIN_PASSWORD_LENGTH in packages/api (the server checks it too)

type Field = "name" | "email" | "password";

/**
 * Creates the owner's account on a fresh installation (the server refuses once one exists). From
 * another machine the setup token `npm start` printed goes with it (the link's `?token=`).
 */
export function SetupForm({ setupToken }: { setupToken?: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Record<Field, string>>({ name: "", email: "", password: "" });
  const [errors, setErrors] = useState<Partial<Record<Field | "form", string>>>({});
  const [pending, startTransition] = useTransition();

  function check(): Partial<Record<Field, string>> {
    if (!values.name.trim()) return { name: "Enter your name." };
    if (!/^\S+@\S+\.\S+$/.test(values.email.trim())) return { email: "Enter an email address like ada@example.org." };
    if (values.password.length < MIN_PASSWORD_LENGTH) return { password: `Use at least ${MIN_PASSWORD_LENGTH} characters.` };
    return {};
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = check();
    if (Object.keys(found).length > 0) return setErrors(found);
    startTransition(async () => {
      const { error } = await authClient.signUp.email(
        { name: values.name.trim(), email: values.email.trim(), password: values.password },
        setupToken ? { headers: { "x-interflow-setup-token": setupToken } } : undefined,
      );
      if (error) {
        setErrors({ form: error.message ?? `Creating the account failed (${error.status}).` });
        return;
      }
      queryClient.clear();
      router.replace("/");
      router.refresh();
    });
  }

  const field = (name: Field) => ({
    name,
    value: values[name],
    error: errors[name],
    onChange: (e: { target: { value: string } }) => {
      setValues((v) => ({ ...v, [name]: e.target.value }));
      setErrors({});
    },
  });

  return (
    <form onSubmit={submit} noValidate className="mt-6 space-y-5" data-testid="setup-form">
      <TextField label="Your name" autoComplete="name" {...field("name")} />
      <TextField label="Email" type="email" autoComplete="email" {...field("email")} />
      <TextField label="Password" type="password" autoComplete="new-password" hint={`At least ${MIN_PASSWORD_LENGTH} characters.`} {...field("password")} />
      {errors.form && (
        <p role="alert" data-testid="form-error" className="text-sm text-red-700">
          {errors.form}
        </p>
      )}
      <SubmitButton pending={pending} label="Create owner account" pendingLabel="Creating…" />
    </form>
  );
}
