// Toasts, problem messages and modal dialogs.

import { ApiError } from '../api/client';
import { t } from '../i18n';
import { h } from './dom';

/** A server problem or a network failure in words, in the user's language. */
export function problemText(err: unknown): { title: string; detail: string } {
  if (err instanceof ApiError) {
    if (err.isNetwork) return { title: t('problem.network'), detail: '' };
    const p = err.problem;
    const title = p?.title || (err.status === 403 ? t('problem.forbidden') : t('problem.generic', { status: err.status }));
    const parts: string[] = [];
    if (p?.detail) parts.push(p.detail);
    if (p?.field) parts.push(t('problem.field', { field: p.field }));
    return { title, detail: parts.join(' · ') };
  }
  return { title: t('problem.generic', { status: '—' }), detail: err instanceof Error ? err.message : String(err) };
}

let toastHost: HTMLElement | null = null;

function host(): HTMLElement {
  if (!toastHost || !toastHost.isConnected) {
    toastHost = h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' });
    document.body.appendChild(toastHost);
  }
  return toastHost;
}

export type ToastKind = 'ok' | 'error' | 'info' | 'warn';

export function toast(kind: ToastKind, title: string, detail = '', ms = kind === 'error' ? 8000 : 4000): void {
  const el = h(
    'div',
    { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('div', { class: 'toast-title' }, title),
    detail ? h('div', { class: 'toast-detail' }, detail) : null,
  );
  el.addEventListener('click', () => el.remove());
  host().appendChild(el);
  setTimeout(() => el.remove(), ms);
}

export function toastProblem(err: unknown): void {
  const { title, detail } = problemText(err);
  toast('error', title, detail);
}

/** An inline problem box for panels and dialogs. */
export function problemBox(err: unknown): HTMLElement {
  const { title, detail } = problemText(err);
  const forbidden = err instanceof ApiError && err.status === 403;
  return h(
    'div',
    { class: `problem${forbidden ? ' problem-forbidden' : ''}`, role: 'alert' },
    h('strong', null, title),
    detail ? h('div', { class: 'problem-detail' }, detail) : null,
  );
}

// ---- modal dialogs -----------------------------------------------------------------------------

const openDialogs: { el: HTMLElement; close: () => void }[] = [];

export function closeTopDialog(): boolean {
  const top = openDialogs[openDialogs.length - 1];
  if (!top) return false;
  top.close();
  return true;
}

export function anyDialogOpen(): boolean {
  return openDialogs.length > 0;
}

/** Shows `body` in a modal; `close()` removes it. Esc and a click outside close it too. */
export function modal(title: string, body: HTMLElement, opts: { id?: string; wide?: boolean } = {}): { close: () => void; el: HTMLElement } {
  const previous = document.activeElement as HTMLElement | null;
  const box = h(
    'div',
    { class: `dialog${opts.wide ? ' dialog-wide' : ''}`, role: 'dialog', 'aria-modal': 'true', 'aria-label': title, id: opts.id },
    h('div', { class: 'dialog-head' }, h('h2', null, title), h('button', { class: 'icon-btn', 'aria-label': t('action.cancelDialog'), onclick: () => close() }, '×')),
    body,
  );
  const backdrop = h('div', { class: 'backdrop' }, box);
  backdrop.addEventListener('mousedown', (e) => {
    if (e.target === backdrop) close();
  });
  let closed = false;
  const entry = { el: backdrop, close: () => close() };
  function close(): void {
    if (closed) return;
    closed = true;
    backdrop.remove();
    const i = openDialogs.indexOf(entry);
    if (i >= 0) openDialogs.splice(i, 1);
    previous?.focus?.();
  }
  openDialogs.push(entry);
  document.body.appendChild(backdrop);
  const first = box.querySelector<HTMLElement>('input, select, textarea, button.primary, button:not(.icon-btn)');
  first?.focus();
  return { close, el: box };
}

/** A yes/no question; resolves true on OK. */
export function confirmDialog(question: string, okLabel = t('action.confirm'), danger = false): Promise<boolean> {
  return new Promise((resolve) => {
    let answered = false;
    const ok = h('button', { class: `btn ${danger ? 'danger' : 'primary'}`, id: 'confirm-ok' }, okLabel);
    const cancel = h('button', { class: 'btn' }, t('action.cancelDialog'));
    const body = h('div', { class: 'dialog-body' }, h('p', null, question), h('div', { class: 'dialog-actions' }, cancel, ok));
    const d = modal(question, body);
    const finish = (v: boolean) => {
      if (answered) return;
      answered = true;
      d.close();
      resolve(v);
    };
    ok.addEventListener('click', () => finish(true));
    cancel.addEventListener('click', () => finish(false));
    // Esc or a click outside closes without an answer: treat as no.
    const obs = new MutationObserver(() => {
      if (!d.el.isConnected) {
        obs.disconnect();
        finish(false);
      }
    });
    obs.observe(document.body, { childList: true });
    ok.focus();
  });
}
