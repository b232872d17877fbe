// DOM helpers every page shares. Lookups check the element's class, so a page whose markup lost an
// element fails at once with its id instead of somewhere later with `undefined`.

/** The element `#id`, checked to be a `type` (HTMLElement unless given). */
export function byId(id: string): HTMLElement;
export function byId<T extends HTMLElement>(id: string, type: abstract new () => T): T;
export function byId(id: string, type: abstract new () => HTMLElement = HTMLElement): HTMLElement {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`the page has no ${type.name} #${id}`);
  return node;
}

/** A new element with its text and class. */
export const element = <K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  className?: string,
): HTMLElementTagNameMap[K] => {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
};

/** The inputs of `root` matching `selector` (checkboxes, radios), typed. */
export const inputsOf = (root: ParentNode, selector = 'input'): HTMLInputElement[] =>
  [...root.querySelectorAll(selector)].filter((node) => node instanceof HTMLInputElement);

/** Fills a `<dl>` with label/value rows; a third item is the value's class. */
export const describe = (
  list: HTMLElement,
  rows: readonly (readonly [string, string] | readonly [string, string, string])[],
): void => {
  list.replaceChildren();
  for (const [label, value, className] of rows)
    list.append(element('dt', label), element('dd', value, className));
};
