/**
 * Writes a transaction holds back to send fewer statements: its queue messages and timers ride on its next
 * execution write, in the same statement (a completion's dequeue and its next task's message on the execution's
 * write, a hand-out's response timer on its task write). Each statement costs protocol work on both ends, the
 * server's event loop included, whatever it does. Held writes go out before any other statement of the
 * transaction (see TxConnection.hold), so every statement still sees everything sent before it.
 */
import { type Statement, statement, type TxDb } from './db.js';

type MessageOp = { queueName: string; taskId: string } & (
  { push: true; priority: number; visibleAt: number } | { push: false }
);
type TimerOp = { kind: 'set' | 'lower'; dueAt: number } | { kind: 'clear' };

/**
 * The kinds of small write, each a CTE over parallel arrays. A statement carries only the kinds it has (a bit
 * each): an empty data-modifying CTE still opens and locks its table and indexes at every execution.
 */
const KINDS: readonly { params: number; cte: ($: (i: number) => string) => string }[] = [
  {
    params: 4,
    cte: ($) => `queue_pushed AS (
     INSERT INTO queue_messages (queue_name, task_id, priority, visible_at)
     SELECT * FROM unnest(${$(0)}::text[], ${$(1)}::text[], ${$(2)}::int[], ${$(3)}::bigint[])
     ON CONFLICT (queue_name, task_id) DO UPDATE SET priority = excluded.priority, visible_at = excluded.visible_at)`,
  },
  {
    params: 2,
    cte: ($) => `queue_removed AS (
     DELETE FROM queue_messages m USING unnest(${$(0)}::text[], ${$(1)}::text[]) AS r (queue_name, task_id)
     WHERE m.queue_name = r.queue_name AND m.task_id = r.task_id)`,
  },
  {
    params: 2,
    cte: ($) => `timers_set AS (
     INSERT INTO timers (workflow_id, due_at) SELECT * FROM unnest(${$(0)}::text[], ${$(1)}::bigint[])
     ON CONFLICT (workflow_id) DO UPDATE SET due_at = excluded.due_at WHERE timers.due_at <> excluded.due_at)`,
  },
  {
    // An armed timer that is due sooner already stays as it is, unwritten.
    params: 2,
    cte: ($) => `timers_lowered AS (
     INSERT INTO timers (workflow_id, due_at) SELECT * FROM unnest(${$(0)}::text[], ${$(1)}::bigint[])
     ON CONFLICT (workflow_id) DO UPDATE SET due_at = excluded.due_at WHERE timers.due_at > excluded.due_at)`,
  },
  {
    params: 1,
    cte: ($) => `timers_cleared AS (
     DELETE FROM timers t USING unnest(${$(0)}::text[]) AS c (workflow_id) WHERE t.workflow_id = c.workflow_id)`,
  },
];

/** Indexes into KINDS (and bits of a mask). */
const [PUSHED, REMOVED, TIMERS_SET, TIMERS_LOWERED, TIMERS_CLEARED] = [0, 1, 2, 3, 4] as const;

/** The CTEs of the kinds in `mask`, each preceded by a comma, their parameters numbered from `first`. */
function smallWriteCtes(mask: number, first: number): string {
  let sql = '';
  let next = first;
  KINDS.forEach((kind, bit) => {
    if (!(mask & (1 << bit))) return;
    const from = next;
    sql += `,\n   ${kind.cte((i) => `$${from + i}`)}`;
    next += kind.params;
  });
  return sql;
}

/**
 * A statement that can carry small writes, one prepared statement per mask of kinds: `build` gets the CTEs to add
 * after its own (an empty string, or a comma and the CTEs), numbered from `first`, its own parameters' count plus 1.
 */
export function carryingSmallWrites(
  name: string,
  first: number,
  build: (smallWrites: string) => string,
): (mask: number) => Statement {
  const made = new Map<number, Statement>();
  return (mask) => {
    let stmt = made.get(mask);
    if (!stmt) {
      stmt = statement(mask === 0 ? name : `${name}_${mask}`, build(smallWriteCtes(mask, first)));
      made.set(mask, stmt);
    }
    return stmt;
  };
}

/** The small writes alone, when no execution write takes them. */
const smallWrites = carryingSmallWrites('small_writes', 1, (ctes) => `WITH ${ctes.slice(1)} SELECT 1`);

/** An execution write, ready to send. */
export interface ExecutionWrite {
  /** Either the statement, or its form for each mask of small writes it carries (see carryingSmallWrites). */
  stmt: Statement | ((mask: number) => Statement);
  values: unknown[];
  /** The execution it writes and the parameter (null in `values`) for the version it may require the row at. */
  expects?: { workflowId: string; param: number };
}

