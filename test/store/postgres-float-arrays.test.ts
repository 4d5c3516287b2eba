import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { parseFloatArray } from '../../src/store/postgres/float-arrays.js';

const url = process.env['HYPERTUNE_TEST_POSTGRES'];
const onServer = it.skipIf(!url);
const onServerTitle = url ? 'come back from the server exactly as written, through the connection settings of the store' : 'come back from the server exactly as written (skipped: HYPERTUNE_TEST_POSTGRES is not set)';
const pgParse = pg.types.getTypeParser(1022, 'text') as (text: string) => unknown;

// every kind of double a program prints: NaN and the infinities (kept as such), -0, the smallest and largest
const tricky = [0.5, -0, 1e-7, 5e-324, 1.7976931348623157e308, -2.2250738585072014e-308, 0.1 + 0.2, NaN, Infinity, -Infinity, 123456789.125, -3];

describe('float arrays read from PostgreSQL', () => {
  it('split at commas give what pg-types gives, a character at a time', () => {
    const texts = ['{}', '{1}', '{NaN,Infinity,-Infinity,-0}', '{0.5,NULL,2}', `{${Array.from({ length: 300 }, (_, i) => (i * 0.37 - 50) / 7).join(',')}}`];
    for (const text of texts) expect(parseFloatArray(text)).toEqual(pgParse(text));
  });

  onServer(onServerTitle, async () => {
    const { fastTypes } = await import('../../src/store/postgres/float-arrays.js');
    const client = new pg.Client({ connectionString: url, types: fastTypes });
    await client.connect();
    try {
      const random = Array.from({ length: 2000 }, () => (Math.random() - 0.5) * 10 ** Math.floor(Math.random() * 40 - 20));
      const values = [...tricky, ...random];
      const { rows } = await client.query<{ values: number[]; none: number[] }>('SELECT $1::double precision[] AS values, $2::double precision[] AS none', [values.map((value) => (Object.is(value, -0) ? '-0' : String(value))), []]);
      expect(rows[0]?.values).toEqual(values);
      expect(Object.is(rows[0]?.values[1], -0)).toBe(true);
      expect(rows[0]?.none).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
