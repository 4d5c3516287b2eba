import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { RuntimeFailure } from '../errors.js';
import { proposeOptionsOf } from '../loop/index.js';
import type { LivePage, ReportAssets } from '../report/html/page.js';
import { buildReportHtml } from '../report/html/report.js';
import { rerunHint, widenHint } from './rerun-hint.js';
import { resumeRunningQueued } from './queued-resume.js';
import type { LoadedStudy } from './study-store.js';

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

/** The report of a study as loaded now; `live`: served by report --serve. */
export function studyReportHtml(loaded: Omit<LoadedStudy, 'locationFlags'> & { locationFlags: readonly string[] }, live?: LivePage): string {
  const { state, space, settings, readAt, locationFlags } = loaded;
  return buildReportHtml({
    space,
    state,
    metric: settings.metric,
    goal: settings.goal,
    objective: settings.objective,
    optimizer: proposeOptionsOf(settings, state.target),
    timeBudgetS: settings.timeBudgetS,
    stop: settings.stop,
    generatedAt: new Date(readAt),
    assets: readReportAssets(),
    rerunHint: rerunHint(state.meta.name, [...locationFlags]),
    widenHint: widenHint(state.meta.name, [...locationFlags], state.meta.command),
    resumeHint: resumeRunningQueued(state, state.meta.name, [...locationFlags]),
    ...(live === undefined ? {} : { live }),
  });
}

