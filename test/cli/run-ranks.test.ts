import { describe, expect, it } from 'vitest';
import { hypertune, SH, summaryJson, tempDir, writeFile } from './helpers/hypertune.js';

const SPACE = 'metric: val_loss\nparams:\n  x: uniform(-1, 1)\n';

/** Two processes of a data-parallel run, each printing its own share's val_loss (rank 1's 0.01 higher) after every epoch, with PREFIX before it. */
const TWO_RANKS = `for e in 1 2 3; do
  for r in 0 1; do
    printf '%sepoch %s val_loss=%s\\n' "$(printf "$PREFIX" "$r")" "$e" "$(awk -v x="$HP_X" -v e="$e" -v r="$r" 'BEGIN { printf "%.4f", (x - 0.3)^2 + 1/e + r/100 }')"
  done
done
`;

describe('a data-parallel program whose every process prints the metric', () => {
  it("reads torchrun --tee's [default0]: lines only, and keeps the others' in the output", async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    writeFile(dir, 'ddp.sh', TWO_RANKS);
    const run = await hypertune(['run', 'space.yaml', '--trials', '2', '--', SH, 'ddp.sh'], { cwd: dir, env: { PREFIX: '[default%s]:' } });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('times at each of its');
    const { trials } = await summaryJson(dir);
    for (const trial of trials) {
      const x = Number(trial.params['x']);
      const rank0 = [1, 2, 3].map((e) => Number(((x - 0.3) ** 2 + 1 / e).toFixed(4)));
      expect(trial.steps).toEqual([1, 2, 3]);
      expect(trial.intermediate).toEqual(rank0);
      expect(trial.value).toBe(rank0[2]);
    }
    const output = await hypertune(['show', '0', '--output'], { cwd: dir });
    expect(output.stdout).toContain('[default1]:epoch 3 val_loss=');
  });

  it('says once, when its lines carry no tag, that each step came as many times and the last printed is the result', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    writeFile(dir, 'ddp.sh', TWO_RANKS);
    const run = await hypertune(['run', 'space.yaml', '--trials', '2', '--', SH, 'ddp.sh'], { cwd: dir, env: { PREFIX: '' } });
    expect(run.exitCode, run.stderr).toBe(0);
    const said = run.stdout.split('\n').filter((line) => line.includes('times at each of its'));
    expect(said).toEqual([
      'trial 0 printed val_loss 2 times at each of its 3 steps; its result is the last one printed. ' +
        `If several processes print it (torchrun, DDP, accelerate), each prints its own share's value: print it from the first process only (if int(os.environ.get("RANK", "0")) == 0), averaged across them, ` +
        "or show the first process's output only (torchrun --local-ranks-filter 0), or tag the lines (torchrun --tee 3: the [default1]: lines are left out)",
    ]);
  });

  it('says nothing of a program whose steps came unevenly (a last line after the curve, a second phase)', async () => {
    const dir = tempDir();
    writeFile(dir, 'space.yaml', SPACE);
    writeFile(dir, 'train.sh', 'for e in 1 2 3; do echo "epoch $e val_loss=0.$e"; done\necho "val_loss=0.2"\necho "epoch 3 val_loss=0.25"\n');
    const run = await hypertune(['run', 'space.yaml', '--trials', '1', '--', SH, 'train.sh'], { cwd: dir });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).not.toContain('times at each of its');
  });
});
