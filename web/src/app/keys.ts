// The keyboard shortcuts: Escape steps back, N new incident, D dispatch the recommendation, V verify,
// J/K through the queue, F or / the queue's filter, L language, H contrast, ? help.

import type { IncidentStatus } from '../api/types';
import { toggleLang } from '../i18n';
import { isTypingTarget } from '../ui/dom';
import { anyDialogOpen, closeTopDialog } from '../ui/feedback';
import type { AppContext } from '../views/context';
import { showHelp } from '../views/help';
import type { NewIncidentView } from '../views/newIncident';
import type { QueueView } from '../views/queue';

/** What the shortcuts act on. */
export interface KeyTargets {
  app: AppContext;
  queue: QueueView;
  newIncident: NewIncidentView;
  incidentStatus(id: number): IncidentStatus | null;
  toggleContrast(): void;
}

/** The keydown listener for the document. */
export function keyHandler(k: KeyTargets): (e: KeyboardEvent) => void {
  return (e) => onKey(e, k);
}

function onKey(e: KeyboardEvent, k: KeyTargets): void {
  const { app } = k;
  if (e.key === 'Escape') {
    if (closeTopDialog()) return;
    if (isTypingTarget(e.target)) {
      (e.target as HTMLElement).blur();
      return;
    }
    if (k.newIncident.isOpen) {
      app.closeNewIncident();
      return;
    }
    if (app.store.selectedId !== null) app.selectIncident(null);
    return;
  }
  if (e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target) || anyDialogOpen()) return;
  const key = e.key;
  const sel = app.store.selectedId;
  switch (key) {
    case 'n':
    case 'N':
      e.preventDefault();
      app.openNewIncident();
      break;
    case 'd':
    case 'D':
      if (sel !== null) {
        e.preventDefault();
        void app.dispatchRecommended(sel);
      }
      break;
    case 'v':
    case 'V':
      if (sel !== null && k.incidentStatus(sel) === 'reported') {
        e.preventDefault();
        void app.setIncidentStatus(sel, 'verified');
      }
      break;
    case 'j':
    case 'J':
    case 'k':
    case 'K': {
      e.preventDefault();
      const next = k.queue.neighbour(key.toLowerCase() === 'j' ? 1 : -1);
      if (next !== null) app.selectIncident(next, { fly: true });
      break;
    }
    case 'f':
    case 'F':
    case '/':
      e.preventDefault();
      k.queue.focusFilter();
      break;
    case 'l':
    case 'L':
      toggleLang();
      break;
    case 'h':
    case 'H':
      k.toggleContrast();
      break;
    case '?':
      e.preventDefault();
      showHelp();
      break;
    default:
      break;
  }
}
