/**
 * EventHandler validation (§2.13) with Conductor's bean-validation messages for the required fields, plus
 * type checks, and a known action type for every action. A handler may have no actions yet: Orkes and the
 * official JavaScript client create handlers first and add actions later (Conductor OSS refuses them).
 */
import type { ValidationError } from '@baton/protocol';
import { EventActionType } from './actions.js';
import { isObject } from './payload-templates.js';

const ACTION_TYPES = Object.values(EventActionType);

/** Errors of one handler body; empty when valid. */
export function validateEventHandler(body: unknown): ValidationError[] {
  const errors: ValidationError[] = [];
  const add = (path: string, message: string, invalidValue?: unknown): void => {
    errors.push(invalidValue === undefined ? { path, message } : { path, message, invalidValue });
  };
  if (!isObject(body)) {
    add('', 'EventHandler must be a JSON object');
    return errors;
  }
  requiredString(body.name, 'name', 'Missing event handler name', add);
  requiredString(body.event, 'event', 'Missing event location', add);
  for (const field of ['condition', 'evaluatorType', 'description'] as const) {
    const value = body[field];
    if (value !== undefined && value !== null && typeof value !== 'string')
      add(field, 'must be a string', value);
  }
  if (body.active !== undefined && body.active !== null && typeof body.active !== 'boolean') {
    add('active', 'must be a boolean', body.active);
  }

  const actions = body.actions;
  if (actions === undefined || actions === null) {
    // none yet
  } else if (!Array.isArray(actions)) {
    add('actions', 'must be an array', actions);
  } else {
    actions.forEach((action: unknown, i) => validateAction(action, `actions[${i}]`, add));
  }
  return errors;
}

function validateAction(
  action: unknown,
  path: string,
  add: (path: string, message: string, value?: unknown) => void,
) {
  if (!isObject(action)) {
    add(path, 'must be an object', action);
    return;
  }
  const type = action.action;
  if (typeof type !== 'string' || !(ACTION_TYPES as readonly string[]).includes(type)) {
    add(`${path}.action`, `must be one of ${ACTION_TYPES.join(', ')}`, type ?? undefined);
  }
  for (const key of ACTION_TYPES) {
    const value = action[key];
    if (value !== undefined && value !== null && !isObject(value))
      add(`${path}.${key}`, 'must be an object', value);
  }
  const expand = action.expandInlineJSON;
  if (expand !== undefined && expand !== null && typeof expand !== 'boolean') {
    add(`${path}.expandInlineJSON`, 'must be a boolean', expand);
  }
}

function requiredString(
  value: unknown,
  path: string,
  missing: string,
  add: (path: string, message: string, value?: unknown) => void,
): void {
  if (value === undefined || value === null || value === '') add(path, missing);
  else if (typeof value !== 'string') add(path, 'must be a string', value);
}
