/**
 * One node of the workflow graph, drawn at the size the layout reserved for its kind. The status class
 * colours it; `data-ref`/`data-status` name it for tests and for people inspecting the page.
 */
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import { Link } from '../router.js';
import { paths } from '../routes.js';
import { statusLabel } from '../status.js';
import type { PlacedNode } from '../graph/layout.js';

export type GraphNodeData = { node: PlacedNode; selected: boolean };
export type BatonFlowNode = Node<GraphNodeData>;

const hidden = { opacity: 0 };

export function GraphNode({ data }: NodeProps<BatonFlowNode>) {
  const { node, selected } = data;
  const status = node.status ?? 'NOT_RUN';
  const className = [
    'graph-node',
    `kind-${node.kind}`,
    `status-${status}`,
    node.reached ? 'reached' : 'not-reached',
    selected ? 'selected' : '',
  ].join(' ');
  return (
    <div
      className={className}
      style={{ width: node.width, height: node.height }}
      data-ref={node.ref ?? node.id}
      data-kind={node.kind}
      data-status={status}
      title={node.status ? `${node.ref ?? node.label}: ${statusLabel(node.status)}` : undefined}
    >
      <Handle type="target" position={Position.Top} style={hidden} isConnectable={false} />
      <NodeBody node={node} />
      <Handle type="source" position={Position.Bottom} style={hidden} isConnectable={false} />
      {(node.kind === 'loop' || node.kind === 'loopEnd') && (
        <Handle
          id={node.kind === 'loop' ? 'loop-in' : 'loop-out'}
          type={node.kind === 'loop' ? 'target' : 'source'}
          position={Position.Right}
          style={hidden}
          isConnectable={false}
        />
      )}
    </div>
  );
}

function NodeBody({ node }: { node: PlacedNode }) {
  switch (node.kind) {
    case 'start':
    case 'end':
      return <span className="node-terminal">{node.label}</span>;
    case 'loopEnd':
      return <span className="node-loop-end">↻ repeat {node.label}</span>;
    case 'dynamic':
      return <span className="node-dynamic">{node.label}</span>;
    default:
      return (
        <>
          <div className="node-title">
            <span className="node-name">{node.label}</span>
            <NodeBadges node={node} />
          </div>
          <div className="node-sub">
            <span className="node-ref">{node.ref}</span>
            <span className="node-type">{node.type}</span>
          </div>
        </>
      );
  }
}

function NodeBadges({ node }: { node: PlacedNode }) {
  return (
    <span className="node-badges">
      {node.kind === 'loop' && node.iteration !== undefined && (
        <span className="node-badge iteration" data-iteration={node.iteration}>
          iteration {node.iteration}
        </span>
      )}
      {node.kind === 'switch' && node.selectedCase !== undefined && (
        <span className="node-badge case">→ {node.selectedCase}</span>
      )}
      {node.kind !== 'loop' && node.attempts > 1 && (
        <span className="node-badge attempt-count" title="Tasks recorded: retries and loop iterations">
          ×{node.attempts}
        </span>
      )}
      {node.subWorkflowId && (
        <Link
          to={paths.execution(node.subWorkflowId)}
          className="node-badge child-link"
          title="Open the child run"
        >
          child ↗
        </Link>
      )}
    </span>
  );
}

/** A DO_WHILE's frame: the loop, its body and its closing node are drawn inside it. */
export function LoopFrame({ data }: NodeProps<BatonFlowNode>) {
  const { node } = data;
  return (
    <div
      className={`loop-frame ${node.reached ? 'reached' : 'not-reached'}`}
      style={{ width: node.width, height: node.height }}
      data-frame={node.label}
    >
      <span className="loop-frame-label">DO_WHILE {node.label}</span>
    </div>
  );
}
