import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";

export const metadata: Metadata = { title: "Flow logic and test cases" };

function Code({ children }: { children: ReactNode }) {
  return <pre className="mt-3 overflow-x-auto rounded-lg bg-slate-900 p-4 text-sm leading-relaxed text-slate-100">{children}</pre>;
}

const C = ({ children }: { children: ReactNode }) => <code className="rounded bg-slate-100 px-1 py-0.5 text-[0.9em] text-slate-800">{children}</code>;

const EXAMPLE = `"edges": [
  { "source": "webhook", "target": "approve", "condition": "$sum(items.(price * quantity)) > 100" },
  { "source": "webhook", "target": "lines" },
  { "source": "lines", "target": "bulk" },
  { "source": "bulk", "target": "warehouse" }
],
"tests": [
  {
    "name": "a small order is not sent for approval",
    "input": { "id": "A-2", "customer": { "name": "Grace" }, "items": [{ "sku": "bulb", "price": 5, "quantity": 1 }] },
    "responses": { "warehouse": { "status": 202, "body": {} } },
    "expect": {
      "approve": { "runs": 0 },
      "bulk": { "items": [{ "sku": "bulb", "price": 5, "quantity": 1, "orderId": "A-2", "line": 1 }] },
      "warehouse": { "assert": "output.status = 202" }
    }
  }
]`;

/** Conditions on connections, filter, split, batch, wait and schedule; the whole-flow test run and test cases kept with a flow. */
export default function FlowTestsDocs() {
  return (
    <main className="mx-auto max-w-3xl px-6 py-12 text-slate-700">
      <Link href="/docs" className="text-sm text-indigo-700 hover:underline">
        ← All components
      </Link>
      <h1 className="mt-3 text-3xl font-semibold tracking-tight text-slate-900">Flow logic and test cases</h1>

      <h2 id="conditions" className="mt-10 text-xl font-semibold text-slate-900">Conditions on connections</h2>
      <p className="mt-2">
        Press a connection on the canvas to choose which messages go along it: <em>every message</em>, those for which a JSONata{" "}
        <C>condition</C> holds (over the message the step sends; <C>$headers</C> and <C>$steps</C> as in a mapping), or <em>otherwise</em>: what no
        other connection of the step took. A step sends a message along every connection that holds, or — its <C>routing</C> set to{" "}
        <C>first</C> — only along the first in order. A message no connection takes ends there and is counted as <strong>filtered</strong> on the
        flow&rsquo;s page, not as an error; a condition that fails on a message fails that message (a failed message you can retry).
      </p>

      <h2 id="steps" className="mt-10 text-xl font-semibold text-slate-900">Filter, split, batch, wait, schedule</h2>
      <ul className="mt-2 list-disc space-y-1 pl-6">
        <li>
          <Link href="/docs/components/filter#keep" className="text-indigo-700 hover:underline">Filter</Link>: keeps a message when its condition holds.
        </li>
        <li>
          <Link href="/docs/components/split#items" className="text-indigo-700 hover:underline">Split</Link>: one message per element of a list; <C>$headers.split</C>{" "}
          has its <C>index</C>, the <C>total</C> and the id of the message it came <C>of</C>.
        </li>
        <li>
          <Link href="/docs/components/batch#collect" className="text-indigo-700 hover:underline">Batch</Link>: collects messages into one (<C>{"{ items: [...] }"}</C>, their
          bodies) by count and time, per key; a batch in progress is kept in Redis and survives a crash.
        </li>
        <li>
          <Link href="/docs/components/delay#wait" className="text-indigo-700 hover:underline">Wait</Link>: holds each message for a while or until a time taken
          from it; waiting messages show on the flow&rsquo;s page.
        </li>
        <li>
          <Link href="/docs/components/schedule#tick" className="text-indigo-700 hover:underline">On a schedule</Link>: a trigger that starts a run on the flow&rsquo;s
          schedule, with a fixed body, for flows that fetch on their own.
        </li>
      </ul>

      <h2 id="test-flow" className="mt-10 text-xl font-semibold text-slate-900">Test flow</h2>
      <p className="mt-2">
        <strong>Test flow</strong> in the designer sends one message (the trigger&rsquo;s sample, or a body you type) through every step of the draft, in order,
        as the running flow would. Each action runs once in the worker, like <em>Retrieve sample</em>; steps that call applications (HTTP requests,
        databases) run only when you tick the box, and are skipped otherwise. Each step shows what it did on the canvas, and its input and output in the panel.
      </p>

      <h2 id="tests" className="mt-10 text-xl font-semibold text-slate-900">Test cases</h2>
      <p className="mt-2">
        A flow document keeps its test cases in <C>tests</C>: a <C>name</C>, the trigger&rsquo;s <C>input</C> (and <C>headers</C>), <C>responses</C> — the body a
        named step emits instead of running, so an HTTP step is tested without its target — and <C>expect</C>, per step: how often it <C>runs</C> (0: the
        message never reached it), its <C>input</C> (after its mapping) and first <C>output</C> as JSON, and an <C>assert</C>ion in JSONata over{" "}
        <C>{"{ input, output, outputs, status, error, runs }"}</C>. Any other JSON in a step&rsquo;s place is the output it must emit (above: <C>bulk</C>); to
        expect an output that is itself made of those four names, write <C>{'{ "output": … }'}</C>.
      </p>
      <Code>{EXAMPLE}</Code>
      <p className="mt-3">
        Run them in the designer&rsquo;s Test flow panel, or in CI with <C>interflow flow test order-routing.json</C> (a file) or <C>interflow flow test &lt;flow id&gt;</C>{" "}
        (its current version): each case is printed with every expectation that failed — the step, what was expected, what happened — and the command exits 1
        when one failed (<C>--json</C> for the whole report). Export and import keep the cases with the flow.
      </p>
    </main>
  );
}
