import { componentCatalog } from "@interflow/api";
import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Components" };

/** The docs' index: every built-in component, what it is for, and its page. */
export default function DocsIndex() {
  const components = componentCatalog("/docs");
  return (
    <main className="mx-auto max-w-3xl px-6 py-12">
      <p className="text-sm font-medium text-indigo-700">Interflow docs</p>
      <h1 className="mt-1 text-3xl font-semibold tracking-tight">Components</h1>
      <p className="mt-3 text-slate-600">
        A flow starts with a trigger, which gets data out of an application, and continues with actions, which transform it and send it on.
        These components are built in; you can also <Link href="/docs/custom-components" className="text-indigo-700 hover:underline">write your own</Link>,
        each packaged into its own image. Route, filter, split, batch and test flows: <Link href="/docs/flow-tests" className="text-indigo-700 hover:underline">flow logic and test cases</Link>.
        Scripts and other services drive flows through the{" "}
        <Link href="/docs/api" className="text-indigo-700 hover:underline">REST API</Link>.
      </p>
      <ul className="mt-8 divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
        {components.map((component) => (
          <li key={component.name} className="p-5">
            <Link href={`/docs/components/${component.name}`} className="text-lg font-medium text-indigo-700 hover:underline">
              {component.title}
            </Link>
            <p className="mt-1 text-sm text-slate-600">{component.description}</p>
            <p className="mt-2 text-xs text-slate-500">
              {component.functions.map((fn) => `${fn.kind === "trigger" ? "Trigger" : "Action"}: ${fn.title}`).join(" · ")}
            </p>
          </li>
        ))}
      </ul>
    </main>
  );
}
