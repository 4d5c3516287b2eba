import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { RuntimeFailure } from '../../errors.js';
import { proposeOptionsOf } from '../../loop/index.js';
import type { ReportAssets } from '../../report/html/page.js';
import { buildReportHtml } from '../../report/html/report.js';
import type { Output } from '../output.js';
import { rerunHint } from '../rerun-hint.js';
import { resumeRunningQueued } from '../queued-resume.js';
import { addStoreOptions, loadStudy, type StoreFlags } from '../study-store.js';
import { writeWholeFile } from '../whole-file.js';

interface ReportFlags extends StoreFlags {
  study?: string;
  out: string;
}

/**
 * The page's script and style sheet as the build bundled them (uPlot inside), to inline into the
 * report; found through package.json's "imports", the same from the CLI bundle and the modules.
 */
function readReportAssets(): ReportAssets {
  const require = createRequire(import.meta.url);
  try {
    return {
      script: readFileSync(require.resolve('#report/client.js'), 'utf8'),
      css: readFileSync(require.resolve('#report/client.css'), 'utf8'),
    };
  } catch (error) {
    throw new RuntimeFailure('cannot read the report page\'s script (dist/report/html/client.js); rebuild or reinstall hypertune (npm run build)', { cause: error });
  }
}

export function registerReport(program: Command, output: Output): void {
  const command = program
    .command('report')
    .summary('write one offline HTML page with every view of a study')
    .description(
      "Write a self-contained HTML report (no network needed): best-so-far curve, learning curves (pruned trials crossed where they stopped), parameter importance, each parameter's effect, parallel coordinates, TPE's densities at every step with a slider, the sortable trial table and the failed trials. Works while the study runs.",
    )
    .option('--study <name>', 'the study (may be left out when the store holds one)')
    .option('-o, --out <file>', 'where to write the page', 'report.html')
    .addHelpText('after', '\nExample:\n  $ hypertune report --study mnist --out mnist.html\n');
  addStoreOptions(command);
  command.action(async (flags: ReportFlags) => {
    const { state, space, settings, readAt, locationFlags } = await loadStudy(flags);
    const html = buildReportHtml({
      space,
      state,
      metric: settings.metric,
      goal: settings.goal,
      objective: settings.objective,
      optimizer: proposeOptionsOf(settings),
      timeBudgetS: settings.timeBudgetS,
      stop: settings.stop,
      generatedAt: new Date(readAt),
      assets: readReportAssets(),
      rerunHint: rerunHint(state.meta.name, locationFlags),
      resumeHint: resumeRunningQueued(state, state.meta.name, locationFlags),
    });
    const path = resolve(flags.out);
    try {
      writeWholeFile(path, html);
    } catch (error) {
      throw new RuntimeFailure(`cannot write the report to ${path}: ${(error as Error).message}`, { cause: error });
    }
    output.out(`Wrote ${flags.out} (${state.trials.length} trial${state.trials.length === 1 ? '' : 's'}, ${Math.ceil(Buffer.byteLength(html) / 1024)} KB); open it in any browser, no network needed.\n`);
  });
}
