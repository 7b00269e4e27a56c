// Sign-in: name and password to POST /auth/login; the token is kept in sessionStorage (this tab
// only, gone when it closes).

import type { Api } from '../api/client';
import type { LoginResponse } from '../api/types';
import { onLangChange, t, toggleLang } from '../i18n';
import { h, replaceChildren } from '../ui/dom';
import { problemBox } from '../ui/feedback';

export function loginView(api: Api, onSignedIn: (res: LoginResponse) => void, notice?: string): HTMLElement {
  const root = h('main', { class: 'login', id: 'login' });
  let user = '';
  let password = '';
  let busy = false;
  let error: unknown = null;
  let message = notice ?? '';

  const render = () => {
    const userInput = h('input', {
      class: 'input',
      id: 'login-user',
      name: 'username',
      autocomplete: 'username',
      value: user,
      oninput: (e: Event) => (user = (e.target as HTMLInputElement).value),
    });
    const pwInput = h('input', {
      class: 'input',
      id: 'login-password',
      name: 'password',
      type: 'password',
      autocomplete: 'current-password',
      value: password,
      oninput: (e: Event) => (password = (e.target as HTMLInputElement).value),
    });
    replaceChildren(
      root,
      h(
        'form',
        {
          class: 'login-box',
          id: 'login-form',
          novalidate: true,
          onsubmit: async (e: Event) => {
            e.preventDefault();
            if (busy) return;
            if (!user.trim() || !password) {
              error = null;
              message = t('login.required');
              render();
              return;
            }
            busy = true;
            error = null;
            message = '';
            render();
            try {
              const res = await api.login(user.trim(), password);
              off();
              onSignedIn(res);
            } catch (err) {
              busy = false;
              error = err;
              password = '';
              render();
              root.querySelector<HTMLInputElement>('#login-password')?.focus();
            }
          },
        },
        h('div', { class: 'login-brand' }, h('div', { class: 'logo' }, 'e'), h('div', null, h('h1', null, t('app.title')), h('div', { class: 'muted' }, t('app.short')))),
        h('h2', null, t('login.heading')),
        h('label', { for: 'login-user' }, t('login.user')),
        userInput,
        h('label', { for: 'login-password' }, t('login.password')),
        pwInput,
        message ? h('div', { class: 'notice', role: 'status', id: 'login-message' }, message) : null,
        error ? problemBox(error) : null,
        h('button', { class: 'btn primary wide', type: 'submit', id: 'login-submit', disabled: busy }, busy ? t('login.busy') : t('login.submit')),
        h(
          'button',
          { class: 'btn link', type: 'button', id: 'login-lang', onclick: () => toggleLang() },
          t('header.lang'),
        ),
      ),
    );
    (user ? pwInput : userInput).focus();
  };
  const off = onLangChange(render);
  render();
  return root;
}
