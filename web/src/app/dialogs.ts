// The dialogs that ask before a command: an incident's new level with the reason, and the incident
// to merge one into.

import type { Api } from '../api/client';
import type { Level } from '../api/types';
import { LEVELS } from '../api/types';
import { t } from '../i18n';
import { h, replaceChildren } from '../ui/dom';
import { modal, problemBox, toast } from '../ui/feedback';
import { levelLabel } from '../ui/labels';

/**
 * A modal form: the fields, a place for a problem, Cancel and the OK button. `submit` shows a
 * problem with `fail` (e.g. a server refusal), or calls `close`.
 */
function formDialog(
  title: string,
  ids: { dialog: string; ok: string },
  okLabel: string,
  fields: HTMLElement[],
  submit: (close: () => void, fail: (problem: HTMLElement) => void) => Promise<void>,
): void {
  const problem = h('div');
  const form = h(
    'form',
    {
      class: 'dialog-body',
      onsubmit: (e: Event) => {
        e.preventDefault();
        return submit(
          () => d.close(),
          (box) => replaceChildren(problem, box),
        );
      },
    },
    ...fields,
    problem,
    h('div', { class: 'dialog-actions' }, h('button', { type: 'button', class: 'btn', onclick: () => d.close() }, t('action.cancelDialog')), h('button', { type: 'submit', class: 'btn primary', id: ids.ok }, okLabel)),
  );
  const d = modal(title, form, { id: ids.dialog });
}

/** Asks for an incident's new level and the reason, and sets it. */
export function levelDialog(api: Api, id: number, current: Level): void {
  let level: Level = current;
  const select = h(
    'select',
    { class: 'input', id: 'level-select', onchange: (e: Event) => (level = (e.target as HTMLSelectElement).value as Level) },
    ...LEVELS.map((l) => h('option', { value: l, selected: l === current }, levelLabel(l))),
  );
  (select as HTMLSelectElement).value = current;
  const reason = h('input', { class: 'input', id: 'level-reason', maxlength: 500 });
  formDialog(
    t('level.title', { id }),
    { dialog: 'level-dialog', ok: 'level-ok' },
    t('action.confirm'),
    [h('label', { for: 'level-select' }, t('new.level')), select, h('label', { for: 'level-reason' }, t('level.reason')), reason],
    async (close, fail) => {
      if (level === current) {
        fail(h('div', { class: 'problem' }, t('level.same')));
        return;
      }
      try {
        await api.incidentLevel(id, level, reason.value.trim());
        close();
        toast('ok', t('action.levelChanged', { id, level: levelLabel(level) }));
      } catch (err) {
        fail(problemBox(err));
      }
    },
  );
}

/** Asks for the incident to merge `id` into (`into` proposed), merges, and calls `merged` with it. */
export function mergeDialog(api: Api, id: number, into: number | undefined, merged: (target: number) => void): void {
  const input = h('input', { class: 'input', id: 'merge-into', inputmode: 'numeric', value: into ?? '' });
  formDialog(
    t('merge.title', { id }),
    { dialog: 'merge-dialog', ok: 'merge-ok' },
    t('action.merge'),
    [h('label', { for: 'merge-into' }, t('merge.into')), input],
    async (close, fail) => {
      const target = Number(input.value.trim().replace(/^#/, ''));
      if (!Number.isInteger(target) || target <= 0 || target === id) {
        fail(h('div', { class: 'problem' }, t('merge.invalid')));
        return;
      }
      try {
        await api.merge(id, target);
        close();
        toast('ok', t('action.merged', { from: id, into: target }));
        merged(target);
      } catch (err) {
        fail(problemBox(err));
      }
    },
  );
}
