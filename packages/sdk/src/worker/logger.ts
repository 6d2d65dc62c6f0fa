/** The logging the worker runner needs; pass your own (pino, winston, console) or use the default. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

/** Default: warnings and errors to stderr, nothing else. */
export const consoleLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: (message) => console.warn(`[conductor] ${message}`),
  error: (message, error) => console.error(`[conductor] ${message}`, error ?? ''),
};

export const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
