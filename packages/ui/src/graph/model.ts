/**
 * A workflow definition as a graph of nodes and edges, optionally overlaid with an execution's tasks: every
 * node gets the status of its latest attempt, SWITCH/DECISION edges say whether their branch was taken,
 * DO_WHILE nodes their iteration, dynamic forks the branches they actually forked, SUB_WORKFLOW nodes the
 * child run. A DO_WHILE, its body and its closing node sit inside a frame node (`parent`), so the loop reads
 * as one block and its way back stays inside it. Pure data in, pure data out; `layout.ts` places it and the React layer draws it.
 */
import type { Task, TaskStatus, WorkflowDef, WorkflowStatus, WorkflowTask } from '../api/types.js';
import { baseRefOf, TaskIndex } from './task-index.js';

export type NodeKind =
  | 'start'
  | 'end'
  | 'task'
  | 'fork'
  | 'join'
  | 'switch'
  | 'loop'
  | 'loopEnd'
  | 'loopFrame'
  | 'subWorkflow'
  | 'terminate'
  | 'dynamic';

export interface GraphNode {
  id: string;
  kind: NodeKind;
  label: string;
  /** The definition's taskReferenceName (task nodes only). */
  ref?: string;
  /** The definition's task type (SIMPLE, HTTP, ...). */
  type?: string;
  /** The definition of the task (task nodes only). */
  definition?: WorkflowTask;
  /** Latest attempt's status; for the end node, the workflow's once it ended. Absent: not reached. */
  status?: TaskStatus | WorkflowStatus;
  /** Whether the execution got here (always false when drawing a bare definition). */
  reached: boolean;
  /** Latest attempt's task id. */
  taskId?: string;
  /** Tasks recorded for this node: retries and loop iterations. */
  attempts: number;
  /** DO_WHILE: the iteration running or last run. */
  iteration?: number;
  /** SUB_WORKFLOW: the child execution of the latest attempt. */
  subWorkflowId?: string;
  /** SWITCH/DECISION: the branch taken (a case key, or `default`). */
  selectedCase?: string;
  /** The loop frame this node is drawn inside. */
  parent?: string;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  /** A SWITCH case key or `default`. */
  label?: string;
  /** Both ends were reached (and, for a SWITCH edge, its branch was the one taken). */
  executed: boolean;
  /** SWITCH edges once the switch ran: was this the branch taken? */
  taken?: boolean;
  /** DO_WHILE's way back from the end of its body to the loop: drawn, but not used for the layout. */
  loopBack?: boolean;
}

export interface WorkflowGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface ExecutionOverlay {
  status: WorkflowStatus;
  tasks: readonly Task[];
}

export const START_ID = 'start';
export const END_ID = 'end';
export const DEFAULT_CASE = 'default';
export const nodeIdOf = (ref: string): string => `task:${ref}`;
export const frameIdOf = (ref: string): string => `frame:${ref}`;

/** Where the graph continues from: a node, and the SWITCH branch the edge out of it belongs to. */
interface Exit {
  node: string;
  branch?: { switchNode: string; key: string };
}

interface PendingEdge extends Omit<GraphEdge, 'executed' | 'taken'> {
  branch?: Exit['branch'];
}

const kindByType: Record<string, NodeKind> = {
  FORK_JOIN: 'fork',
  FORK_JOIN_DYNAMIC: 'fork',
  JOIN: 'join',
  EXCLUSIVE_JOIN: 'join',
  SWITCH: 'switch',
  DECISION: 'switch',
  DO_WHILE: 'loop',
  SUB_WORKFLOW: 'subWorkflow',
  TERMINATE: 'terminate',
};

export function buildWorkflowGraph(def: WorkflowDef, execution?: ExecutionOverlay): WorkflowGraph {
  return new GraphBuilder(execution).build(def);
}

class GraphBuilder {
  private readonly nodes = new Map<string, GraphNode>();
  private readonly edges: PendingEdge[] = [];
  private readonly edgeIds = new Set<string>();
  private readonly index: TaskIndex;
  /** The loop frames being filled, innermost last. */
  private readonly frames: string[] = [];

  constructor(private readonly execution: ExecutionOverlay | undefined) {
    this.index = new TaskIndex(execution?.tasks);
  }

