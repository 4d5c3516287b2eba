// A page served by `hypertune report --serve` asks its server every few seconds whether the study
// changed since the page was drawn (the server's ./state, a stamp of its trials and values). Changed,
// it says so in a bar with a reload button, and reloads by itself once the reader has left the page
// alone for a while: a page redrawn under the pointer would lose a slider, a sort or a hover. A page
// opened from a file (report --out) has no stamp and asks nothing.
import { D } from './data.js';
import { el } from './dom.js';

/** Quiet this long (no pointer, key, wheel or scroll), a changed page reloads itself. */
const IDLE_MS = 30_000;
const SCROLL_KEY = 'hypertune-live-scroll';

interface LiveState {
  stamp: string;
  finished: number;
}

export function startLive(): void {
  const stamp = document.body.getAttribute('data-live-stamp');
  if (stamp === null) return;
  const everyMs = Math.max(1, Number(document.body.getAttribute('data-live-every') ?? '5')) * 1000;
  restoreScroll();
  let touchedAt = Date.now();
  for (const kind of ['pointerdown', 'pointermove', 'keydown', 'wheel', 'scroll']) window.addEventListener(kind, () => (touchedAt = Date.now()), { passive: true });
  const bar = el('div', { class: 'live-bar', role: 'status' });
  const drawn = D.counts.complete + D.counts.failed + D.counts.pruned;
  const check = async (): Promise<void> => {
    let now: LiveState;
    try {
      const response = await fetch('state', { cache: 'no-store' });
      now = (await response.json()) as LiveState;
    } catch {
      show(bar, ['The server stopped answering (did hypertune report --serve end?): this page stays as it was drawn.']);
      return;
    }
    if (now.stamp === stamp) return bar.remove();
    const button = el('button', { type: 'button', text: 'Reload' });
    button.addEventListener('click', reload);
    show(bar, [`The study changed since this page was drawn: ${now.finished} finished trial${now.finished === 1 ? '' : 's'} now, ${drawn} here. `, button]);
    if (Date.now() - touchedAt >= IDLE_MS && document.visibilityState === 'visible') reload();
  };
  window.setInterval(() => void check(), everyMs);
}

function show(bar: HTMLElement, children: ReadonlyArray<Node | string>): void {
  bar.replaceChildren(...children);
  if (bar.parentNode === null) document.body.appendChild(bar);
}

function reload(): void {
  sessionStorage.setItem(SCROLL_KEY, String(window.scrollY));
  window.location.reload();
}

/** Back where the reader was before a reload of ours. */
function restoreScroll(): void {
  const y = Number(sessionStorage.getItem(SCROLL_KEY));
  sessionStorage.removeItem(SCROLL_KEY);
  if (y > 0) window.scrollTo(0, y);
}
