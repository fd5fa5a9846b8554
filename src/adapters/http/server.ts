/**
 * Starts and drains the HTTP server. On SIGTERM (DESIGN §8) `close()` stops accepting, lets the
 * requests in flight finish, closes idle keep-alive sockets, and cuts what is left after a grace
 * period.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** Anything node:http can serve, such as an express app. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export type RunningServer = {
  server: Server;
  /** The port actually bound (useful with port 0). */
  port: number;
  /** Drains and closes; resolves when every connection is gone. Safe to call twice. */
  close(): Promise<void>;
};

export type StartOptions = {
  /** Interface to bind; all interfaces by default. */
  host?: string;
  /** After this long, connections still open are destroyed. */
  drainTimeoutMs?: number;
};

/** Listens on `port` (0 picks a free one) and resolves once the server is listening. */
export async function startHttpServer(
  app: RequestListener,
  port: number,
  options: StartOptions = {},
): Promise<RunningServer> {
  const server = createServer();
  let closing = false;
  let closed: Promise<void> | undefined;

  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    // A request that arrives on a kept-alive socket during the drain is served, then the socket closes.
    if (closing && !res.headersSent) res.setHeader('Connection', 'close');
    res.once('finish', () => {
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
  });
  // Registered after the drain hook so that the hook sees each response before the app writes it.
  server.on('request', app);

  await new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    if (options.host === undefined) server.listen(port, onListening);
    else server.listen(port, options.host, onListening);
  });

  const address = server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;

  const close = (): Promise<void> => {
    if (closed) return closed;
    closing = true;
    closed = new Promise<void>((resolve, reject) => {
      const force = setTimeout(() => server.closeAllConnections(), options.drainTimeoutMs ?? 10_000);
      force.unref();
      server.close((error) => {
        clearTimeout(force);
        if (error) reject(error);
        else resolve();
      });
      server.closeIdleConnections();
    });
    return closed;
  };

  return { server, port: boundPort, close };
}