/**
 * A lock of an execution this server kept, at the version it kept (see execution-cache.ts), whose answer nobody
 * waits for. Held, it rides on that execution's write when that comes next: the write then requires the version.
 */
export interface HeldLock {
  workflowId: string;
  version: string;
  /** Sends it as a statement of its own. */
  send(): void;
  /** Called once PostgreSQL found the row at `version`. */
  current(): void;
}

export class HeldWrites {
  /** By queue and task: each message once, with its last write. */
  private readonly messages = new Map<string, MessageOp>();
  /** By workflow id: each timer once, its writes folded into one. */
  private readonly timers = new Map<string, TimerOp>();
  private execution: (ExecutionWrite & { stmt: (mask: number) => Statement }) | undefined;
  private heldLock: HeldLock | undefined;

  constructor(private readonly db: TxDb) {}

  get pending(): boolean {
    return (
      this.execution !== undefined ||
      this.heldLock !== undefined ||
      this.messages.size > 0 ||
      this.timers.size > 0
    );
  }

  pushMessage(queueName: string, taskId: string, priority: number, visibleAt: number): void {
    this.message({ queueName, taskId, push: true, priority, visibleAt });
  }

  removeMessage(queueName: string, taskId: string): void {
    this.message({ queueName, taskId, push: false });
  }

  setTimer(workflowId: string, dueAt: number | null): void {
    this.timers.set(workflowId, dueAt === null ? { kind: 'clear' } : { kind: 'set', dueAt });
  }

  /** An upsert to the earlier of the two: after an exact write or a clear held before, it is an exact write. */
  lowerTimer(workflowId: string, dueAt: number): void {
    const held = this.timers.get(workflowId);
    if (held?.kind === 'clear') this.timers.set(workflowId, { kind: 'set', dueAt });
    else
      this.timers.set(workflowId, {
        kind: held?.kind ?? 'lower',
        dueAt: Math.min(dueAt, held?.dueAt ?? dueAt),
      });
  }

  /** Holds the lock until the next statement; whatever was held before goes out first, keeping lock order. */
  lock(lock: HeldLock): void {
    this.flush();
    this.heldLock = lock;
  }

  /**
   * Holds `write` until the next statement, to carry the small writes (and the held lock of its execution); one
   * that cannot carry them is sent now, after whatever is held.
   */
  execute(write: ExecutionWrite): void {
    const { stmt } = write;
    if (typeof stmt !== 'function') {
      this.db.send(stmt, write.values);
      return;
    }
    if (this.execution || (this.heldLock && this.heldLock.workflowId !== write.expects?.workflowId))
      this.flush();
    this.execution = { ...write, stmt };
  }

  /** Sends what is held: the lock first unless the write carries it, then the write with the small writes. */
  flush(): void {
    if (!this.pending) return;
    const { execution: write, heldLock: lock } = this;
    const { mask, values } = this.smallWriteValues();
    // Cleared before anything is sent: sending comes back here (TxConnection flushes before each statement).
    this.execution = undefined;
    this.heldLock = undefined;
    this.messages.clear();
    this.timers.clear();
    const carried = lock !== undefined && write?.expects?.workflowId === lock.workflowId;
    if (lock && !carried) lock.send();
    if (!write) {
      if (mask !== 0) this.db.send(smallWrites(mask), values);
      return;
    }
    const all = [...write.values, ...values];
    if (carried) all[write.expects!.param] = lock.version;
    this.db.send(write.stmt(mask), all, carried ? () => lock.current() : undefined);
  }

  private message(op: MessageOp): void {
    this.messages.set(`${op.queueName}\u0000${op.taskId}`, op);
  }

  /** The kinds held, and their parameters in the order of smallWriteCtes. */
  private smallWriteValues(): { mask: number; values: unknown[][] } {
    const byKind: unknown[][][] = KINDS.map((kind) => Array.from({ length: kind.params }, () => []));
    const add = (kind: number, ...row: unknown[]): void => row.forEach((v, i) => byKind[kind]![i]!.push(v));
    for (const op of this.messages.values()) {
      if (op.push) add(PUSHED, op.queueName, op.taskId, op.priority, op.visibleAt);
      else add(REMOVED, op.queueName, op.taskId);
    }
    for (const [workflowId, op] of this.timers) {
      if (op.kind === 'set') add(TIMERS_SET, workflowId, op.dueAt);
      else if (op.kind === 'lower') add(TIMERS_LOWERED, workflowId, op.dueAt);
      else add(TIMERS_CLEARED, workflowId);
    }
    let mask = 0;
    const values: unknown[][] = [];
    byKind.forEach((arrays, bit) => {
      if (arrays[0]!.length === 0) return;
      mask |= 1 << bit;
      values.push(...arrays);
    });
    return { mask, values };
  }
}
