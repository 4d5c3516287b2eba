import pg from 'pg';
import type { SslChoice } from './ssl-mode.js';

/**
 * What hypertune's sessions run with, whatever the role or database sets. No statement timeout: a
 * worker waits its turn for the ask lock. An idle transaction ends after 2 minutes, far past the longest
 * proposal made under the ask lock: a worker frozen while it held that lock (SIGSTOP, Slurm's
 * `scontrol suspend`, a node cut off from the network) held every other worker and every `ask` until it
 * woke, for good after a partition (a user audit: 0 kept it so). The server ends such a session and its
 * lock; the worker, once back, finds its connection gone and asks again, as after a server restart.
 */
const SESSION_SETTINGS = "SET statement_timeout = 0; SET idle_in_transaction_session_timeout = '120s'";

/** Further tries of SESSION_SETTINGS when the role's own timeout cancelled them. */
const SETTINGS_RETRIES = 3;

/**
 * A pg client that sets SESSION_SETTINGS once connected, and closes its socket when it fails to connect. pg leaves that socket open: a server
 * asking for a password the URL does not give (SCRAM) had its error reported at once, and then the
 * process waited for the server's own authentication timeout, a minute, before it could exit (found by
 * a user audit: a Slurm array with a forgotten PGPASSWORD held every task that long).
 */
export class ClosingClient extends pg.Client {
  private readonly sslChoice: SslChoice | undefined;

  /** `sslChoice` (the pool hands every client the pool's options): the URL this connection takes, plain once a server refused SSL. */
  constructor(config?: pg.ClientConfig & { sslChoice?: SslChoice }) {
    const choice = config?.sslChoice;
    super(choice === undefined ? config : { ...config, connectionString: choice.current() });
    this.sslChoice = choice;
    // a connection lost while the client is checked out between two statements (opening's privilege
    // check) was an unhandled 'error' event that ended the process with a stack trace; the statement in
    // flight, or the next one, fails with it and is handled as a lost connection
    this.on('error', () => undefined);
  }

  override connect(): Promise<pg.Client>;
  override connect(callback: (err: Error) => void): void;
  override connect(callback?: (err: Error) => void): Promise<pg.Client> | undefined {
    if (callback === undefined) {
      return super.connect().catch((error: unknown) => {
        this.end().catch(() => undefined);
        throw this.sslChoice?.connectError(error) ?? error;
      });
    }
    super.connect((error: Error | null) => {
      if (error) {
        callback((this.sslChoice?.connectError(error) ?? error) as Error);
        this.end().catch(() => undefined);
        return;
      }
      // a role's own statement_timeout or idle_in_transaction_session_timeout ended workers mid-study: the ask
      // lock's transaction waits while the model proposes (a user audit); set before the pool hands it out
      // The SET itself runs under the role's timeout: a statement_timeout of 1 ms cancelled it now and
      // then on a loaded machine, and the session kept the role's timeout (a flaky CI run); tried again
      const ready = (): void => callback(null as unknown as Error);
      const settle = (triesLeft: number): void => {
        this.query(SESSION_SETTINGS).then(ready, () => (triesLeft > 0 ? settle(triesLeft - 1) : ready()));
      };
      settle(SETTINGS_RETRIES);
    });
    return undefined;
  }
}
