import type { MessageNode } from "./message-tree";
import { StepRecordCard } from "./step-record";

/** A message's tries at its step, then the messages it gave rise to, indented under it. */
export function MessageNodeView({ node }: { node: MessageNode }) {
  return (
    <li data-testid="message-node" data-message-id={node.messageId} data-step-id={node.stepId}>
      <p className="mb-1.5 text-xs text-slate-500">
        Message <span className="font-mono text-slate-700">{node.messageId}</span> at <span className="font-mono text-slate-700">{node.stepId}</span>
      </p>
      <div className="space-y-2">
        {node.records.map((record) => (
          <StepRecordCard key={`${record.attempt}-${record.startedAt}`} record={record} />
        ))}
      </div>
      {node.children.length > 0 && (
        <ol className="mt-3 ml-3 space-y-4 border-l-2 border-slate-200 pl-5" aria-label={`Messages from ${node.stepId}`}>
          {node.children.map((child) => (
            <MessageNodeView key={child.messageId} node={child} />
          ))}
        </ol>
      )}
    </li>
  );
}
