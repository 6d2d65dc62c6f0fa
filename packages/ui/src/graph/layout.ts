/**
 * Places a `WorkflowGraph` top to bottom with dagre. Node sizes depend on the kind only, so the React layer
 * can draw each node at exactly the size the layout reserved for it; a loop frame is a dagre cluster, sized
 * around what it holds. Edges get the height at which they turn: a fork's branches fan out right under it
 * and meet right above their join, instead of turning halfway down a long sibling branch.
 */
import dagre, { type EdgeLabel, type GraphLabel, type NodeLabel } from '@dagrejs/dagre';
import type { GraphEdge, GraphNode, NodeKind, WorkflowGraph } from './model.js';

export interface Size {
  width: number;
  height: number;
}

export interface PlacedNode extends GraphNode {
  /** Top-left corner, in the graph's coordinates (not the parent's). */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge extends GraphEdge {
  /** Where the edge's horizontal run goes (smooth-step edges), in the graph's coordinates. */
  turnY?: number;
  /** A loop's way back: the vertical lane it runs up, inside the loop's frame, right of its body. */
  laneX?: number;
}

export interface PlacedGraph {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

const TASK: Size = { width: 220, height: 56 };
const RANK_SEP = 40;
/** How far inside its frame's right side a loop's way back runs. */
const LANE_INSET = 12;

export const NODE_SIZES: Record<Exclude<NodeKind, 'loopFrame'>, Size> = {
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
  const g = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>({ compound: true });
  g.setGraph({ rankdir: 'TB', nodesep: 32, ranksep: RANK_SEP, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes)
    g.setNode(node.id, node.kind === 'loopFrame' ? { width: 0, height: 0 } : { ...NODE_SIZES[node.kind] });
  for (const node of graph.nodes) if (node.parent) g.setParent(node.id, node.parent);
  const forward = graph.edges.filter((e) => !e.loopBack);
  const kinds = new Map(graph.nodes.map((n) => [n.id, n.kind]));
  // The loop's way back would turn the graph upside down; the layout follows the forward edges only. Edges
  // out of a fork weigh more, so a short branch starts right under the fork rather than beside its join.
  for (const edge of forward) {
    g.setEdge(edge.source, edge.target, { weight: kinds.get(edge.source) === 'fork' ? 4 : 1 });
  }
  dagre.layout(g);

  const nodes = graph.nodes.map((node): PlacedNode => {
    const { x = 0, y = 0, width = 0, height = 0 } = g.node(node.id);
    return { ...node, width, height, x: x - width / 2, y: y - height / 2 };
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const outDegree = countBy(forward.map((e) => e.source));
  const inDegree = countBy(forward.map((e) => e.target));
  const edges = graph.edges.map((edge): PlacedEdge => {
    const source = byId.get(edge.source)!;
    const target = byId.get(edge.target)!;
    if (edge.loopBack) {
      const frame = source.parent === undefined ? undefined : byId.get(source.parent);
      const right = frame
        ? frame.x + frame.width - LANE_INSET
        : Math.max(source.x + source.width, target.x + target.width) + LANE_INSET;
      return { ...edge, laneX: right };
    }
    if ((outDegree.get(edge.source) ?? 0) > 1)
      return { ...edge, turnY: source.y + source.height + RANK_SEP / 2 };
    if ((inDegree.get(edge.target) ?? 0) > 1) return { ...edge, turnY: target.y - RANK_SEP / 2 };
    return edge;
  });
  const label = g.graph();
  return { nodes, edges, width: label.width ?? 0, height: label.height ?? 0 };
}

function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
