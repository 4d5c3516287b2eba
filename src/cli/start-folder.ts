// Where a resume runs a study's trials (under --cwd start): the folder the study was started from, as
// `resume --here` last re-pointed it. A moved or cloned project no longer has that folder, and the note
// saying so came at every resume with no way to make it stop (an iterative user's audit).

/** What a resume does about the study's start folder. */
export interface ResumeFolder {
  /** The folder the trials run in; undefined: here (this process's folder). */
  cwd: string | undefined;
  /** The folder `--here` records as the study's from now on; null: nothing to record. */
  record: string | null;
  /** One line for stderr (after `hypertune: note: `), or null when there is nothing to say. */
  note: string | null;
}

/**
 * `stored`: the study's start folder (studyStartFolder), null for a study stored without one;
 * `storedExists`: whether that folder is there on this machine; `here`: this process's folder;
 * `repoint`: `resume --here` was given.
 */
export function resumeFolder(study: string, stored: string | null, storedExists: boolean, here: string, repoint: boolean): ResumeFolder {
  if (stored === here) return { cwd: stored, record: null, note: null };
  if (repoint) {
    const was = stored === null ? '' : ` (it was ${stored})`;
    return { cwd: here, record: here, note: `study ${study}'s trials run here, in ${here}, from now on${was}` };
  }
  if (stored === null) return { cwd: undefined, record: null, note: null };
  if (storedExists) {
    return { cwd: stored, record: null, note: `study ${study}'s trials run in the folder it was started in, ${stored}, not here (resume --here runs them here from now on)` };
  }
  return {
    cwd: undefined,
    record: null,
    note: `the folder study ${study} was started in, ${stored}, is gone: its trials run here, in ${here} (resume --here makes this the study's folder and ends this note)`,
  };
}
