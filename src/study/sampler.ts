import type { TrialSampler } from './types.js';

const SAMPLERS: ReadonlySet<string> = new Set<TrialSampler>(['startup', 'gp', 'tpe', 'random', 'grid', 'added', 'enqueued']);

export function isTrialSampler(value: unknown): value is TrialSampler {
  return typeof value === 'string' && SAMPLERS.has(value);
}

/**
 * What proposed a trial recorded before samplers were: a start-up trial is `startup`; any other was
 * proposed by the study's one algorithm (stored `algo`, `tpe` when absent, as such studies ran).
 * Null when the algorithm chooses per trial (`auto`), which such a record cannot tell.
 */
export function legacySampler(startup: boolean, algo: unknown): TrialSampler | null {
  if (startup) return 'startup';
  if (algo === undefined || algo === null) return 'tpe';
  return algo === 'tpe' || algo === 'random' || algo === 'grid' || algo === 'gp' ? algo : null;
}