  build(def: WorkflowDef): WorkflowGraph {
    this.addNode({
      id: START_ID,
      kind: 'start',
      label: 'start',
      reached: this.execution !== undefined,
      attempts: 0,
    });
    const exits = this.addList(def.tasks, [{ node: START_ID }]);
    const ended = this.execution?.status;
    const isEnded = ended !== undefined && ended !== 'RUNNING' && ended !== 'PAUSED';
    this.addNode({
      id: END_ID,
      kind: 'end',
      label: 'end',
      reached: ended === 'COMPLETED',
      attempts: 0,
      ...(isEnded && { status: ended }),
    });
    this.connect(exits, END_ID);
    return { nodes: [...this.nodes.values()], edges: this.edges.map((e) => this.finish(e)) };
  }

  private addList(tasks: readonly WorkflowTask[], entries: Exit[]): Exit[] {
    let exits = entries;
    for (const task of tasks) exits = this.addTask(task, exits);
    return exits;
  }

  private addTask(task: WorkflowTask, entries: Exit[]): Exit[] {
    if (task.type !== 'DO_WHILE') return this.addTaskNode(task, entries);
    // The frame goes in before what it holds: @xyflow/react wants a parent ahead of its children.
    const frame = this.addNode({
      id: frameIdOf(task.taskReferenceName),
      kind: 'loopFrame',
      label: task.taskReferenceName,
      reached: this.index.latest(task.taskReferenceName) !== undefined,
      attempts: 0,
    });
    this.frames.push(frame.id);
    try {
      return this.addTaskNode(task, entries);
    } finally {
      this.frames.pop();
    }
  }

  private addTaskNode(task: WorkflowTask, entries: Exit[]): Exit[] {
    const node = this.taskNode(task);
    this.connect(entries, node.id);
    switch (task.type) {
      case 'FORK_JOIN':
        return (task.forkTasks ?? []).flatMap((branch) =>
          branch.length === 0 ? [{ node: node.id }] : this.addList(branch, [{ node: node.id }]),
        );
      case 'FORK_JOIN_DYNAMIC':
        return this.addDynamicBranches(task, node);
      case 'SWITCH':
      case 'DECISION':
        return this.addSwitchBranches(task, node);
      case 'DO_WHILE':
        return this.addLoopBody(task, node);
      case 'TERMINATE':
        return [];
      default:
        return [{ node: node.id }];
    }
  }

  private addSwitchBranches(task: WorkflowTask, node: GraphNode): Exit[] {
    const cases: Array<[string, WorkflowTask[]]> = [
      ...Object.entries(task.decisionCases ?? {}),
      [DEFAULT_CASE, task.defaultCase ?? []],
    ];
    return cases.flatMap(([key, branch]) => {
      const entry: Exit = { node: node.id, branch: { switchNode: node.id, key } };
      return branch.length === 0 ? [entry] : this.addList(branch, [entry]);
    });
  }

  /** The branches the fork actually created, once it ran; a placeholder before that. */
  private addDynamicBranches(task: WorkflowTask, fork: GraphNode): Exit[] {
    const forked = this.index.latest(task.taskReferenceName)?.inputData.forkedTasks;
    const refs = Array.isArray(forked) ? [...new Set(forked.map((r) => baseRefOf(String(r))))] : [];
    const branches = refs.flatMap((ref) => {
      const workflowTask = this.index.latest(ref)?.workflowTask;
      return workflowTask ? [this.taskNode(workflowTask)] : [];
    });
    if (branches.length === 0) {
      const placeholder = this.addNode({
        id: `dynamic:${task.taskReferenceName}`,
        kind: 'dynamic',
        label: 'tasks forked at run time',
        reached: false,
        attempts: 0,
      });
      branches.push(placeholder);
    }
    this.connect([{ node: fork.id }], ...branches.map((b) => b.id));
    return branches.map((b) => ({ node: b.id }));
  }

