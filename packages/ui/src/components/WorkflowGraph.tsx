/**
 * A workflow drawn with @xyflow/react from a `WorkflowGraph` model laid out by dagre. Pan and zoom, no
 * editing; clicking a node selects it. Edges the run travelled are solid and dark, others pale; SWITCH edges
 * carry their case, with the branch taken highlighted. A loop is a frame (a parent node) around its body.
 */
import { useEffect, useMemo } from 'react';
import { Background, Controls, MarkerType, ReactFlow, useReactFlow, useStore } from '@xyflow/react';
import { layoutGraph, type PlacedEdge, type PlacedNode } from '../graph/layout.js';
import type { WorkflowGraph as GraphModel } from '../graph/model.js';
import { LoopBackEdge, TurnEdge, type BatonFlowEdge } from './GraphEdges.js';
import { GraphNode, LoopFrame, type BatonFlowNode } from './GraphNode.js';
import { useTheme } from '../preferences/store.js';

const nodeTypes = { baton: GraphNode, loopFrame: LoopFrame };
const edgeTypes = { turn: TurnEdge, loopBack: LoopBackEdge };
const FIT = { padding: 0.04, maxZoom: 1 };

/** The canvas grows with the graph (the page scrolls) so nodes stay readable; these bound it. */
const MIN_HEIGHT = 420;
const MAX_HEIGHT = 1800;

interface WorkflowGraphProps {
  graph: GraphModel;
  /** A bare definition is drawn plain; an execution in status colours. */
  mode: 'definition' | 'execution';
  selectedId?: string;
  onSelect?: (node: PlacedNode) => void;
}

export function WorkflowGraph({ graph, mode, selectedId, onSelect }: WorkflowGraphProps) {
  const theme = useTheme();
  const placed = useMemo(() => layoutGraph(graph), [graph]);
  const nodes = useMemo(() => {
    const byId = new Map(placed.nodes.map((n) => [n.id, n]));
    return placed.nodes.map((node): BatonFlowNode => {
      // A node inside a loop frame is positioned relative to the frame, as @xyflow/react draws children.
      const parent = node.parent === undefined ? undefined : byId.get(node.parent);
      return {
        id: node.id,
        type: node.kind === 'loopFrame' ? 'loopFrame' : 'baton',
        position: { x: node.x - (parent?.x ?? 0), y: node.y - (parent?.y ?? 0) },
        ...(parent && { parentId: parent.id }),
        width: node.width,
        height: node.height,
        data: { node, selected: node.id === selectedId },
        selectable: node.ref !== undefined,
        draggable: false,
        connectable: false,
      };
    });
  }, [placed, selectedId]);
  const edges = useMemo(() => placed.edges.map(toFlowEdge), [placed]);
  // A new structure (another definition, a dynamic fork that expanded) gets a new instance, hence a new fit.
  const structure = useMemo(() => placed.nodes.map((n) => n.id).join('|'), [placed]);

  const height = Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, placed.height + 40));

  return (
    <div className={`graph-canvas mode-${mode}`} style={{ height }} data-testid="workflow-graph">
      <ReactFlow
        key={structure}
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        colorMode={theme}
        fitView
        fitViewOptions={FIT}
        minZoom={0.1}
        maxZoom={2}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        onNodeClick={(_, node) => {
          if (node.data.node.ref !== undefined) onSelect?.(node.data.node);
        }}
      >
        <Background gap={20} size={1} color="var(--grid-dot)" />
        <Controls showInteractive={false} fitViewOptions={FIT} />
        <FitOnResize />
      </ReactFlow>
    </div>
  );
}

/** Fits the graph again when the canvas changes size (the task panel opening beside it, a window resize). */
function FitOnResize() {
  const { fitView } = useReactFlow();
  const width = useStore((state) => state.width);
  const height = useStore((state) => state.height);
  useEffect(() => {
    void fitView(FIT);
  }, [width, height, fitView]);
  return null;
}

function toFlowEdge(edge: PlacedEdge): BatonFlowEdge {
  const classes = ['graph-edge', edge.executed ? 'executed' : 'pending'];
  if (edge.taken === true) classes.push('taken');
  if (edge.taken === false) classes.push('not-taken');
  if (edge.loopBack) classes.push('loop-back');
  return {
    id: edge.id,
    source: edge.source,
    target: edge.target,
    ...(edge.loopBack && { sourceHandle: 'loop-out', targetHandle: 'loop-in' }),
    type: edge.loopBack ? 'loopBack' : 'turn',
    data: { turnY: edge.turnY, laneX: edge.laneX },
    className: classes.join(' '),
    label: edge.label,
    markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
    selectable: false,
    focusable: false,
  };
}
