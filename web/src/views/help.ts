// The keyboard shortcuts overlay (`?`).

import { t, type MessageKey } from '../i18n';
import { h } from '../ui/dom';
import { modal } from '../ui/feedback';

export const SHORTCUTS: { keys: string[]; label: MessageKey }[] = [
  { keys: ['N'], label: 'help.n' },
  { keys: ['D'], label: 'help.d' },
  { keys: ['V'], label: 'help.v' },
  { keys: ['J'], label: 'help.j' },
  { keys: ['K'], label: 'help.k' },
  { keys: ['F', '/'], label: 'help.f' },
  { keys: ['L'], label: 'help.l' },
  { keys: ['H'], label: 'help.h' },
  { keys: ['Esc'], label: 'help.esc' },
  { keys: ['?'], label: 'help.q' },
];

export function showHelp(): void {
  const body = h(
    'div',
    { class: 'dialog-body' },
    h(
      'table',
      { class: 'shortcuts' },
      h(
        'tbody',
        null,
        ...SHORTCUTS.map((s) =>
          h('tr', null, h('td', null, ...s.keys.map((k, i) => [i > 0 ? ' / ' : '', h('kbd', null, k)])), h('td', null, t(s.label))),
        ),
      ),
    ),
  );
  modal(t('help.title'), body, { id: 'help' });
}
