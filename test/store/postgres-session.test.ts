import { describe, expect, it } from 'vitest';
import { ClosingClient } from '../../src/store/postgres/closing-client.js';

const url = process.env['HYPERTUNE_TEST_POSTGRES'];
const SKIP = 'skipped: HYPERTUNE_TEST_POSTGRES is not set';

describe.skipIf(url === undefined)(`a hypertune session's own timeouts (${url === undefined ? SKIP : 'real server'})`, () => {
  it("ends an idle transaction after 2 minutes, whatever the role sets: a frozen worker's ask lock is let go (a user audit: 0 held every worker until it woke)", async () => {
    // the startup options stand in for a role's own settings, which the session overrides
    const withRole = `${url ?? ''}${(url ?? '').includes('?') ? '&' : '?'}options=${encodeURIComponent('-c statement_timeout=1ms -c idle_in_transaction_session_timeout=0')}`;
    const client = new ClosingClient({ connectionString: withRole });
    // pg's callback form of connect is the one the pool uses: the settings are made before it is handed out
    await new Promise<void>((resolve, reject) => client.connect((error) => (error ? reject(error) : resolve())));
    try {
      const idle = await client.query<{ idle_in_transaction_session_timeout: string }>('SHOW idle_in_transaction_session_timeout');
      const statement = await client.query<{ statement_timeout: string }>('SHOW statement_timeout');
      expect(idle.rows[0]?.idle_in_transaction_session_timeout).toBe('2min');
      expect(statement.rows[0]?.statement_timeout).toBe('0');
    } finally {
      await client.end();
    }
  });
});
