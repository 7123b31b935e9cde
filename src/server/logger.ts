/** The server logs to the client's output channel (`connection.console`), never to stdout, which may be the transport. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
