"use client";

import type { FlowNode, StepSample } from "@interflow/flow";
import { useEffect, useRef, useState } from "react";
import { PRIMARY_BUTTON, SECONDARY_BUTTON } from "@/components/button-styles";
import { CopyButton } from "@/components/copy-button";
import { errorMessageOf } from "@/trpc/errors";
import { useTRPCClient } from "@/trpc/react";

type Listening = { status: "idle" } | { status: "starting" } | { status: "waiting"; testUrl: string } | { status: "failed"; message: string };

/**
 * "Retrieve sample" of a webhook trigger: shows the flow's test URL and waits for one request to
 * it (the flow need not run; nothing is queued). The request becomes the trigger's sample.
 */
export function WebhookListener({ flowId, node, onSample }: { flowId: string; node: FlowNode; onSample: (sample: StepSample) => void }) {
  const client = useTRPCClient();
  const [listening, setListening] = useState<Listening>({ status: "idle" });
  const session = useRef(0);

  useEffect(
    () => () => {
      // leaving the panel ends the wait
      session.current++;
    },
    [],
  );

  const stop = async () => {
    session.current++;
    setListening({ status: "idle" });
    await client.samples.stopListening.mutate({ id: flowId }).catch(() => {});
  };

  const listen = async () => {
    const mine = ++session.current;
    setListening({ status: "starting" });
    try {
      const { testUrl } = await client.samples.listenForWebhook.mutate({ id: flowId, stepId: node.id, component: node.component, function: node.function, config: node.config, ...(node.credentialId ? { credentialId: node.credentialId } : {}) });
      if (session.current !== mine) return;
      setListening({ status: "waiting", testUrl });
      while (session.current === mine) {
        const answer = await client.samples.waitForWebhook.mutate({ id: flowId, timeoutMs: 20_000 });
        if (session.current !== mine) return;
        if (answer.received) {
          onSample({ ...answer.sample, body: answer.sample.body });
          setListening({ status: "idle" });
          session.current++;
          await client.samples.stopListening.mutate({ id: flowId }).catch(() => {});
          return;
        }
      }
    } catch (error) {
      if (session.current === mine) setListening({ status: "failed", message: errorMessageOf(error) });
    }
  };

  return (
    <section aria-label="Retrieve a sample" className="space-y-2" data-testid="webhook-listener">
      {listening.status === "waiting" ? (
        <div className="rounded-lg border border-indigo-200 bg-indigo-50 p-3">
          <p className="flex items-center gap-2 text-sm font-medium text-indigo-900" role="status">
            <span className="size-2 animate-pulse rounded-full bg-indigo-500" aria-hidden="true" />
            Waiting for a request…
          </p>
          <p className="mt-1 text-xs text-indigo-900">Send one request (any method, JSON or form body) to this test URL:</p>
          <div className="mt-2 flex items-center gap-2 rounded-md bg-white px-2 py-1 ring-1 ring-indigo-200">
            <code className="truncate text-xs text-slate-800" data-testid="test-url">
              {listening.testUrl}
            </code>
            <CopyButton value={listening.testUrl} label="Copy the test URL" />
          </div>
          <pre className="mt-2 overflow-x-auto rounded bg-slate-900 p-2 text-[11px] text-slate-100">{`curl -X POST ${listening.testUrl} \\\n  -H 'content-type: application/json' -d '{"id": 1}'`}</pre>
          {node.credentialId && (
            <p className="mt-2 text-xs text-indigo-900" data-testid="test-url-auth">
              The trigger checks who sends: a test request needs its sender authentication too (else 401), as its webhook does.
            </p>
          )}
          <button type="button" className={`${SECONDARY_BUTTON} mt-2`} onClick={() => void stop()}>
            Stop waiting
          </button>
        </div>
      ) : (
        <>
          <button type="button" className={PRIMARY_BUTTON} disabled={listening.status === "starting"} onClick={() => void listen()} data-testid="retrieve-sample">
            {listening.status === "starting" ? "Starting…" : "Retrieve sample"}
          </button>
          <p className="text-xs text-slate-500">Shows a test URL and waits for one request to it; the flow does not need to run.</p>
        </>
      )}
      {listening.status === "failed" && (
        <p role="alert" className="text-xs font-medium text-red-700">
          {listening.message}
        </p>
      )}
    </section>
  );
}
