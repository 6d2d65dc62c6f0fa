/** Event handlers (§2.13), keyed by name and found by the event they listen to. */
import type { EventHandler } from '../contract.js';
import type { Connection } from './open.js';

export class EventHandlerQueries {
  private readonly selectHandler;
  private readonly selectAll;
  private readonly selectForEvent;
  private readonly selectActiveForEvent;
  private readonly upsertHandler;
  private readonly deleteHandler;

  constructor(db: Connection) {
    this.selectHandler = db
      .prepare<[string], string>('SELECT json FROM event_handlers WHERE name = ?')
      .pluck();
    this.selectAll = db.prepare<[], string>('SELECT json FROM event_handlers ORDER BY name').pluck();
    this.selectForEvent = db
      .prepare<[string], string>('SELECT json FROM event_handlers WHERE event = ? ORDER BY name')
      .pluck();
    this.selectActiveForEvent = db
      .prepare<[string], string>(
        'SELECT json FROM event_handlers WHERE event = ? AND active = 1 ORDER BY name',
      )
      .pluck();
    this.upsertHandler = db.prepare<[string, string, number, string]>(
      `INSERT INTO event_handlers (name, event, active, json) VALUES (?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET event = excluded.event, active = excluded.active, json = excluded.json`,
    );
    this.deleteHandler = db.prepare<[string]>('DELETE FROM event_handlers WHERE name = ?');
  }

  get(name: string): EventHandler | undefined {
    const json = this.selectHandler.get(name);
    return json === undefined ? undefined : (JSON.parse(json) as EventHandler);
  }

  list(): EventHandler[] {
    return this.selectAll.all().map((json) => JSON.parse(json) as EventHandler);
  }

  forEvent(event: string, activeOnly: boolean): EventHandler[] {
    const rows = activeOnly ? this.selectActiveForEvent.all(event) : this.selectForEvent.all(event);
    return rows.map((json) => JSON.parse(json) as EventHandler);
  }

  put(handler: EventHandler): void {
    this.upsertHandler.run(
      handler.name,
      handler.event,
      handler.active === true ? 1 : 0,
      JSON.stringify(handler),
    );
  }

  delete(name: string): boolean {
    return this.deleteHandler.run(name).changes > 0;
  }
}
