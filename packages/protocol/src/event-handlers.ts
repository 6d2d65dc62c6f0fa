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

// ---- the event monitor: Orkes' event execution and message views (/api/event/execution, /api/event/message) ----

/** Conductor's EventExecution.Status. */
export type EventExecutionStatus = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | 'SKIPPED';

/**
 * One handler's outcome for one message (Orkes' ExtendedEventExecution): one action run, or the handler
 * skipped because its condition did not hold.
 */
export interface ExtendedEventExecution {
  /** `<messageId>_<n>`, n counting the handler's actions. */
  id: string;
  messageId: string;
  /** The handler's name. */
  name: string;
  event: string;
  /** Epoch ms. */
  created: number;
  status: EventExecutionStatus;
  /** Absent for a skipped handler. */
  action?: EventHandlerAction['action'];
  /** What the action did (e.g. `{workflowId}`), or why it failed or was skipped. */
  output: Record<string, unknown>;
  statusDescription?: string;
  /** The message's payload, while the message is kept. */
  payload?: Record<string, unknown>;
  fullMessagePayload?: Record<string, unknown>;
}

/** A message received on an event (Orkes' EventMessage), with the executions it caused. */
export interface EventMessage {
  id: string;
  /** The event it arrived on, e.g. `conductor:orders`. */
  eventTarget: string;
  eventType: 'WEBHOOK' | 'MESSAGE';
  /** Epoch ms. */
  createdAt: number;
  /** HANDLED: some handler ran actions for it; REJECTED: none did. */
  status: 'RECEIVED' | 'HANDLED' | 'REJECTED';
  statusDescription?: string;
  /** The payload as JSON text. */
  payload: string;
  /** The payload itself, when it is a JSON object. */
  fullPayload?: Record<string, unknown>;
  eventExecutions: ExtendedEventExecution[];
}

/** One handler with its activity (Orkes' HandledEventResponse). */
export interface HandledEventResponse {
  name: string;
  event: string;
  active: boolean;
  /** Executions (actions run or handler skipped) in the window. */
  numberOfActions: number;
  /** Messages in the window: handled by this handler (execution view) or received on its event (message view). */
  numberOfMessages: number;
}

export interface SearchResultHandledEventResponse {
  totalHits: number;
  results: HandledEventResponse[];
}
