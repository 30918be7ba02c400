"use client";

import type { CredentialAuthKind } from "@interflow/sdk";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useId, useState } from "react";
import { INPUT, PRIMARY_BUTTON, SECONDARY_BUTTON } from "@/components/button-styles";
import { Modal } from "@/components/modal";
import { ComponentIcon } from "@/designer/component-icon";
import type { FieldView } from "@/designer/fields";
import { HelpLink } from "@/designer/help-link";
import { errorMessageOf, inputErrorsOf } from "@/trpc/errors";
import { useTRPC } from "@/trpc/react";
import { type ComponentView, type CredentialKindView, type CredentialView, componentsWithCredentials, fieldKeyOf } from "./credential-kinds";
import { ConnectProgress } from "./connect-progress";
import { CredentialFormFields } from "./credential-form-fields";
import { openConnectPopup } from "./oauth2-popup";
import { useOAuth2Connect } from "./use-oauth2-connect";

type Verification = { verified: true } | { verified: false; message: string; field?: string };

interface WizardProps {
  open: boolean;
  onClose: () => void;
  /** start at this component (the designer's step), skipping the choice */
  component?: string;
  /** change this credential instead of creating one */
  editing?: CredentialView;
  onSaved?: (credential: CredentialView) => void;
}

/**
 * The credential wizard: pick the component (searchable) → how it authenticates → fill the
 * generated form → Verify (in a worker, with the component's own check) → save with a name.
 * Saving unverified is allowed; the list says so. Secrets are typed, sent once and never shown again.
 * An OAuth2 (authorization code) credential is saved and then connected in a popup, so the person
 * stays where they are (the designer, say) and comes back to a connected credential.
 */
export function CredentialWizard(props: WizardProps) {
  const trpc = useTRPC();
  const components = useQuery(trpc.components.list.queryOptions(undefined, { staleTime: 5 * 60_000, enabled: props.open }));
  return (
    <Modal open={props.open} title={props.editing ? `Change ${props.editing.name}` : "New credential"} onClose={props.onClose} testId="credential-wizard">
      {components.data ? (
        // a new key for each opening: the wizard starts afresh
        <WizardSteps key={`${props.editing?.id ?? "new"}-${props.component ?? ""}`} {...props} components={componentsWithCredentials(components.data.components)} />
      ) : components.isError ? (
        <p role="alert" className="mt-4 text-sm text-red-700">
          {errorMessageOf(components.error)}
        </p>
      ) : (
        <p className="mt-4 text-sm text-slate-500" aria-busy="true">
          Loading the components…
        </p>
      )}
    </Modal>
  );
}

function WizardSteps({ components, component: initialComponent, editing, onClose, onSaved }: WizardProps & { components: ComponentView[] }) {
  const [componentName, setComponentName] = useState(editing?.component ?? initialComponent ?? null);
  const component = components.find((c) => c.name === componentName);
  const [authKind, setAuthKind] = useState<string | null>(editing?.authKind ?? (component?.credentials.length === 1 ? (component.credentials[0]?.authKind ?? null) : null));
  const kind = component?.credentials.find((k) => k.authKind === authKind);

  if (!component) {
    return <PickComponent components={components} onPick={(c) => {
      setComponentName(c.name);
      setAuthKind(c.credentials.length === 1 ? (c.credentials[0]?.authKind ?? null) : null);
    }} />;
  }
  if (!kind) return <PickKind component={component} onPick={setAuthKind} onBack={editing || initialComponent ? undefined : () => setComponentName(null)} />;
  return (
    <CredentialForm
      component={component}
      kind={kind}
      editing={editing}
      onBack={editing ? undefined : component.credentials.length > 1 ? () => setAuthKind(null) : initialComponent ? undefined : () => setComponentName(null)}
      onClose={onClose}
      onSaved={onSaved}
    />
  );
}

