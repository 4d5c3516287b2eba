// A range that cut the search short, through the built binary: summary, its JSON and the report name the
// best value at the range's end, and the way past it they give (a new study of the widened space that
// learns from this one) runs as given and finds the optimum past the old bound.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hypertune, PROGRAMS, SH, tempDir, writeFile } from './helpers/hypertune.js';

// loop-quadratic.sh reports (x - 0.3)^2: its best x lies past this range's top
const NARROW = 'metric: loss\nparams:\n  x: uniform(-1, 0.1)\n';

describe('summary on a study whose best value is the end of its range', () => {
  it('names it with what the model expects inside, and the commands to search past it, which work as given', async () => {
    const cwd = tempDir();
    writeFile(cwd, 'quad.yaml', NARROW);
    const command = [SH, join(PROGRAMS, 'loop-quadratic.sh')];
    const run = await hypertune(['run', 'quad.yaml', '--trials', '14', '--seed', '3', '--', ...command], { cwd });
    expect(run.exitCode, run.stderr).toBe(0);
    // the end of the run says it in a line, under the best parameters
    expect(run.stdout).toContain('\n  x: 0.1\nAt the end of its range: x 0.1, the top of uniform(-1, 0.1), where the model expects worse inside; if x can go above 0.1, a better one may lie there (summary says how to search there)\nSee more:\n');
    const table = (await hypertune(['summary'], { cwd })).stdout;
    const lines = table.split('\n');
    const at = lines.indexOf("At the end of its range: the best trial's value is a bound, and the model expects worse a tenth of the range inside:");
    expect(at, table).toBeGreaterThan(0);
    expect(lines[at + 1]).toMatch(/^ {2}x 0\.1, the top of uniform\(-1, 0\.1\): loss 0\.09\d* expected at -0\.01, against 0\.0[34]\d* at 0\.1 \([\d.]+ sd apart\); if x can go above 0\.1, a better one may lie there$/);
    const hint = `hypertune summary --study quad --format csv > quad.csv, then widen the range (or add options) in a copy of the space file and run it as a new study that learns from this one: hypertune run quad-wider.yaml --add quad.csv -- ${command.join(' ')}`;
    expect(lines[at + 2]).toBe(`  To search past it: ${hint}`);

    const json = JSON.parse((await hypertune(['summary', '--format', 'json', '--model'], { cwd })).stdout) as { range_edges: Array<Record<string, unknown>> };
    expect(json.range_edges).toEqual([{ param: 'x', value: 0.1, side: 'high', range: 'uniform(-1, 0.1)', options: false, inward: expect.closeTo(-0.01, 12), predicted: expect.closeTo(0.04, 3), inward_predicted: expect.any(Number), z: expect.any(Number) }]);
    expect(json.range_edges[0]?.['z']).toBeGreaterThanOrEqual(2);
    // the report gives summary's lines under the best trial
    expect((await hypertune(['report', '--out', join(cwd, 'r.html')], { cwd })).exitCode).toBe(0);
    expect(readFileSync(join(cwd, 'r.html'), 'utf8')).toContain(`To search past it: ${hint}`);

    // the advice as a user follows it: the results as a CSV, the range widened, a new study that learns from them
    const csv = await hypertune(['summary', '--study', 'quad', '--format', 'csv'], { cwd });
    writeFile(cwd, 'quad.csv', csv.stdout);
    writeFile(cwd, 'quad-wider.yaml', NARROW.replace('uniform(-1, 0.1)', 'uniform(-1, 1)'));
    const wider = await hypertune(['run', 'quad-wider.yaml', '--trials', '20', '--seed', '3', '--add', 'quad.csv', '--', ...command], { cwd });
    expect(wider.exitCode, wider.stderr).toBe(0);
    expect(wider.stdout).not.toContain('At the end of its range');
    const widened = JSON.parse((await hypertune(['summary', '--study', 'quad-wider', '--format', 'json', '--model'], { cwd })).stdout) as { best: { params: { x: number } }; range_edges: unknown[] };
    expect(Math.abs(widened.best.params.x - 0.3)).toBeLessThan(0.02);
    expect(widened.range_edges).toEqual([]);
  });
});
