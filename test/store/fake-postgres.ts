import { createServer, type Socket } from 'node:net';

/**
 * The smallest PostgreSQL server that refuses a password: it asks for a cleartext password and answers
 * with the server's real error (SQLSTATE 28P01). The machine's PostgreSQL trusts every loopback
 * connection, so a real wrong-password error cannot be produced there without changing its pg_hba.conf.
 */
function message(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length + 4);
  return Buffer.concat([Buffer.from(type), length, body]);
}

function errorResponse(user: string): Buffer {
  const fields = [['S', 'FATAL'], ['V', 'FATAL'], ['C', '28P01'], ['M', `password authentication failed for user "${user}"`]];
  return message('E', Buffer.concat([...fields.map(([code, text]) => Buffer.from(`${code}${text}\0`)), Buffer.from('\0')]));
}

function serve(socket: Socket): void {
  let stage = 0;
  let user = '';
  socket.on('data', (chunk: Buffer) => {
    if (stage === 0) {
      // startup message: length, protocol, then key\0value\0 pairs
      const pairs = chunk.subarray(8).toString().split('\0');
      user = pairs[pairs.indexOf('user') + 1] ?? '';
      const askPassword = Buffer.alloc(4);
      askPassword.writeInt32BE(3);
      socket.write(message('R', askPassword));
      stage = 1;
    } else {
      socket.end(errorResponse(user));
    }
  });
  socket.on('error', () => undefined);
}

export async function withFakeServer(work: (port: number) => Promise<void>): Promise<void> {
  const server = createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  try {
    await work(typeof address === 'object' && address !== null ? address.port : 0);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}