  /** Loop → body → a closing node that leads back to the loop and on to what follows it. */
  private addLoopBody(task: WorkflowTask, loop: GraphNode): Exit[] {
    const bodyExits = this.addList(task.loopOver ?? [], [{ node: loop.id }]);
    const ended = loop.status !== undefined && loop.status !== 'SCHEDULED' && loop.status !== 'IN_PROGRESS';
    const loopEnd = this.addNode({
      id: `loopEnd:${task.taskReferenceName}`,
      kind: 'loopEnd',
      label: task.taskReferenceName,
      reached: ended,
      attempts: 0,
      ...(ended && loop.status && { status: loop.status }),
    });
    this.connect(bodyExits, loopEnd.id);
    this.edges.push({
      id: this.edgeId(`${loopEnd.id}->${loop.id}:back`),
      source: loopEnd.id,
      target: loop.id,
      loopBack: true,
    });
    return [{ node: loopEnd.id }];
  }

  private taskNode(task: WorkflowTask): GraphNode {
    const type = task.type ?? 'SIMPLE';
    const attempts = this.index.attempts(task.taskReferenceName);
    const latest = attempts.at(-1);
    const node: GraphNode = {
      id: nodeIdOf(task.taskReferenceName),
      kind: kindByType[type] ?? 'task',
      label: task.name,
      ref: task.taskReferenceName,
      type,
      definition: task,
      reached: latest !== undefined,
      attempts: attempts.length,
    };
    if (latest) {
      node.status = latest.status;
      node.taskId = latest.taskId;
      if (type === 'DO_WHILE') node.iteration = loopIteration(latest);
      if (type === 'SWITCH' || type === 'DECISION') node.selectedCase = takenCase(task, latest);
      const child = latest.subWorkflowId ?? latest.outputData.subWorkflowId;
      if (type === 'SUB_WORKFLOW' && typeof child === 'string') node.subWorkflowId = child;
    }
    return this.addNode(node);
  }

  private addNode(node: GraphNode): GraphNode {
    const parent = this.frames.at(-1);
    if (parent !== undefined) node.parent = parent;
    this.nodes.set(node.id, node);
    return node;
  }

  private connect(entries: Exit[], ...targets: string[]): void {
    for (const target of targets) {
      for (const { node, branch } of entries) {
        this.edges.push({
          id: this.edgeId(`${node}->${target}${branch ? `:${branch.key}` : ''}`),
          source: node,
          target,
          ...(branch && { label: branch.key, branch }),
        });
      }
    }
  }

  /** Edge ids must be unique even when a case is literally named `default`. */
  private edgeId(wanted: string): string {
    let id = wanted;
    for (let n = 2; this.edgeIds.has(id); n++) id = `${wanted}#${n}`;
    this.edgeIds.add(id);
    return id;
  }

  private finish({ branch, ...edge }: PendingEdge): GraphEdge {
    const reached = (id: string): boolean => this.nodes.get(id)?.reached ?? false;
    const selected = branch ? this.nodes.get(branch.switchNode)?.selectedCase : undefined;
    const taken = branch && selected !== undefined ? selected === branch.key : undefined;
    // The way back was travelled once the loop began its second iteration.
    const executed = edge.loopBack
      ? (this.nodes.get(edge.target)?.iteration ?? 0) > 1
      : reached(edge.source) && reached(edge.target) && taken !== false;
    return {
      ...edge,
      executed,
      ...(taken !== undefined && { taken }),
    };
  }
}

function loopIteration(task: Task): number {
  const fromOutput = task.outputData.iteration;
  return task.iteration || (typeof fromOutput === 'number' ? fromOutput : 0);
}

/** The case a SWITCH/DECISION chose (§5), as the key of the branch that ran. */
function takenCase(task: WorkflowTask, run: Task): string | undefined {
  const out = run.outputData;
  const result = out.selectedCase ?? firstOf(out.evaluationResult) ?? firstOf(out.caseOutput);
  if (result === undefined) return undefined;
  const key = typeof result === 'string' ? result : JSON.stringify(result);
  const branch = task.decisionCases?.[key];
  // DECISION sends an empty matched branch to the default case too.
  if (branch === undefined || (task.type === 'DECISION' && branch.length === 0)) return DEFAULT_CASE;
  return key;
}

function firstOf(value: unknown): unknown {
  return Array.isArray(value) ? (value[0] as unknown) : undefined;
}
