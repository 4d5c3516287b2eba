import { createServer, type Socket } from 'node:net';

/**
 * The smallest PostgreSQL server that refuses a password: it asks for a cleartext password and answers
 * with the server's real error (SQLSTATE 28P01). The machine's PostgreSQL trusts every loopback
 * connection, so a real wrong-password error cannot be produced there without changing its pg_hba.conf.
 * With `scram`, it asks for SCRAM-SHA-256 instead and then waits for an answer, as a real server does
 * until its authentication timeout (a minute by default).
 */
/** The SSLRequest's code, in place of a protocol version. */
const SSL_REQUEST = 80877103;

function message(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length + 4);
  return Buffer.concat([Buffer.from(type), length, body]);
}

function errorResponse(user: string): Buffer {
  const fields = [['S', 'FATAL'], ['V', 'FATAL'], ['C', '28P01'], ['M', `password authentication failed for user "${user}"`]];
  return message('E', Buffer.concat([...fields.map(([code, text]) => Buffer.from(`${code}${text}\0`)), Buffer.from('\0')]));
}

function serve(socket: Socket, scram: boolean): void {
  let stage = 0;
  let user = '';
  socket.on('data', (chunk: Buffer) => {
    if (stage === 0 && chunk.length === 8 && chunk.readInt32BE(4) === SSL_REQUEST) {
      // a client that prefers SSL asks first (libpq's default, and hypertune's): refused, as by a server with ssl = off
      socket.write('N');
    } else if (stage === 0) {
      // startup message: length, protocol, then key\0value\0 pairs
      const pairs = chunk.subarray(8).toString().split('\0');
      user = pairs[pairs.indexOf('user') + 1] ?? '';
      const askPassword = Buffer.alloc(4);
      askPassword.writeInt32BE(scram ? 10 : 3);
      socket.write(message('R', scram ? Buffer.concat([askPassword, Buffer.from('SCRAM-SHA-256\0\0')]) : askPassword));
      stage = 1;
    } else if (!scram) {
      socket.end(errorResponse(user));
    } else if (chunk[0] === 'X'.charCodeAt(0)) {
      // the client's Terminate: it gave up
      socket.end();
    } else if (stage === 1) {
      // SCRAM's first round: the client's nonce back with the server's, a salt and a count; the
      // client needs its password from here on
      const nonce = /r=([^,]+)/.exec(chunk.toString('latin1'))?.[1] ?? '';
      const step = Buffer.alloc(4);
      step.writeInt32BE(11);
      socket.write(message('R', Buffer.concat([step, Buffer.from(`r=${nonce}server,s=${Buffer.from('salt').toString('base64')},i=4096`)])));
      stage = 2;
    }
  });
  socket.on('error', () => undefined);
}

export async function withFakeServer(work: (port: number) => Promise<void>, ask: 'password' | 'scram' = 'password'): Promise<void> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    serve(socket, ask === 'scram');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  try {
    await work(typeof address === 'object' && address !== null ? address.port : 0);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
}
