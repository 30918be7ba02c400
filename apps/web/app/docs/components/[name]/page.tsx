import { componentCatalog } from "@interflow/api";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { readComponentDocs } from "@/components/component-docs";

type Params = { params: Promise<{ name: string }> };

export function generateStaticParams() {
  return componentCatalog("/docs").map((component) => ({ name: component.name }));
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { name } = await params;
  const component = await readComponentDocs(name);
  return { title: component ? `${component.title} component` : "Component" };
}

const TYPE_NAMES: Record<string, string> = {
  text: "text",
  textarea: "text (several lines)",
  password: "secret",
  number: "number",
  checkbox: "yes / no",
  select: "one of a list",
  multiselect: "several of a list",
  "dynamic-select": "one of a list fetched from the application",
  json: "JSON",
  code: "code",
  "key-value": "name / value pairs",
};

/**
 * The page a component's help links open: what it does, each trigger and action, and each field of
 * their forms (anchors: `#<function>` and `#<field>`). A custom component installed in the
 * visitor's workspace gets the same page, made from its definition.
 */
export default async function ComponentDocs({ params }: Params) {
  const { name } = await params;
  const component = await readComponentDocs(name);
  if (!component) notFound();
  return (
    <main className="mx-auto max-w-3xl px-6 py-12">
      <Link href="/docs" className="text-sm text-indigo-700 hover:underline">
        ← All components
      </Link>
      <h1 className="mt-3 text-3xl font-semibold tracking-tight">{component.title}</h1>
      <p className="mt-3 text-slate-600">{component.description}</p>
      {component.help && <p className="mt-2 text-slate-600">{component.help.description}</p>}
      {component.functions.map((fn) => (
        // a field's anchor is its key, unless another function of the page has a field of that key too
        // (or a function is called so): then the function's name goes first, except for the field
        // whose help link names the key
        <section key={fn.name} id={fn.name} className="mt-10 scroll-mt-6 rounded-xl border border-slate-200 bg-white p-6">
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{fn.kind === "trigger" ? "Trigger" : "Action"}</p>
          <h2 className="mt-1 text-xl font-semibold">{fn.title}</h2>
          <p className="mt-2 text-slate-600">{fn.description}</p>
          {fn.help && <p className="mt-2 text-slate-600">{fn.help.description}</p>}
          {fn.fields.length === 0 ? (
            <p className="mt-4 text-sm text-slate-500">It has no settings{fn.input ? " of its own" : ""}.</p>
          ) : (
            <dl className="mt-6 space-y-5">
              {fn.fields.map((field) => {
                const help = field.help as { description: string; url: string | null } | null;
                const key = String(field.key);
                const shared = component.functions.filter((other) => other.fields.some((f) => f.key === field.key)).length > 1 || component.functions.some((other) => other.name === key);
                const claimed = help?.url?.endsWith(`#${key}`) === true && !component.functions.some((other) => other.name === key);
                return (
                  <div key={key} id={shared && !claimed ? `${fn.name}-${key}` : key} className="scroll-mt-6">
                    <dt className="font-medium">
                      {String(field.label)} <span className="font-normal text-slate-500">· {TYPE_NAMES[String(field.type)] ?? String(field.type)}</span>
                      {field.required === true && <span className="ml-2 rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800">required</span>}
                    </dt>
                    <dd className="mt-1 text-sm text-slate-600">
                      {help?.description}
                      {field.default !== undefined && <span className="ml-1 text-slate-500">Default: {JSON.stringify(field.default)}.</span>}
                      {help?.url && !help.url.startsWith("/docs") && (
                        <a href={help.url} className="ml-1 text-indigo-700 hover:underline" rel="noreferrer" target="_blank">
                          More about {String(field.label).toLowerCase()}
                        </a>
                      )}
                    </dd>
                  </div>
                );
              })}
            </dl>
          )}
          {fn.input && (fn.input.fields.length > 0 || fn.input.additional) && (
            <div id={`${fn.name}-input`} className="mt-6 scroll-mt-6 border-t border-slate-100 pt-4" data-testid="docs-input">
              <h3 className="text-sm font-semibold text-slate-800">What it takes from the message</h3>
              <p className="mt-1 text-sm text-slate-600">
                {fn.input.help?.description ?? "Each field is mapped from the message in the step's Mapping tab (a JSONata expression)."}
                {fn.input.additional && " Fields of your own may be added."}
              </p>
              <dl className="mt-3 space-y-2">
                {fn.input.fields.map((field) => (
                  <div key={field.key}>
                    <dt className="text-sm font-medium">
                      {field.label} <span className="font-normal text-slate-500">· {field.key}</span>
                      {field.required && <span className="ml-2 rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800">required</span>}
                    </dt>
                    {field.help && <dd className="mt-0.5 text-sm text-slate-600">{field.help.description}</dd>}
                  </div>
                ))}
              </dl>
            </div>
          )}
        </section>
      ))}
      {component.credentials.length > 0 && (
        <section id="credentials" className="mt-10 scroll-mt-6 rounded-xl border border-slate-200 bg-white p-6">
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Credentials</p>
          <h2 className="mt-1 text-xl font-semibold">Signing in</h2>
          <p className="mt-2 text-slate-600">
            Its steps sign in with a credential of the workspace (Settings → Credentials, or “New…” beside a step's Credential in the designer). Secrets are
            encrypted at rest and never shown again.
          </p>
          {component.credentials.map((kind) => (
            <div key={kind.authKind} id={`credential-${kind.authKind}`} className="mt-6 scroll-mt-6">
              <h3 className="font-semibold">{kind.title}</h3>
              {kind.help && <p className="mt-1 text-sm text-slate-600">{kind.help.description}</p>}
              <dl className="mt-3 space-y-3">
                {kind.fields.map((field) => {
                  const help = field.help as { description: string } | null;
                  return (
                    <div key={String(field.key)}>
                      <dt className="text-sm font-medium">
                        {String(field.label)}
                        {field.type === "password" && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">secret</span>}
                        {field.required === true && <span className="ml-2 rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800">required</span>}
                      </dt>
                      {help && <dd className="mt-0.5 text-sm text-slate-600">{help.description}</dd>}
                    </div>
                  );
                })}
              </dl>
              <p className="mt-2 text-xs text-slate-500">{kind.canVerify ? "“Verify” checks it with the application before you rely on it." : "It cannot be verified beforehand: try it in a flow."}</p>
            </div>
          ))}
        </section>
      )}
    </main>
  );
}