function PickComponent({ components, onPick }: { components: ComponentView[]; onPick: (component: ComponentView) => void }) {
  const [query, setQuery] = useState("");
  const searchId = useId();
  const shown = components.filter((c) => `${c.title} ${c.name} ${c.description}`.toLowerCase().includes(query.trim().toLowerCase()));
  return (
    <div className="mt-4 space-y-3" data-testid="credential-pick-component">
      <label htmlFor={searchId} className="text-sm font-medium text-slate-800">
        Which application is it for?
      </label>
      <input id={searchId} type="search" className={INPUT} placeholder="Search components" value={query} onChange={(e) => setQuery(e.target.value)} />
      <ul className="max-h-72 space-y-1.5 overflow-y-auto">
        {shown.map((component) => (
          <li key={component.name}>
            <button type="button" className="flex w-full items-start gap-3 rounded-lg border border-slate-200 px-3 py-2 text-left hover:border-indigo-300 focus-visible:outline-2 focus-visible:outline-indigo-600" onClick={() => onPick(component)} data-testid={`credential-component-${component.name}`}>
              <ComponentIcon name={component.icon} className="mt-0.5 size-5 shrink-0 text-indigo-700" />
              <span>
                <span className="block text-sm font-medium text-slate-900">{component.title}</span>
                <span className="block text-xs text-slate-500">{component.description}</span>
              </span>
            </button>
          </li>
        ))}
        {shown.length === 0 && <li className="text-sm text-slate-500">No component with credentials matches “{query}”.</li>}
      </ul>
    </div>
  );
}

function PickKind({ component, onPick, onBack }: { component: ComponentView; onPick: (authKind: string) => void; onBack?: () => void }) {
  return (
    <div className="mt-4 space-y-3" data-testid="credential-pick-kind">
      <p className="text-sm font-medium text-slate-800">How does {component.title} authenticate?</p>
      <ul className="space-y-1.5">
        {component.credentials.map((kind) => (
          <li key={kind.authKind}>
            <button type="button" className="w-full rounded-lg border border-slate-200 px-3 py-2 text-left hover:border-indigo-300 focus-visible:outline-2 focus-visible:outline-indigo-600" onClick={() => onPick(kind.authKind)} data-testid={`credential-kind-${kind.authKind}`}>
              <span className="block text-sm font-medium text-slate-900">{kind.title}</span>
              {kind.help && <span className="block text-xs text-slate-500">{kind.help.description}</span>}
            </button>
          </li>
        ))}
      </ul>
      {onBack && (
        <button type="button" className={SECONDARY_BUTTON} onClick={onBack}>
          Back
        </button>
      )}
    </div>
  );
}

