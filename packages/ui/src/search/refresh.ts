/** How often the executions list re-reads itself while not paused. */
export const LIST_REFRESH_MS = 5000;
