import { openApiDocument, schemaOutline } from "@interflow/api";
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";

export const metadata: Metadata = { title: "REST API" };

type Schema = Parameters<typeof schemaOutline>[0];
interface Parameter {
  name: string;
  in: "path" | "query";
  required: boolean;
  schema: Schema;
  description?: string;
}
interface Operation {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: { "application/json": { schema: Schema } } };
  responses: Record<string, { description: string; content?: { "application/json": { schema: Schema } } }>;
}
interface Document {
  info: { title: string; description: string };
  tags: Array<{ name: string; description: string }>;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const METHOD_COLOURS: Record<string, string> = {
  get: "bg-sky-100 text-sky-800",
  post: "bg-emerald-100 text-emerald-800",
  put: "bg-amber-100 text-amber-800",
  delete: "bg-rose-100 text-rose-800",
};

const Code = ({ children }: { children: ReactNode }) => (
  <pre className="mt-2 overflow-x-auto rounded-lg bg-slate-900 p-3 text-xs leading-relaxed text-slate-100">{children}</pre>
);
const C = ({ children }: { children: ReactNode }) => <code className="rounded bg-slate-100 px-1 py-0.5 text-[0.9em] text-slate-800">{children}</code>;

/** Inline `code` in a description written in Markdown's backticks. */
function Prose({ text }: { text: string }) {
  // the parts alternate: prose, `code`, prose, …; each part's position is its identity
  const parts = text.split("`").map((part, i) => ({ part, code: i % 2 === 1, key: `${i}:${part}` }));
  return <>{parts.map(({ part, code, key }) => (code ? <C key={key}>{part}</C> : <span key={key}>{part}</span>))}</>;
}

function curlOf(method: string, path: string, operation: Operation): string {
  const example = path.replace("{id}", "$FLOW").replace("{executionId}", "$EXECUTION");
  const lines = [`curl -X ${method.toUpperCase()} "$INTERFLOW_URL${example}"`, `  -H "Authorization: Bearer $INTERFLOW_TOKEN"`];
  if (operation.requestBody) lines.push(`  -H "Content-Type: application/json" -d @body.json`);
  return lines.join(" \\\n");
}

function OperationCard({ method, path, operation }: { method: string; path: string; operation: Operation }) {
  const [status, response] = Object.entries(operation.responses)[0] ?? [];
  return (
    <section id={operation.operationId} data-testid="api-operation" className="rounded-xl border border-slate-200 bg-white p-5">
      <h3 className="flex flex-wrap items-center gap-2 font-mono text-sm">
        <span className={`rounded px-2 py-0.5 text-xs font-semibold uppercase ${METHOD_COLOURS[method] ?? ""}`}>{method}</span>
        <span className="text-slate-900">{path}</span>
      </h3>
      <p className="mt-2 font-medium text-slate-900">{operation.summary}</p>
      {operation.description && (
        <p className="mt-1 text-sm text-slate-600">
          <Prose text={operation.description} />
        </p>
      )}
      {operation.parameters && operation.parameters.length > 0 && (
        <table className="mt-3 w-full text-left text-sm">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="py-1 pr-3 font-medium">Parameter</th>
              <th className="py-1 pr-3 font-medium">In</th>
              <th className="py-1 font-medium">Type</th>
            </tr>
          </thead>
          <tbody>
            {operation.parameters.map((p) => (
              <tr key={`${p.in}:${p.name}`} className="border-t border-slate-100 align-top">
                <td className="py-1 pr-3 font-mono">
                  {p.name}
                  {p.required ? "" : "?"}
                </td>
                <td className="py-1 pr-3 text-slate-500">{p.in}</td>
                <td className="py-1 font-mono text-xs text-slate-700">
                  <span className="whitespace-pre-wrap">{schemaOutline(p.schema)}</span>
                  {p.description && <span className="block font-sans text-slate-500">{p.description}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {operation.requestBody && (
        <>
          <p className="mt-3 text-xs font-medium uppercase text-slate-500">Body (JSON)</p>
          <Code>{schemaOutline(operation.requestBody.content["application/json"].schema)}</Code>
        </>
      )}
      {status && response && (
        <>
          <p className="mt-3 text-xs font-medium uppercase text-slate-500">
            {status} {response.description}
          </p>
          <Code>{schemaOutline(response.content?.["application/json"].schema)}</Code>
        </>
      )}
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer text-indigo-700">curl</summary>
        <Code>{curlOf(method, path, operation)}</Code>
      </details>
    </section>
  );
}

/** The REST API's reference, rendered from the OpenAPI document the API serves. */
export default function ApiReference() {
  const document = openApiDocument() as unknown as Document;
  const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));
  return (
    <main className="mx-auto max-w-4xl px-6 py-12 text-slate-700">
      <Link href="/docs" className="text-sm text-indigo-700 hover:underline">
        ← Docs
      </Link>
      <h1 className="mt-3 text-3xl font-semibold tracking-tight text-slate-900">REST API</h1>
      <p className="mt-3">
        <Prose text={document.info.description} />
      </p>
      <p className="mt-3 text-sm">
        The machine-readable description: <a className="text-indigo-700 hover:underline" href="/api/v1/openapi.json">/api/v1/openapi.json</a>{" "}
        (OpenAPI 3.1; load it into Postman, Insomnia or a client generator).
      </p>
      <nav aria-label="Operations" className="mt-6 grid gap-1 rounded-xl border border-slate-200 bg-slate-50 p-4 text-sm sm:grid-cols-2">
        {operations.map(({ path, method, operation }) => (
          <a key={operation.operationId} href={`#${operation.operationId}`} className="font-mono text-xs text-indigo-700 hover:underline">
            {method.toUpperCase()} {path}
          </a>
        ))}
      </nav>
      {document.tags.map((tag) => (
        <div key={tag.name}>
          <h2 id={tag.name.toLowerCase().replace(/\s+/g, "-")} className="mt-10 text-xl font-semibold text-slate-900">
            {tag.name}
          </h2>
          <p className="mt-1 text-sm text-slate-600">{tag.description}</p>
          <div className="mt-4 space-y-4">
            {operations
              .filter(({ operation }) => operation.tags.includes(tag.name))
              .map(({ path, method, operation }) => (
                <OperationCard key={operation.operationId} path={path} method={method} operation={operation} />
              ))}
          </div>
        </div>
      ))}
      <h2 id="schemas" className="mt-10 text-xl font-semibold text-slate-900">
        Schemas
      </h2>
      {Object.entries(document.components.schemas).map(([name, schema]) => (
        <section key={name} id={`schema-${name}`} className="mt-4">
          <h3 className="font-mono text-sm font-semibold text-slate-900">{name}</h3>
          <Code>{schemaOutline(schema)}</Code>
        </section>
      ))}
    </main>
  );
}
