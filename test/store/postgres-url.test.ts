import { describe, expect, it } from 'vitest';
import { asLibpqReadsIt, describeTarget, parsePostgresUrl } from '../../src/store/postgres/connection.js';

describe('parsePostgresUrl, as messages name the server', () => {
  it('names a socket folder written percent-encoded, or as ?host= with ?port= (found by a user audit)', () => {
    expect(describeTarget(parsePostgresUrl('postgresql://tuner:s3cret@%2Ftmp%2Fpg:5544/tuning'))).toBe('PostgreSQL at /tmp/pg:5544, database "tuning"');
    expect(describeTarget(parsePostgresUrl('postgresql:///tuning?host=/tmp/pg&port=5544&user=postgres'))).toBe('PostgreSQL at /tmp/pg:5544, database "tuning"');
    expect(describeTarget(parsePostgresUrl('postgresql://db.example/tuning'))).toBe('PostgreSQL at db.example:5432, database "tuning"');
  });

  it('never keeps the password in what it shows', () => {
    const target = parsePostgresUrl('postgresql://tuner:s3cret@db.example:5433/tuning');
    expect(target.masked).toBe('postgresql://tuner:***@db.example:5433/tuning');
    expect(target.password).toBe('s3cret');
  });
});

describe('asLibpqReadsIt', () => {
  it("asks pg to read sslmode as libpq does, unless the URL says how already; other URLs stay as they are", () => {
    expect(asLibpqReadsIt('postgresql://h/db?sslmode=require')).toBe('postgresql://h/db?sslmode=require&uselibpqcompat=true');
    expect(asLibpqReadsIt('postgresql://h/db?sslmode=require&uselibpqcompat=false')).toBe('postgresql://h/db?sslmode=require&uselibpqcompat=false');
    expect(asLibpqReadsIt('postgresql://h/db')).toBe('postgresql://h/db');
    expect(asLibpqReadsIt('postgresql://h/db?application_name=x')).toBe('postgresql://h/db?application_name=x');
  });
});
