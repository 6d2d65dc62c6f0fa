/** The event monitor's models (Orkes' event execution and message views, `/api/event/execution|message`). */
export type {
  EventExecutionStatus,
  EventMessage,
  ExtendedEventExecution,
  HandledEventResponse,
  SearchResultHandledEventResponse,
} from '@baton/protocol';
