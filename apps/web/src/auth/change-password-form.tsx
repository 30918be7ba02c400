"use client";

import { type FormEvent, useState, useTransition } from "react";
import { authClient } from "./auth-client";
import { SubmitButton } from "./auth-card";
import { TextField } from "./text-field";

const MIN_PASSWORD_LENGTH = 10; // as MIN_PASSWORD_LENGTH in packages/api (the server checks it too)

/** Changes the signed-in person's password; their other sessions are signed out. */
export function ChangePasswordForm() {
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [errors, setErrors] = useState<{ currentPassword?: string; newPassword?: string }>({});
  const [changed, setChanged] = useState(false);
  const [pending, startTransition] = useTransition();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setChanged(false);
    if (newPassword.length < MIN_PASSWORD_LENGTH) return setErrors({ newPassword: `Use at least ${MIN_PASSWORD_LENGTH} characters.` });
    startTransition(async () => {
      const { error } = await authClient.changePassword({ currentPassword, newPassword, revokeOtherSessions: true });
      if (error) {
        setErrors({ currentPassword: error.status === 400 ? "This is not your current password." : (error.message ?? `Failed (${error.status}).`) });
        return;
      }
      setCurrentPassword("");
      setNewPassword("");
      setChanged(true);
    });
  }

  return (
    <form onSubmit={submit} noValidate className="mt-6 space-y-5" data-testid="change-password-form">
      <TextField
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        value={currentPassword}
        error={errors.currentPassword}
        onChange={(e) => {
          setCurrentPassword(e.target.value);
          setErrors({});
          setChanged(false);
        }}
      />
      <TextField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        value={newPassword}
        error={errors.newPassword}
        onChange={(e) => {
          setNewPassword(e.target.value);
          setErrors({});
          setChanged(false);
        }}
      />
      {changed && (
        <p role="status" className="text-sm text-emerald-700">
          Your password was changed. Your other sessions were signed out.
        </p>
      )}
      <SubmitButton pending={pending} label="Change password" pendingLabel="Changing…" />
    </form>
  );
}
