/**
 * Places a `WorkflowGraph` top to bottom with dagre. Node sizes depend on the kind only, so the React layer
 * can draw each node at exactly the size the layout reserved for it.
 */
import dagre, { type EdgeLabel, type GraphLabel, type NodeLabel } from '@dagrejs/dagre';
import type { GraphNode, NodeKind, WorkflowGraph } from './model.js';

export interface Size {
  width: number;
  height: number;
}

export interface PlacedNode extends GraphNode {
  /** Top-left corner, as @xyflow/react positions nodes. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedGraph {
  nodes: PlacedNode[];
  edges: WorkflowGraph['edges'];
  width: number;
  height: number;
}

const TASK: Size = { width: 220, height: 56 };

export const NODE_SIZES: Record<NodeKind, Size> = {
  start: { width: 64, height: 32 },
  end: { width: 64, height: 32 },
  task: TASK,
  subWorkflow: TASK,
  terminate: TASK,
  switch: TASK,
  loop: TASK,
  fork: { width: 180, height: 44 },
  join: { width: 180, height: 44 },
  loopEnd: { width: 160, height: 32 },
  dynamic: { width: 200, height: 44 },
};

export function layoutGraph(graph: WorkflowGraph): PlacedGraph {
  const g = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>();
  g.setGraph({ rankdir: 'TB', nodesep: 32, ranksep: 40, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) g.setNode(node.id, { ...NODE_SIZES[node.kind] });
  // The loop's way back would turn the graph upside down; the layout follows the forward edges only.
  for (const edge of graph.edges) if (!edge.loopBack) g.setEdge(edge.source, edge.target);
  dagre.layout(g);

  const nodes = graph.nodes.map((node): PlacedNode => {
    const { width, height } = NODE_SIZES[node.kind];
    const { x = 0, y = 0 } = g.node(node.id);
    return { ...node, width, height, x: x - width / 2, y: y - height / 2 };
  });
  const label = g.graph();
  return { nodes, edges: graph.edges, width: label.width ?? 0, height: label.height ?? 0 };
}
