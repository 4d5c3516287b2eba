import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { RuntimeFailure } from '../../errors.js';
import type { Output } from '../output.js';
import { portNumber, serveReport } from '../report-server.js';
import { addStoreOptions, loadStudy, type StoreFlags } from '../study-store.js';
import { studyReportHtml } from '../report-page.js';
import { writeWholeFile } from '../whole-file.js';
import { positiveSeconds } from '../option-parsers.js';

interface ReportFlags extends StoreFlags {
  study?: string;
  out: string;
  serve?: number | true;
  host: string;
  every: number;
}

export function registerReport(program: Command, output: Output): void {
  const command = program
    .command('report')
    .summary('write one offline HTML page with every view of a study, or serve it live')
    .description(
      "Write a self-contained HTML report (no network needed): best-so-far curve, learning curves (pruned trials crossed where they stopped), parameter importance, each parameter's effect, parallel coordinates, TPE's densities at every step with a slider, the sortable trial table and the failed trials. Works while the study runs. With --serve, serve it live instead: the page is drawn afresh at each load, and says when the study has changed since (reloading itself while left alone).",
    )
    .option('--study <name>', 'the study (may be left out when the store holds one)')
    .option('-o, --out <file>', 'where to write the page', 'report.html')
    .option('--serve [port]', 'serve the report live over HTTP on this port instead of writing a file (default 8080; 0: any free port), until Ctrl-C', portNumber)
    .option('--host <address>', 'with --serve: the address to listen on; 0.0.0.0 shows the study to the whole network', '127.0.0.1')
    .option('--every <seconds>', 'with --serve: how often an open page asks whether the study changed', positiveSeconds, 5)
    .addHelpText('after', '\nExamples:\n  $ hypertune report --study mnist --out mnist.html\n  $ hypertune report --study mnist --serve 8080      # then open http://127.0.0.1:8080/ (ssh -L 8080:127.0.0.1:8080 from afar)\n');
  addStoreOptions(command);
  command.action(async (flags: ReportFlags) => {
    if (flags.serve !== undefined) return serveReport({ flags, port: flags.serve === true ? 8080 : flags.serve, host: flags.host, everyS: flags.every }, output);
    const loaded = await loadStudy(flags);
    const html = studyReportHtml(loaded);
    const path = resolve(flags.out);
    try {
      writeWholeFile(path, html);
    } catch (error) {
      // the system's words name the temporary file beside it (a user audit): say what is wrong with the path
      const code = (error as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? `the folder ${dirname(path)} does not exist` : code === 'EACCES' || code === 'EPERM' ? `no permission to write in ${dirname(path)}` : code === 'EISDIR' ? 'it is a folder' : code === 'ENOTDIR' ? 'a part of that path is a file, not a folder' : (error as Error).message;
      throw new RuntimeFailure(`cannot write the report to ${path}: ${why}`, { cause: error });
    }
    const count = loaded.state.trials.length;
    output.out(`Wrote ${flags.out} (${count} trial${count === 1 ? '' : 's'}, ${Math.ceil(Buffer.byteLength(html) / 1024)} KB); open it in any browser, no network needed.\n`);
  });
}
