import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP relay in front of a real server, so that a test can take the network away and give it back:
 * `cut()` stops listening and drops every open connection (what a server restart or a failover does to
 * its clients), `restore()` listens again on the same port.
 */
export interface TcpProxy {
  port: number;
  cut(): Promise<void>;
  /**
   * The next message a client sends that matches `pattern` reaches the server whole, but its reply never
   * comes back: the connection is dropped once the server has had time to run it (a reply lost in a
   * failover). With `after`, only such a message sent on a connection that has sent one matching
   * `after` before it (the COMMIT of one kind of transaction). Resolves when that happened.
   */
  loseReplyTo(pattern: RegExp, after?: RegExp): Promise<void>;
  restore(): Promise<void>;
  /** Holds what clients send, without a word back (a server that hangs, or a partition that drops packets) until `release()`. */
  hang(): void;
  release(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let trap: { pattern: RegExp; after: RegExp | undefined; primed: WeakSet<Socket>; sprung: () => void } | null = null;
  let held: Array<() => void> | null = null;
  const relay = (client: Socket): void => {
    const upstream = createConnection({ host: targetHost, port: targetPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('data', (chunk: Buffer) => {
      if (held !== null) return void held.push(() => upstream.write(chunk));
      const armed = trap;
      const text = chunk.toString('latin1');
      if (armed?.after?.test(text) === true) armed.primed.add(client);
      if (armed === null || (armed.after !== undefined && !armed.primed.has(client)) || !armed.pattern.test(text)) {
        upstream.write(chunk);
        return;
      }
      trap = null;
      // the reply must not reach the client: stop relaying back before the server can answer
      upstream.unpipe(client);
      upstream.write(chunk);
      setTimeout(() => {
        client.destroy();
        upstream.destroy();
        armed.sprung();
      }, 300);
    });
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  };
  let server: Server = createServer(relay);
  const listen = (port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      });
    });
  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  const port = await listen(0);
  return {
    port,
    cut: stop,
    loseReplyTo: (pattern, after) => new Promise((sprung) => (trap = { pattern, after, primed: new WeakSet(), sprung })),
    async restore() {
      server = createServer(relay);
      await listen(port);
    },
    hang: () => void (held ??= []),
    release() {
      const waiting = held ?? [];
      held = null;
      for (const send of waiting) send();
    },
    close: () => (server.listening ? stop() : Promise.resolve()),
  };
}

/** A real server's URL and a relay in front of it, with the URL that goes through the relay. */
export async function relayTo(url: string): Promise<{ proxy: TcpProxy; through: string }> {
  const server = new URL(url);
  const proxy = await startTcpProxy(server.hostname, Number(server.port || 5432));
  const through = new URL(url);
  through.hostname = '127.0.0.1';
  through.port = String(proxy.port);
  return { proxy, through: through.toString() };
}
