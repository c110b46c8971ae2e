/**
 * What every view of the chart page shares: the element helpers (text only through textContent —
 * no innerHTML with data) and the view contract: render from the store's state, dispatch actions,
 * post messages to the host.
 */
import type { WebviewToHost } from '../../src/features/chart/protocol/messages';
import type { Action, State } from '../store';

export interface ViewContext {
  get(): State;
  dispatch(action: Action): void;
  post(message: WebviewToHost): void;
}

/**
 * A view renders the new state; `prev` and `action` say what changed (it redraws only what did);
 * both are null for the first render.
 */
export interface View {
  render(state: State, prev: State | null, action: Action | null): void;
}

export const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
