/** What §4.7's limits count: IN_PROGRESS tasks per definition, and recent hand-outs per definition. */
import type { Connection } from './open.js';

export class LimitQueries {
  private readonly countInProgressTasks;
  private readonly selectHandouts;
  private readonly insertHandout;
  private readonly deleteHandoutsBefore;

  constructor(db: Connection) {
    this.countInProgressTasks = db
      .prepare<[string], number>(
        "SELECT count(*) FROM tasks WHERE task_def_name = ? AND status = 'IN_PROGRESS'",
      )
      .pluck();
    this.selectHandouts = db
      .prepare<[string, number], number>(
        'SELECT at FROM handouts WHERE task_def_name = ? AND at >= ? ORDER BY at',
      )
      .pluck();
    this.insertHandout = db.prepare<[string, number]>(
      'INSERT INTO handouts (task_def_name, at) VALUES (?, ?)',
    );
    this.deleteHandoutsBefore = db.prepare<[string, number]>(
      'DELETE FROM handouts WHERE task_def_name = ? AND at < ?',
    );
  }

  countInProgress(taskDefName: string): number {
    return this.countInProgressTasks.get(taskDefName) ?? 0;
  }

  /**
   * Hand-outs at or after `since`. Older rows of that definition can no longer count against its window, so
   * they are pruned here: the table stays as small as the window, whatever the hand-out rate.
   */
  recentHandouts(taskDefName: string, since: number): number[] {
    this.deleteHandoutsBefore.run(taskDefName, since);
    return this.selectHandouts.all(taskDefName, since);
  }

  recordHandout(taskDefName: string, at: number): void {
    this.insertHandout.run(taskDefName, at);
  }
}