function CredentialForm({ component, kind, editing, onBack, onClose, onSaved }: { component: ComponentView; kind: CredentialKindView; editing?: CredentialView; onBack?: () => void; onClose: () => void; onSaved?: (credential: CredentialView) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const fields = kind.fields as unknown as FieldView[];
  const nameId = useId();
  const [name, setName] = useState(editing?.name ?? "");
  const [values, setValues] = useState<Record<string, unknown>>(() => ({
    ...Object.fromEntries(fields.filter((f) => f.default !== undefined && f.type !== "password").map((f) => [f.key, f.default])),
    ...(editing?.values ?? {}),
  }));
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [verification, setVerification] = useState<Verification | null>(null);
  const [savedBefore, setSavedBefore] = useState<CredentialView | undefined>(editing);
  const test = useMutation(trpc.credentials.test.mutationOptions());
  const create = useMutation(trpc.credentials.create.mutationOptions());
  const update = useMutation(trpc.credentials.update.mutationOptions());
  const verify = useMutation(trpc.credentials.verify.mutationOptions());
  // OAuth2 authorization code: saved, then connected at the application in a popup
  const connects = kind.authKind === "oauth2-authorization-code";
  const connecting = useOAuth2Connect(() => onClose());
  const busy = test.isPending || create.isPending || update.isPending || verify.isPending || connecting.starting || connecting.waiting !== null;

  const showFailure = (error: unknown) => {
    const found = inputErrorsOf(error);
    setErrors(Object.fromEntries(Object.entries(found.fields).map(([path, message]) => [fieldKeyOf(path), message])));
    setFormError(found.form);
  };
  const showVerification = (result: Verification) => {
    setVerification(result);
    if (!result.verified && result.field) setErrors((e) => ({ ...e, [result.field as string]: result.message }));
  };
  /** typing in a field clears its message and the last verification (it was about other values) */
  const changed = (key: string) => {
    setErrors(({ [key]: _cleared, ...rest }) => rest);
    setVerification(null);
  };
  const reset = () => {
    setErrors({});
    setFormError(null);
    setVerification(null);
  };

  const onVerify = async () => {
    reset();
    try {
      if (editing) showVerification((await verify.mutateAsync({ id: editing.id })).result as Verification);
      else showVerification((await test.mutateAsync({ component: component.name, authKind: kind.authKind as CredentialAuthKind, values, secrets })) as Verification);
    } catch (error) {
      showFailure(error);
    }
  };

  const onSave = async (event: FormEvent) => {
    event.preventDefault();
    reset();
    if (name.trim() === "") {
      setErrors({ name: "Give the credential a name" });
      return;
    }
    // opened now, in the click's own task: after an await the browser would block it
    const popup = connects ? openConnectPopup() : null;
    try {
      // saved once already (unverified, or not connected yet): saving again changes that one
      const saved = savedBefore
        ? await update.mutateAsync({ id: savedBefore.id, name, values, ...(Object.keys(secrets).length > 0 ? { secrets } : {}) })
        : await create.mutateAsync({ name, component: component.name, authKind: kind.authKind as CredentialAuthKind, values, secrets });
      setSavedBefore(saved);
      let stored = saved;
      // the server checks it itself (its answer is the one stored, not the browser's)
      if (kind.canVerify) {
        const checked = await verify.mutateAsync({ id: saved.id });
        stored = checked.credential;
        if (!checked.result.verified) {
          await queryClient.invalidateQueries({ queryKey: trpc.credentials.pathKey() });
          showVerification(checked.result as Verification);
          setFormError("Saved, but not verified: fix it and save again, or close to keep it unverified.");
          onSaved?.(stored);
          return;
        }
      }
      await queryClient.invalidateQueries({ queryKey: trpc.credentials.pathKey() });
      onSaved?.(stored);
      if (connects) await connecting.start(stored.id, popup);
      else onClose();
    } catch (error) {
      popup?.close();
      showFailure(error);
    }
  };

  return (
    <form className="mt-4 space-y-5" onSubmit={(e) => void onSave(e)} noValidate data-testid="credential-form">
      <div className="flex items-center gap-2 text-sm text-slate-600">
        <ComponentIcon name={component.icon} className="size-4 text-indigo-700" />
        {component.title} · {kind.title}
        {kind.help && <HelpLink help={kind.help} label="Where to find these" />}
      </div>
      <div>
        <label htmlFor={nameId} className="text-sm font-medium text-slate-800">
          Name
        </label>
        <input id={nameId} className={`${INPUT} mt-1.5${errors.name ? " !border-red-400" : ""}`} placeholder={`e.g. ${component.title} production`} value={name} autoComplete="off" aria-invalid={errors.name ? true : undefined} aria-describedby={errors.name ? `${nameId}-error` : undefined} onChange={(e) => {
            changed("name");
            setName(e.target.value);
          }} />
        {errors.name && (
          <p id={`${nameId}-error`} className="mt-1 text-xs font-medium text-red-700" data-testid="field-error-name">
            {errors.name}
          </p>
        )}
      </div>
      <CredentialFormFields
        fields={fields}
        values={values}
        secrets={secrets}
        storedSecrets={editing?.secrets ?? {}}
        errors={errors}
        onValue={(key, value) => {
          changed(key);
          setValues((v) => ({ ...v, [key]: value }));
        }}
        onSecret={(key, value) => {
          changed(key);
          setSecrets((s) => {
            const { [key]: _old, ...rest } = s;
            return value === "" ? rest : { ...rest, [key]: value };
          });
        }}
      />
      {verification?.verified && (
        <p role="status" className="rounded-lg bg-emerald-50 px-3 py-2 text-sm font-medium text-emerald-800" data-testid="credential-verified">
          Verified: {component.title} accepted it.
        </p>
      )}
      {verification && !verification.verified && !verification.field && (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="credential-not-verified">
          Not verified: {verification.message}
          {kind.help && (
            <span className="ml-1">
              <HelpLink help={kind.help} label="Help" />
            </span>
          )}
        </p>
      )}
      {connects && <ConnectProgress connecting={connecting} application={component.title} />}
      {formError && (
        <p role="alert" className="text-sm text-red-700" data-testid="credential-form-error">
          {formError}
        </p>
      )}
      <div className="flex flex-wrap justify-end gap-3">
        {onBack && (
          <button type="button" className={`${SECONDARY_BUTTON} mr-auto`} onClick={onBack}>
            Back
          </button>
        )}
        {kind.canVerify && (
          <button type="button" className={SECONDARY_BUTTON} disabled={busy || (editing !== undefined && Object.keys(secrets).length > 0)} title={editing && Object.keys(secrets).length > 0 ? "Save to verify the new secret" : "Checks it with the application, without saving"} onClick={() => void onVerify()} data-testid="credential-verify">
            {test.isPending || (verify.isPending && !create.isPending && !update.isPending) ? "Verifying…" : "Verify"}
          </button>
        )}
        <button type="submit" className={PRIMARY_BUTTON} disabled={busy} data-testid="credential-save">
          {create.isPending || update.isPending ? "Saving…" : connects ? (connecting.waiting ? "Connecting…" : "Save and connect") : "Save"}
        </button>
      </div>
    </form>
  );
}
