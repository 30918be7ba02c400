import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";

export const metadata: Metadata = { title: "Custom components" };

function Code({ children }: { children: ReactNode }) {
  return <pre className="mt-3 overflow-x-auto rounded-lg bg-slate-900 p-4 text-sm leading-relaxed text-slate-100">{children}</pre>;
}

const C = ({ children }: { children: ReactNode }) => <code className="rounded bg-slate-100 px-1 py-0.5 text-[0.9em] text-slate-800">{children}</code>;

/** How to write a component of your own, package it into its own image and install it. */
export default function CustomComponentsDocs() {
  return (
    <main className="mx-auto max-w-3xl px-6 py-12 text-slate-700">
      <Link href="/docs" className="text-sm text-indigo-700 hover:underline">
        ← All components
      </Link>
      <h1 className="mt-3 text-3xl font-semibold tracking-tight text-slate-900">Custom components</h1>
      <p className="mt-3">
        A component of your own talks to an application no built-in component knows. Like every step, each of its steps runs as its own
        container: it is packaged into <strong>its own image, built FROM the step runner&rsquo;s</strong>, so its code and its
        dependencies travel with it and nothing of it runs in the web app or the worker.
      </p>

      <h2 id="init" className="mt-10 text-xl font-semibold text-slate-900">
        Start with <C>interflow component init</C>
      </h2>
      <Code>{`interflow component init acme-crm
cd acme-crm && npm install && npm test`}</Code>
      <p className="mt-3">
        It writes a component that works: a credential kind (an API address and key) whose <em>Verify</em> makes one authenticated
        request, an action that creates a record, a polling trigger that emits what changed since its last run, and tests that run
        them with <C>@interflow/sdk/testing</C> against a local server answering as the API would. Change it to talk to your application.
        The SDK is an npm package of its own (<C>@interflow/sdk</C>, JavaScript with type declarations; it depends on zod only).
      </p>

      <h2 id="folder" className="mt-10 text-xl font-semibold text-slate-900">
        1. A folder with a package.json and a module
      </h2>
      <p className="mt-2">
        The module&rsquo;s default export is <C>defineComponent(…)</C> from <C>@interflow/sdk</C>; <C>package.json</C> gives its version
        and, in <C>main</C>, the module (TypeScript or JavaScript). Its npm dependencies are bundled in, so install them in the folder
        as usual. The example in <C>examples/components/greeter</C>:
      </p>
      <Code>{`import { defineAction, defineComponent, defineTrigger } from "@interflow/sdk";
import { z } from "zod";

export default defineComponent({
  name: "greeter",                      // lower-case kebab: how flows name it
  title: "Greeter",
  description: "Greets whoever the message names.",
  functions: {
    greet: defineAction({
      title: "Greet",
      description: "Adds a greeting to the message.",
      fields: [{ key: "greeting", label: "Greeting", type: "text", required: true }],
      config: z.object({ greeting: z.string().min(1) }),   // judges every flow's config
      process: async ({ config, message, emit }) => {
        emit.data({ ...message.body, greeting: \`\${config.greeting}, \${message.body.name}!\` });
      },
    }),
    count: defineTrigger({
      title: "Count",
      description: "Polls: each run emits the next numbers.",
      poll: async ({ snapshot, emit }) => { /* emit.data(…) per record, emit.snapshot(…) once */ },
    }),
  },
});`}</Code>
      <ul className="mt-4 list-disc space-y-1 pl-5">
        <li>
          <strong>Actions</strong> get each message (<C>process</C>) and emit any number of messages.
        </li>
        <li>
          <strong>Triggers poll</strong> (<C>poll</C>), on the flow&rsquo;s schedule, keeping what they saw in the snapshot; webhooks
          come in through the built-in Webhook component.
        </li>
        <li>
          <strong>Credentials</strong> are declared as for built-ins (<C>credentials: [{"{ authKind, title, fields }"}]</C>): people
          create them in the same wizard; secrets are sealed and reach only your step&rsquo;s runners (<C>ctx.credential</C>).
        </li>
        <li>
          <strong>Calls to the application</strong> go through <C>ctx.fetch</C> (in <C>process</C>, <C>poll</C> and <C>verify</C>): the
          installation&rsquo;s network rules apply to it, an address they refuse is a step error naming it, and a target on the
          host&rsquo;s loopback is reached through the relay. Throw <C>RetryableError</C> for what may work later (429, 5xx),
          <C>AuthenticationError</C> when the application refuses the credential, <C>StepError</C> when the message is at fault.
        </li>
        <li>
          <strong>Tests</strong>: <C>runStep</C>, <C>runPoll</C> and <C>verifyCredential</C> from <C>@interflow/sdk/testing</C> call your
          functions as a runner does (the config parsed by your schema, a credential, a message or a snapshot).
        </li>
        <li>
          The <C>config</C> schema is written down as JSON Schema when you build: the API checks flows against it, so refinements
          and transforms that JSON Schema cannot say are checked only in the runner.
        </li>
      </ul>

      <h2 id="build" className="mt-10 text-xl font-semibold text-slate-900">
        2. One command: build and install
      </h2>
      <Code>{`interflow component build examples/components/greeter

bundled  greeter 1.0.0: 744 KB in 610 ms
image    interflow/component-greeter:1.0.0-71158907dfa0 built FROM interflow/runner:latest in 1016 ms
installed greeter 1.0.0 (new in this workspace): image interflow/component-greeter:1.0.0-71158907dfa0; triggers: count; actions: greet`}</Code>
      <p className="mt-3">
        It bundles the module with its dependencies into one file, loads it to check it and describe it (its functions, forms, config
        schemas, credential kinds), builds the image FROM the runner image (the file in <C>/opt/interflow/components/&lt;name&gt;</C>,
        tagged by version and the code&rsquo;s digest, so unchanged code is not built again) and installs it in your workspace: owners
        only. Building a new version replaces the installed one; running flows keep their runners until they are started again.
      </p>
      <p className="mt-2">
        The Docker daemon that builds the image must be the one the worker starts containers on. Without Docker (
        <C>INTERFLOW_RUNTIME=process</C>) the worker runs the same code from the installed bundle.
      </p>

      <h2 id="manage" className="mt-10 text-xl font-semibold text-slate-900">
        3. Use it, list it, remove it
      </h2>
      <p className="mt-2">
        Its triggers and actions are in the designer&rsquo;s palette at once. <C>interflow component list</C> and Settings → Components
        show what is installed; <C>interflow component remove &lt;name&gt;</C> (or Remove in Settings) is refused while a flow has one of
        its steps.
      </p>
      <p className="mt-2">
        In the designer, <em>Retrieve sample</em> of its step, a dynamic field&rsquo;s options and the credential wizard&rsquo;s{" "}
        <em>Verify</em> run its code once in a runner of its own image (on the process runtime: a runner process of its own), never
        in the worker or the web app; the credential&rsquo;s secrets reach that runner on its standard input.
      </p>
    </main>
  );
}
