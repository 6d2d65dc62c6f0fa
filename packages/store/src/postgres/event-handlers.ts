/** Event handlers (§2.13), keyed by name and found by the event they listen to. */
import type { EventHandler } from '../contract.js';
import { type Db, statement, type TxDb } from './db.js';

type JsonRow = { json: string };

const selectHandler = statement('event_handler', 'SELECT json FROM event_handlers WHERE name = $1');
const selectAll = statement('event_handlers', 'SELECT json FROM event_handlers ORDER BY name');
const selectForEvent = statement(
  'event_handlers_for',
  'SELECT json FROM event_handlers WHERE event = $1 AND (active OR NOT $2) ORDER BY name',
);
const upsertHandler = statement(
  'event_handler_put',
  `INSERT INTO event_handlers (name, event, active, json) VALUES ($1, $2, $3, $4)
   ON CONFLICT (name) DO UPDATE SET event = excluded.event, active = excluded.active, json = excluded.json`,
);
const deleteHandler = statement(
  'event_handler_delete',
  'DELETE FROM event_handlers WHERE name = $1 RETURNING 1',
);

const parse = (rows: JsonRow[]): EventHandler[] => rows.map((row) => JSON.parse(row.json) as EventHandler);

export async function get(db: Db, name: string): Promise<EventHandler | undefined> {
  return parse(await db.rows<JsonRow>(selectHandler, [name]))[0];
}

export async function list(db: Db): Promise<EventHandler[]> {
  return parse(await db.rows<JsonRow>(selectAll, []));
}

export async function forEvent(db: Db, event: string, activeOnly: boolean): Promise<EventHandler[]> {
  return parse(await db.rows<JsonRow>(selectForEvent, [event, activeOnly]));
}

export function put(db: TxDb, handler: EventHandler): void {
  db.send(upsertHandler, [handler.name, handler.event, handler.active === true, JSON.stringify(handler)]);
}

export async function remove(db: Db, name: string): Promise<boolean> {
  return (await db.rows(deleteHandler, [name])).length > 0;
}
