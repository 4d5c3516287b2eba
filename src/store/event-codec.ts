import type { StudyEvent } from '../study/events.js';

// JSON has no NaN or Infinity, yet programs report them (an intermediate `nan`, a `-inf` loss);
// they are written as {"$float":"NaN"} so a round trip keeps them.
const FLOAT_TAG = '$float';

// a Record, so that an event type added to StudyEvent and forgotten here fails to compile
const KNOWN: Record<StudyEvent['type'], true> = {
  study_created: true,
  target_changed: true,
  budget_changed: true,
  stop_changed: true,
  start_folder_changed: true,
  extras_changed: true,
  trial_asked: true,
  trial_enqueued: true,
  trial_claimed: true,
  trial_started: true,
  trial_heartbeat: true,
  trial_intermediate: true,
  trial_finished: true,
};
const EVENT_TYPES = new Set<string>(Object.keys(KNOWN));

function tagFloat(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? { [FLOAT_TAG]: String(value) } : value;
}

export function encodeEvent(event: StudyEvent): string {
  return JSON.stringify(event, tagFloat);
}

/** Any JSON-safe value (params, meta) as JSON text that keeps non-finite numbers. */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, tagFloat);
}

export function decodeJson(text: string): unknown {
  return text.includes(`"${FLOAT_TAG}"`) ? JSON.parse(text, reviveFloat) : JSON.parse(text);
}

function reviveFloat(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const tagged = (value as Record<string, unknown>)[FLOAT_TAG];
    if (typeof tagged === 'string' && Object.keys(value).length === 1) return Number(tagged);
  }
  return value;
}

/** One journal line back to an event; null for a torn or foreign line (never throws). */
export function decodeEvent(line: string): StudyEvent | null {
  let parsed: unknown;
  try {
    parsed = line.includes(`"${FLOAT_TAG}"`) ? JSON.parse(line, reviveFloat) : JSON.parse(line);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const record = parsed as Record<string, unknown>;
  if (typeof record['type'] !== 'string' || !EVENT_TYPES.has(record['type'])) return null;
  if (record['type'] === 'study_created') {
    if (!isMeta(record['meta'])) return null;
  } else if (record['type'] === 'trial_asked' || record['type'] === 'trial_enqueued' || record['type'] === 'trial_claimed') {
    // a hand-edited record without its worker or params crashed summary and show (a user audit)
    if (typeof record['id'] !== 'number' || !isConfig(record['params']) || (record['type'] !== 'trial_enqueued' && typeof record['worker'] !== 'string')) return null;
  } else if (record['type'] === 'trial_started' || record['type'] === 'trial_heartbeat') {
    if (typeof record['id'] !== 'number' || typeof record['worker'] !== 'string') return null;
    if (record['cwd'] !== undefined && (typeof record['cwd'] !== 'string' || record['cwd'] === '')) return null;
    if (record['leaseUntil'] !== undefined && typeof record['leaseUntil'] !== 'number') return null;
  } else if (record['type'] === 'trial_intermediate') {
    if (typeof record['id'] !== 'number' || typeof record['value'] !== 'number') return null;
  } else if (record['type'] === 'stop_changed') {
    if (!isStopRule(record['stop'])) return null;
  } else if (record['type'] === 'start_folder_changed') {
    if (typeof record['folder'] !== 'string' || record['folder'] === '') return null;
  } else if (record['type'] === 'extras_changed') {
    const names = record['extraMetrics'];
    if (!Array.isArray(names) || !names.every((name) => typeof name === 'string' && name !== '')) return null;
  } else if (record['type'] === 'target_changed') {
    if (!isCount(record['target'])) return null;
  } else if (record['type'] === 'trial_finished') {
    if (typeof record['id'] !== 'number' || !FINISHED_STATES.has(record['state']) || !(record['value'] === null || typeof record['value'] === 'number')) return null;
  } else if (record['type'] !== 'target_changed' && record['type'] !== 'budget_changed' && typeof record['id'] !== 'number') {
    return null;
  }
  return record as unknown as StudyEvent;
}

const FINISHED_STATES = new Set<unknown>(['complete', 'failed', 'pruned', 'interrupted']);
const isCount = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** Whether `type` names a record this version writes (a line of it that does not decode is damage, not a newer version's). */
export function isKnownEventType(type: unknown): boolean {
  return typeof type === 'string' && EVENT_TYPES.has(type);
}

/** A study's meta as written: its name, space text and command (an argument array; empty for a study of ask and tell) at least. */
function isMeta(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const meta = value as Record<string, unknown>;
  const command = meta['command'];
  return typeof meta['name'] === 'string' && typeof meta['spaceText'] === 'string' && Array.isArray(command) && command.every((word) => typeof word === 'string');
}

/** Parameters as written: an object of values. */
function isConfig(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A stop_changed event's rule as written (study/stop-rule.ts): a replay must not meet a torn one. */
function isStopRule(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  const rule = value as Record<string, unknown>;
  const numberOrNull = (x: unknown): boolean => x === null || (typeof x === 'number' && Number.isFinite(x));
  return numberOrNull(rule['at']) && numberOrNull(rule['patience']) && typeof rule['minDelta'] === 'number';
}
