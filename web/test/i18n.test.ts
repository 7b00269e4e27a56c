import { afterEach, describe, expect, it } from 'vitest';

import { ALERT_LEVELS, INCIDENT_STATUSES, LEVELS, ROLES, SENSOR_KINDS, SENSOR_LEVELS, SOURCES, UNIT_STATUSES, UNIT_TYPES } from '../src/api/types';
import { DICTIONARIES, duration, format, setLangForTest, t, tryT } from '../src/i18n';
import { en } from '../src/i18n/en';
import { zh } from '../src/i18n/zh';
import { ROAD_CLASSES } from '../src/map/geo';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

afterEach(() => setLangForTest('zh'));

describe('dictionaries', () => {
  it('have exactly the same keys in both languages', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('have no empty message', () => {
    for (const [lang, dict] of Object.entries(DICTIONARIES)) {
      for (const [k, v] of Object.entries(dict)) {
        expect(v.trim(), `${lang}:${k}`).not.toBe('');
      }
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(zh[key]));
    }
  });

  it('write Chinese in zh and no Chinese in en', () => {
    const han = /[\u4e00-\u9fff]/;
    // English messages may name the other language only on the language switch.
    const allowed = new Set(['header.lang', 'help.l']);
    for (const [k, v] of Object.entries(en)) if (!allowed.has(k)) expect(han.test(v), `en:${k}`).toBe(false);
    // Every zh message with words in it has Han characters (an English word alone is left in
    // English only on the language switch); a bare template such as '{n}' has no words.
    for (const [k, v] of Object.entries(zh)) {
      const words = v.replace(/\{\w+\}/g, '');
      if (k === 'header.lang' || !/[A-Za-z\u4e00-\u9fff]/.test(words)) continue;
      expect(han.test(words), `zh:${k}`).toBe(true);
    }
  });

  it('name every enumeration the server sends, in both languages', () => {
    const keys = [
      ...UNIT_STATUSES.map((s) => `unitStatus.${s}`),
      ...UNIT_TYPES.map((s) => `unitType.${s}`),
      ...INCIDENT_STATUSES.map((s) => `incidentStatus.${s}`),
      ...LEVELS.map((s) => `level.${s}`),
      ...ALERT_LEVELS.map((s) => `warnLevel.${s}`),
      ...SENSOR_LEVELS.map((s) => `sensorLevel.${s}`),
      ...SENSOR_KINDS.map((s) => `sensorKind.${s}`),
      ...SOURCES.map((s) => `source.${s}`),
      ...ROLES.map((s) => `role.${s}`),
      ...ROAD_CLASSES.map((s) => `roadClass.${s}`),
      ...['natural', 'accident', 'public_health', 'social_safety'].map((s) => `category.${s}`),
    ];
    for (const k of keys) {
      expect(Object.prototype.hasOwnProperty.call(zh, k), k).toBe(true);
      expect(Object.prototype.hasOwnProperty.call(en, k), k).toBe(true);
    }
  });
});

describe('t and format', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
    setLangForTest('zh');
    expect(t('detail.title', { id: 42 })).toBe('事件 42');
    setLangForTest('en');
    expect(t('detail.title', { id: 42 })).toBe('Incident 42');
  });

  it('falls back to the code for an enumeration it does not know', () => {
    setLangForTest('zh');
    expect(tryT('unitStatus.en_route', 'en_route')).toBe('途中');
    expect(tryT('unitStatus.teleporting', 'teleporting')).toBe('teleporting');
  });

  it('writes durations in each language', () => {
    setLangForTest('zh');
    expect(duration(41)).toBe('41秒');
    expect(duration(101)).toBe('1分41秒');
    expect(duration(3 * 3600 + 5 * 60 + 9)).toBe('3小时05分');
    setLangForTest('en');
    expect(duration(101)).toBe('1 min 41 s');
    expect(duration(-5)).toBe('0 s');
  });
});
