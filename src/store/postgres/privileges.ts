import type { PoolClient } from 'pg';
import { RuntimeFailure } from '../../errors.js';
import { connectFailure, describeTarget, sqlState, type PostgresTarget } from './connection.js';
import { isConnectionLoss } from './reconnect.js';
import { ensureSchema, SchemaChangeError } from './schema.js';

/** What a command does with the study: reads it (summary, report), writes it (run, ask, tell), or removes studies. */
export type StoreAccess = 'read' | 'write' | 'remove';

/** Where the grants a role needs are told, for messages. */
const GRANTS_DOC = 'see "A role for each user" in docs/storage.md';

const READ = ['hypertune_schema_version', 'hypertune_studies', 'hypertune_trials', 'hypertune_outputs'];
const WRITTEN = ['hypertune_studies', 'hypertune_trials', 'hypertune_outputs'];
const CREATE_TRIAL = 'hypertune_create_trial(text, jsonb, boolean, text, text, integer, bigint, integer)';

/** [privilege, object, kind] that `access` needs. */
function needed(access: StoreAccess): Array<[string, string, 'table' | 'sequence' | 'function']> {
  const needs: Array<[string, string, 'table' | 'sequence' | 'function']> = READ.map((table) => ['SELECT', table, 'table']);
  // a study's trials and output go with it by ON DELETE CASCADE, which runs as the tables' owner
  if (access === 'remove') needs.push(['DELETE', 'hypertune_studies', 'table']);
  if (access !== 'write') return needs;
  for (const table of WRITTEN) needs.push(['INSERT', table, 'table'], ['UPDATE', table, 'table']);
  needs.push(['USAGE', 'hypertune_outputs_seq_seq', 'sequence'], ['EXECUTE', CREATE_TRIAL, 'function']);
  return needs;
}

/** The role as the server knows it (the URL's user, or ?user=, or PGUSER), and what it lacks. */
interface Missing {
  role: string;
  privileges: string[];
}

/**
 * The privileges `access` needs that the role lacks, grouped by object (`SELECT, INSERT on hypertune_trials`);
 * one round trip. Objects its search_path does not find are left out: their absence fails on its own.
 */
export async function missingPrivileges(client: PoolClient, access: StoreAccess): Promise<Missing> {
  const needs = needed(access);
  const rows = needs.map((_, i) => `($${3 * i + 1}::text, $${3 * i + 2}::text, $${3 * i + 3}::text)`).join(', ');
  const result = await client.query<{ privilege: string; object: string; kind: string; role: string }>(
    `SELECT privilege, object, kind, current_user AS role FROM (VALUES ${rows}) AS n (privilege, object, kind)
      WHERE CASE kind
        WHEN 'table' THEN to_regclass(object) IS NOT NULL AND NOT has_table_privilege(to_regclass(object), privilege)
        WHEN 'sequence' THEN to_regclass(object) IS NOT NULL AND NOT has_sequence_privilege(to_regclass(object), privilege)
        ELSE to_regprocedure(object) IS NOT NULL AND NOT has_function_privilege(to_regprocedure(object), privilege)
      END`,
    needs.flat(),
  );
  const byObject = new Map<string, string[]>();
  for (const row of result.rows) {
    const object = row.kind === 'table' ? row.object : `${row.kind} ${row.object.replace(/\(.*/, '')}`;
    byObject.set(object, [...(byObject.get(object) ?? []), row.privilege]);
  }
  return { role: result.rows[0]?.role ?? '', privileges: [...byObject].map(([object, privileges]) => `${privileges.join(', ')} on ${object}`) };
}

function lacking(missing: Missing): string {
  return `the role "${missing.role}" lacks ${missing.privileges.join('; ')} (the tables' owner grants them: ${GRANTS_DOC})`;
}

/** Refuses a role that lacks what `access` needs, before a run starts a trial whose result it could not record (a user audit). */
export async function requirePrivileges(client: PoolClient, target: PostgresTarget, access: StoreAccess): Promise<void> {
  const missing = await missingPrivileges(client, access);
  if (missing.privileges.length > 0) throw new RuntimeFailure(`${describeTarget(target)}: ${lacking(missing)}`);
}

/** Creates or migrates the tables and checks the role's privileges on them for `access`; what fails is one line that says what. */
export async function prepareTables(client: PoolClient, target: PostgresTarget, access: StoreAccess): Promise<void> {
  try {
    await ensureSchema(client);
    await requirePrivileges(client, target, access);
  } catch (error) {
    if (error instanceof RuntimeFailure) throw error;
    const cause = error instanceof SchemaChangeError ? error.cause : error;
    if (isConnectionLoss(cause)) throw connectFailure(target, cause);
    throw setupFailure(target, error, await missingPrivileges(client, access).catch(() => ({ role: '', privileges: [] })));
  }
}

/**
 * A failure once connected, while hypertune checked, made or migrated its tables: what failed, not
 * "cannot connect" (a user audit: a permission denied read as a connection problem). `missing`: what
 * the role lacks, if that could be asked.
 */
function setupFailure(target: PostgresTarget, error: unknown, missing: Missing): RuntimeFailure {
  const cause = error instanceof SchemaChangeError ? error.cause : error;
  const reason = (cause instanceof Error ? cause.message : String(cause)).split('\n')[0] ?? '';
  const where = describeTarget(target);
  if (missing.privileges.length > 0) return new RuntimeFailure(`${where}: ${reason}: ${lacking(missing)}`);
  const doing = error instanceof SchemaChangeError ? (error.from === 0 ? "cannot create hypertune's tables" : `cannot migrate hypertune's tables from schema version ${error.from} to ${error.to}`) : 'cannot read hypertune\'s tables';
  const code = sqlState(cause);
  let hint = '';
  if (code === '3F000') hint = ` (no schema of the role's search_path exists or may be used by it: the role needs USAGE on the schema that holds hypertune's tables, ${GRANTS_DOC})`;
  else if (code === '42501' && error instanceof SchemaChangeError && error.from === 0) hint = ` (the first use of a database needs a role that may create tables in its schema; after that, others need only grants: ${GRANTS_DOC})`;
  else if (code === '42501' && error instanceof SchemaChangeError) hint = ' (a migration needs the tables\' owner: run this hypertune once as that role, e.g. `hypertune studies --storage <url>`)';
  else if (code === '42501') hint = ` (${GRANTS_DOC})`;
  return new RuntimeFailure(`${where}: ${doing}: ${reason}${hint}`);
}
