/** Attribute values as the page sets them; `text` sets the text content (never parsed as markup). */
export type Attrs = Record<string, string | number>;
type Child = Node | string | null | undefined;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, children: readonly Child[] = []): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  Object.keys(attrs).forEach((k) => {
    const value = String(attrs[k]);
    if (k === 'text') node.textContent = value;
    else if (k === 'class') node.className = value;
    else node.setAttribute(k, value);
  });
  children.forEach((c) => {
    if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  });
  return node;
}

export function svg(tag: string, attrs: Attrs = {}, parent?: Element): SVGElement {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag) as SVGElement;
  Object.keys(attrs).forEach((k) => {
    const value = String(attrs[k]);
    if (k === 'text') node.textContent = value;
    else node.setAttribute(k, value);
  });
  if (parent) parent.appendChild(node);
  return node;
}

export function widthOf(node: Element): number {
  return Math.max(260, Math.floor(node.getBoundingClientRect().width));
}

function mainElement(): HTMLElement {
  const main = document.querySelector('main');
  if (main === null) throw new Error('the page has no <main>');
  return main;
}

export function appendToMain(node: Node): void {
  mainElement().appendChild(node);
}

/** A card of the page with its title and a one-line hint of how to read it. */
export function section(id: string, title: string, hint: string | null): HTMLElement {
  const card = el('section', { class: 'card', id }, [el('h2', { text: title }), hint ? el('p', { class: 'hint', text: hint }) : null]);
  appendToMain(card);
  return card;
}

export interface Panel {
  box: HTMLDivElement;
  plot: HTMLDivElement;
}

export function panel(parent: Element, title: string, small: string): Panel {
  // a long name is cut with an ellipsis on its panel, whole on hover (it ran into the next panel: a user audit)
  const h = el('h3', { title: title + (small ? '  ' + small : '') }, [title, small ? el('small', { text: '  ' + small }) : null]);
  const plot = el('div', { class: 'plot' });
  const box = el('div', { class: 'panel' }, [h, plot]);
  parent.appendChild(box);
  return { box, plot };
}

/** `label=value` of a trial's line, a long value cut with the whole on hover. */
export function paramPair(label: string, text: string, title: string | null): HTMLSpanElement {
  return el('span', title === null ? {} : { title }, [el('i', { text: label + '=' }), text]);
}

/** Says which parameters a model card left out (a study of many: shown-params.ts) and where to see them. */
export function leftOutNote(card: HTMLElement, shown: number, omitted: number | undefined): void {
  if (omitted === undefined || omitted <= 0) return;
  card.appendChild(
    el('p', {
      class: 'hint omitted',
      text: 'Panels for the ' + shown + ' parameters ranked most important; the other ' + omitted + ' are left out to keep this file small (hypertune explain <label> --at <trial> draws any of them).',
    }),
  );
}
