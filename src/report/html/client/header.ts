import { D, isBest } from './data.js';
import { appendToMain, el, paramPair, section } from './dom.js';
import { fmt, valueText } from './format.js';

function chip(name: string, value: number | string, cls: string): HTMLSpanElement {
  return el('span', { class: 'chip ' + cls }, [name + ' ', el('b', { text: String(value) })]);
}

/** Study name, goal, counts by state, and the best trial's value and parameters. */
export function renderHeader(): void {
  const c = D.counts;
  const pruned = c.pruned;
  // a pruned trial counts towards --trials, as a complete or failed one does
  const finished = c.complete + c.failed + pruned;
  const chips = el('div', { class: 'chips' }, [
    chip('finished', D.target === null ? finished : finished + ' / ' + D.target, ''),
    chip('complete', c.complete, ''),
    chip('failed', c.failed, c.failed > 0 ? 'failed' : ''),
    pruned > 0 ? chip('pruned', pruned, 'pruned') : null,
    chip('running', c.running, c.running > 0 ? 'running' : ''),
    chip('interrupted', c.interrupted, ''),
    c.queued > 0 ? chip('queued', c.queued, '') : null,
    chip('trial time', D.trialTime, ''),
  ]);
  // a dead tuner's trials stay running until taken over: the page said 'still running' of a study nothing ran
  const quiet = D.trials.flatMap((t) => (t.silentS === undefined ? [] : [t.silentS]));
  const silent = quiet.length;
  const since = silent === 0 ? '' : ' for ' + silenceText(Math.min(...quiet));
  const liveText = silent === 0 ? ' · still running: a snapshot' : silent === c.running ? ' · ' + (silent === 1 ? 'its running trial has' : 'its ' + silent + ' running trials have') + ' sent no heartbeat' + since + ': the tuner may be gone' : ' · still running: a snapshot (' + silent + ' of its running trials without a heartbeat' + since + ')';
  const live = c.running > 0 ? el('span', { class: 'live', text: liveText }) : null;
  const stopped = D.stoppedEarly === null ? null : el('p', { class: 'sub stopped', text: 'Stopped early: ' + D.stoppedEarly });
  appendToMain(
    el('header', {}, [
      el('h1', {}, [el('span', { class: 'tool', text: 'hypertune · ' }), D.study]),
      el('p', { class: 'sub' }, [D.goal + ' ' + D.metric + (D.result === null ? '' : " (a trial's result is " + D.result + ')') + (D.algo === null ? '' : ' · algo ' + D.algo) + ' · report made ' + D.generatedAt.replace('T', ' ').slice(0, 19) + ' UTC', live]),
      chips,
      stopped,
    ]),
  );
  const card = section('best', 'Best trial', null);
  const trial = D.trials.find(isBest);
  if (D.best === null || trial === undefined) {
    card.appendChild(el('p', { class: 'empty', text: 'No complete trial yet.' }));
    return;
  }
  const kv = el('div', { class: 'kv' }, Object.keys(trial.params).map((k) => {
    const value = valueText(trial.params[k]);
    return paramPair(k, value.text, value.title);
  }));
  card.appendChild(
    el('div', { class: 'best' }, [el('div', { class: 'value', text: fmt(D.best.value) }), el('div', {}, [el('div', { text: D.metric + ' of trial ' + D.best.id }), kv])]),
  );
  // where the best is read: one run of a noisy metric may be the luckiest draw, not the best configuration
  // a noisy metric's best is one draw: its configuration's repeats, as summary gives them
  // and a best value at the end of its range: both as summary's lines, a line that goes on the one before set in
  for (const [lines, cls] of [[D.repeats, 'best-notes'], [D.edges, 'best-notes edges']] as const) {
    if (lines.length > 0) card.appendChild(el('div', { class: cls }, lines.map((line) => el('p', { class: line.startsWith(' ') ? 'more' : '', text: line.trim() }))));
  }
  const noise = D.noise;
  if (noise !== null) {
    // the advice follows what ran (noiseAdvice): run again, queued already, or the means compared
    const command = noise.rerun === null ? null : el('code', { text: noise.rerun });
    card.appendChild(el('p', { class: 'noise-note' }, [el('b', { text: 'Noise: ' }), noise.noise + ' ' + noise.lucky + ' ' + noise.advice, command]));
  }
}

/** `40 s`, `12 min`, `3.5 h`: how long a worker has been silent, roughly. */
function silenceText(seconds: number): string {
  return seconds < 90 ? Math.round(seconds) + ' s' : seconds < 5400 ? Math.round(seconds / 60) + ' min' : (seconds / 3600).toFixed(1) + ' h';
}
