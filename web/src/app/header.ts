// The top bar: brand and signed-in user, New incident, connection pill, clock, overview, language,
// contrast, help and sign-out; and the high-contrast preference it switches.

import { getLang, loc, t, toggleLang } from '../i18n';
import { h, replaceChildren } from '../ui/dom';
import { roleLabel } from '../ui/labels';
import type { AppContext } from '../views/context';
import { showHelp } from '../views/help';
import type { SignOutReason } from './session';

const CONTRAST_KEY = 'elink.contrast';

/** Applies the contrast chosen earlier (kept in localStorage). */
export function applySavedContrast(): void {
  document.body.classList.toggle('hc', localStorage.getItem(CONTRAST_KEY) === '1');
}

/** What the top bar needs beyond the views' context. */
export interface HeaderContext extends AppContext {
  signOut(reason?: SignOutReason): void;
}

export class Header {
  constructor(
    readonly el: HTMLElement,
    private readonly app: HeaderContext,
    private readonly connPill: HTMLElement,
  ) {}

  render(): void {
    const canCreate = this.app.can('create_incident');
    replaceChildren(
      this.el,
      h('div', { class: 'brand' }, h('div', { class: 'logo' }, 'e'), h('div', null, h('div', { class: 'brand-title' }, t('app.title')), h('div', { class: 'brand-sub', id: 'header-user' }))),
      canCreate ? h('button', { class: 'btn primary', id: 'btn-new', onclick: () => this.app.openNewIncident() }, '+ ', t('header.newIncident'), h('kbd', null, 'N')) : null,
      h('div', { class: 'spacer' }),
      this.connPill,
      h('span', { class: 'clock', id: 'clock' }),
      h('button', { class: 'btn ghost', id: 'btn-overview', onclick: () => this.app.selectIncident(null) }, t('header.overview')),
      h('button', { class: 'btn ghost', id: 'btn-lang', title: t('header.langTitle'), onclick: () => toggleLang() }, t('header.lang')),
      h(
        'button',
        { class: 'btn ghost', id: 'btn-contrast', title: t('header.contrastTitle'), 'aria-pressed': String(document.body.classList.contains('hc')), onclick: () => this.toggleContrast() },
        '◐ ',
        t('header.contrast'),
      ),
      h('button', { class: 'btn ghost', id: 'btn-help', title: '?', onclick: () => showHelp() }, '? ', t('header.help')),
      h('button', { class: 'btn ghost', id: 'btn-logout', onclick: () => this.app.signOut('login.signedOut') }, t('header.logout')),
    );
    this.renderUser();
    const clock = this.el.querySelector<HTMLElement>('#clock')!;
    const setClock = () => {
      const d = new Date();
      clock.textContent = d.toLocaleTimeString(getLang() === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
    };
    setClock();
    this.app.onTick(setClock);
  }

  /** The signed-in user's name, role and organisation (the organisation's name once the reference data is in). */
  renderUser(): void {
    const el = this.el.querySelector('#header-user');
    const user = this.app.store.user;
    if (!el || !user) return;
    const org = this.app.store.orgById.get(user.org);
    el.textContent = t('header.user', { name: loc(user.display) || user.name, role: roleLabel(user.role), org: org ? loc(org.name) : user.org });
  }

  toggleContrast(): void {
    const on = !document.body.classList.contains('hc');
    document.body.classList.toggle('hc', on);
    localStorage.setItem(CONTRAST_KEY, on ? '1' : '0');
    this.el.querySelector('#btn-contrast')?.setAttribute('aria-pressed', String(on));
    this.app.store.emit('prefs');
  }
}
