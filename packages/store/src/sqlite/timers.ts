/** One durable timer per workflow: when it needs its next decide without any outside event. */
import type { Connection } from './open.js';
import type { StagedMap } from './staged-map.js';

export class TimerQueries {
  private readonly upsertTimer;
  private readonly lowerTimer;
  private readonly deleteTimer;
  private readonly selectDue;
  private readonly rearmTimer;

  /** @param known The write connection's view of due times (null: no timer), to skip writes that change nothing. */
  constructor(
    db: Connection,
    private readonly known?: StagedMap<string, number | null>,
  ) {
    this.upsertTimer = db.prepare<[string, number]>(
      `INSERT INTO timers (workflow_id, due_at) VALUES (?, ?)
       ON CONFLICT (workflow_id) DO UPDATE SET due_at = excluded.due_at`,
    );
    this.lowerTimer = db
      .prepare<[string, number], number>(
        `INSERT INTO timers (workflow_id, due_at) VALUES (?, ?)
         ON CONFLICT (workflow_id) DO UPDATE SET due_at = min(due_at, excluded.due_at)
         RETURNING due_at`,
      )
      .pluck();
    this.deleteTimer = db.prepare<[string]>('DELETE FROM timers WHERE workflow_id = ?');
    this.selectDue = db
      .prepare<[number, number], string>(
        'SELECT workflow_id FROM timers WHERE due_at <= ? ORDER BY due_at, workflow_id LIMIT ?',
      )
      .pluck();
    this.rearmTimer = db.prepare<[number, string]>('UPDATE timers SET due_at = ? WHERE workflow_id = ?');
  }

  set(workflowId: string, dueAt: number | null): void {
    if (this.known?.get(workflowId) === dueAt) return;
    if (dueAt === null) this.deleteTimer.run(workflowId);
    else this.upsertTimer.run(workflowId, dueAt);
    this.known?.set(workflowId, dueAt);
  }

  setIfEarlier(workflowId: string, dueAt: number): void {
    const current = this.known?.get(workflowId);
    if (current !== undefined && current !== null && current <= dueAt) return;
    // The answer is the timer as it now stands, so the next call for this workflow can skip the write.
    this.known?.set(workflowId, this.lowerTimer.get(workflowId, dueAt) ?? dueAt);
  }

  claimDue(now: number, limit: number, rearmMs: number): string[] {
    if (limit <= 0) return [];
    const workflowIds = this.selectDue.all(now, limit);
    for (const workflowId of workflowIds) {
      this.rearmTimer.run(now + rearmMs, workflowId);
      this.known?.set(workflowId, now + rearmMs);
    }
    return workflowIds;
  }
}
