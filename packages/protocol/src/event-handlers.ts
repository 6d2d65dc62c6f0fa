/** Event handlers (§2.13) and Orkes' metadata tags, as clients send and read them. */

/** A tag on a definition, event handler or schedule (Orkes' TagObject). */
export interface MetadataTag {
  key: string;
  value: string;
  type?: 'METADATA';
}

/** What an event handler does with a matching event. */
export interface EventHandlerAction {
  action:
    'start_workflow' | 'complete_task' | 'fail_task' | 'terminate_workflow' | 'update_workflow_variables';
  start_workflow?: Record<string, unknown>;
  complete_task?: Record<string, unknown>;
  fail_task?: Record<string, unknown>;
  terminate_workflow?: Record<string, unknown>;
  update_workflow_variables?: Record<string, unknown>;
  expandInlineJSON?: boolean;
}

/** Runs its actions for each event published to `event` (e.g. `conductor:orders`) that meets `condition`. */
export interface EventHandler {
  name: string;
  event: string;
  condition?: string;
  evaluatorType?: string;
  actions: EventHandlerAction[];
  active?: boolean;
}
