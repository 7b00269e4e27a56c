// Messages in zh-CN (default) and English. `t` looks a key up in the current language; `loc` picks a
// server-provided {zh, en} name; durations are written the way each language says them.

import type { Lang, Localized } from '../api/types';
import { en } from './en';
import { zh, type MessageKey } from './zh';

export type { MessageKey } from './zh';

export const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { zh, en };

const LANG_KEY = 'elink.lang';
let current: Lang = 'zh';
const listeners = new Set<(lang: Lang) => void>();

export type Params = Record<string, string | number>;

/** Replaces {name} placeholders; an unknown placeholder stays as it is (visible, not hidden). */
export function format(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

export function t(key: MessageKey, params?: Params): string {
  return format(DICTIONARIES[current][key], params);
}

/** A key built at run time (an enumeration code from the server): falls back to the code itself. */
export function tryT(key: string, fallback: string, params?: Params): string {
  const dict = DICTIONARIES[current] as Record<string, string>;
  const s = dict[key];
  return s === undefined ? fallback : format(s, params);
}

export function loc(name: Localized | null | undefined): string {
  if (!name) return '';
  return current === 'zh' ? name.zh || name.en : name.en || name.zh;
}

export function getLang(): Lang {
  return current;
}

/** The value of Accept-Language for the server's problem titles. */
export function acceptLanguage(): string {
  return current === 'zh' ? 'zh-CN,zh;q=0.9' : 'en';
}

export function setLang(lang: Lang): void {
  if (lang === current) return;
  current = lang;
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    /* storage unavailable: the choice lasts for this page */
  }
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const fn of listeners) fn(lang);
}

/** Switches between Chinese and English. */
export function toggleLang(): void {
  setLang(current === 'zh' ? 'en' : 'zh');
}

export function loadLang(): Lang {
  try {
    const saved = localStorage.getItem(LANG_KEY);
    if (saved === 'en' || saved === 'zh') current = saved;
  } catch {
    /* default */
  }
  document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
  return current;
}

export function onLangChange(fn: (lang: Lang) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** For tests: switch without touching the DOM or storage. */
export function setLangForTest(lang: Lang): void {
  current = lang;
}

/** A duration in words: 45秒 / 3分12秒 / 1小时05分 (45 s / 3 min 12 s / 1 h 05 min). */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return t('time.s', { s });
  if (s < 3600) return t('time.ms', { m: Math.floor(s / 60), s: String(s % 60).padStart(2, '0') });
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return t('time.hm', { h, m: String(m).padStart(2, '0') });
}

export function ago(seconds: number): string {
  if (seconds < 5) return t('time.now');
  return t('time.ago', { t: duration(seconds) });
}

/** A local wall-clock time, HH:MM:SS (with the date when not today). */
export function clockTime(iso: string, now: Date = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  const hms = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  const sameDay =
    d.getFullYear() === now.getFullYear() && d.getMonth() === now.getMonth() && d.getDate() === now.getDate();
  return sameDay ? hms : `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${hms}`;
}
