import pg from 'pg';

/**
 * A pg client that closes its socket when it fails to connect. pg leaves that socket open: a server
 * asking for a password the URL does not give (SCRAM) had its error reported at once, and then the
 * process waited for the server's own authentication timeout, a minute, before it could exit (found by
 * a user audit: a Slurm array with a forgotten PGPASSWORD held every task that long).
 */
export class ClosingClient extends pg.Client {
  override connect(): Promise<pg.Client>;
  override connect(callback: (err: Error) => void): void;
  override connect(callback?: (err: Error) => void): Promise<pg.Client> | undefined {
    if (callback === undefined) {
      return super.connect().catch((error: unknown) => {
        this.end().catch(() => undefined);
        throw error;
      });
    }
    super.connect((error: Error | null) => {
      callback(error as Error);
      if (error) this.end().catch(() => undefined);
    });
    return undefined;
  }
}
