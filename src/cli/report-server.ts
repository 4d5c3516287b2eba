import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { InvalidArgumentError } from 'commander';
import { RuntimeFailure } from '../errors.js';
import { settingsFromStored } from '../loop/index.js';
import { studyStamp } from '../report/study-stamp.js';
import { finishedCount } from '../study/replay.js';
import { studyReportHtml } from './report-page.js';
import type { Output } from './output.js';
import { loadNamedStudy, openStudyStore, storedSpace, type StoreFlags } from './study-store.js';

export interface ServeRequest {
  flags: StoreFlags & { study?: string | undefined };
  port: number;
  host: string;
  /** How often an open page asks whether the study changed, seconds. */
  everyS: number;
}

/** `--serve [port]`: a TCP port, 0 for any free one. */
export function portNumber(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port > 65535) throw new InvalidArgumentError(`expected a port number from 0 to 65535 (0: any free port), got ${JSON.stringify(value)}`);
  return port;
}

/**
 * `hypertune report --serve`: the report over HTTP, drawn afresh from the store at each load of the page,
 * which then asks `./state` every few seconds whether the study changed (client/live.ts). A live view
 * of a study running for days on a cluster, as optuna-dashboard gives, with nothing else to install:
 * `ssh -L 8080:127.0.0.1:8080 node` and a browser. It listens on 127.0.0.1 unless told otherwise (the
 * page shows parameters, commands and errors); it reads the store and writes nothing; Ctrl-C stops it.
 */
export async function serveReport(request: ServeRequest, output: Output): Promise<void> {
  const { store, locationFlags } = await openStudyStore(request.flags);
  // the study is named (or the store's only one) before anything is served: a wrong name is one line, exit 2
  const { study } = await loadNamedStudy(store, request.flags.study);
  const page = async (): Promise<string> => {
    const { state } = await loadNamedStudy(store, study);
    const space = storedSpace(state.meta);
    const loaded = { state, space, settings: settingsFromStored(state.meta.options, space), readAt: store.now(), locationFlags };
    return studyReportHtml(loaded, { stamp: studyStamp(state), everyS: request.everyS });
  };
  const stateNow = async (): Promise<string> => {
    const { state } = await loadNamedStudy(store, study);
    return JSON.stringify({ stamp: studyStamp(state), finished: finishedCount(state), trials: state.trials.length });
  };
  const server = createServer((incoming, response) => void answer(incoming, response, page, stateNow, output));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(request.port, request.host, () => resolve());
    });
  } catch (error) {
    await store.close();
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EADDRINUSE' ? 'the port is taken: give another (--serve 8081), or --serve 0 for any free one' : code === 'EACCES' ? 'not allowed (ports under 1024 need root): give one above 1024' : (error as Error).message;
    throw new RuntimeFailure(`cannot serve on ${request.host}:${request.port}: ${why}`, { cause: error });
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : request.port;
  const shown = request.host.includes(':') ? `[${request.host}]` : request.host;
  output.out(`Serving the report of study ${study} at http://${shown}:${port}/ (drawn afresh at each load; an open page asks every ${request.everyS} s whether the study changed). Ctrl-C to stop.\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await store.close();
  output.out('Stopped serving the report.\n');
}

async function answer(incoming: IncomingMessage, response: ServerResponse, page: () => Promise<string>, stateNow: () => Promise<string>, output: Output): Promise<void> {
  const path = new URL(incoming.url ?? '/', 'http://localhost').pathname;
  const send = (status: number, type: string, body: string): void => {
    response.writeHead(status, { 'Content-Type': `${type}; charset=utf-8`, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    response.end(incoming.method === 'HEAD' ? undefined : body);
  };
  if (incoming.method !== 'GET' && incoming.method !== 'HEAD') return send(405, 'text/plain', 'only GET\n');
  try {
    if (path === '/' || path === '/index.html') return send(200, 'text/html', await page());
    if (path === '/state') return send(200, 'application/json', await stateNow());
    return send(404, 'text/plain', `nothing at ${path}: the report is at /\n`);
  } catch (error) {
    // the store away, the study removed: the page says so, and the server goes on for the next load
    const message = error instanceof Error ? error.message : String(error);
    output.err(`hypertune: report --serve: ${path}: ${message}\n`);
    return send(503, 'text/plain', `hypertune could not read the study: ${message}\n`);
  }
}
