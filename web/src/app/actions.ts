// The dispatcher's commands: each checks the role, calls the server and reports the outcome in a
// toast (dispatch, incident and unit status, level, merge, notes and tasks).

import { ApiError } from '../api/client';
import type { IncidentStatus, Level, Recommendation, UnitStatus } from '../api/types';
import { t } from '../i18n';
import type { Action } from '../state/roles';
import { confirmDialog, toast, toastProblem } from '../ui/feedback';
import { incidentStatusLabel, unitStatusLabel } from '../ui/labels';
import type { AppContext } from '../views/context';
import { recommendedUnits, type DetailView } from '../views/detail';
import { levelDialog, mergeDialog } from './dialogs';

export class Actions {
  constructor(
    private readonly app: AppContext,
    private readonly detail: DetailView,
  ) {}

  /** Whether the user's role allows `action`; says so in a toast if not. */
  guard(action: Action): boolean {
    if (this.app.can(action)) return true;
    toast('warn', t('action.notPermitted'));
    return false;
  }

  /** An incident's status as the detail panel or the live picture knows it. */
  incidentStatus(id: number): IncidentStatus | null {
    const det = this.detail.current;
    if (det?.id === id && det.detail) return det.detail.status;
    return this.app.store.live.incidents.get(id)?.status ?? null;
  }

  /** Verifies a reported incident first when dispatching to it (the server requires it). */
  private async ensureVerified(id: number): Promise<boolean> {
    let status = this.incidentStatus(id);
    if (status === null) {
      try {
        status = (await this.app.api.incident(id)).status;
      } catch (e) {
        toastProblem(e);
        return false;
      }
    }
    if (status !== 'reported') return true;
    if (!this.guard('verify_incident')) return false;
    try {
      await this.app.api.incidentStatus(id, 'verified');
      return true;
    } catch (e) {
      // Someone else may have verified it meanwhile; the dispatch decides.
      if (e instanceof ApiError && e.status === 409) return true;
      toastProblem(e);
      return false;
    }
  }

  async dispatchRecommended(id: number): Promise<void> {
    if (!this.guard('dispatch')) return;
    let rec: Recommendation | null = null;
    const cur = this.detail.current;
    if (cur?.id === id && cur.rec) rec = cur.rec;
    if (!rec) {
      try {
        rec = await this.app.api.recommendation(id);
      } catch (e) {
        toastProblem(e);
        return;
      }
    }
    const units = recommendedUnits(rec);
    if (units.length === 0) {
      toast('warn', t('action.noneSelected'));
      return;
    }
    if (await this.dispatchUnits(id, units)) this.detail.afterDispatch(id);
  }

  async dispatchUnits(id: number, units: string[]): Promise<boolean> {
    if (!this.guard('dispatch')) return false;
    if (units.length === 0) {
      toast('warn', t('action.noneSelected'));
      return false;
    }
    if (!(await this.ensureVerified(id))) return false;
    try {
      await this.app.api.dispatch(id, units);
      toast('ok', t('action.dispatched', { id, units: units.join(', ') }));
      return true;
    } catch (e) {
      toastProblem(e);
      void this.detail.load(false);
      return false;
    }
  }

  async setIncidentStatus(id: number, to: IncidentStatus): Promise<void> {
    const action: Action = to === 'closed' || to === 'cancelled' ? 'close_incident' : 'verify_incident';
    if (!this.guard(action)) return;
    if (to === 'closed' || to === 'cancelled') {
      const ok = await confirmDialog(t(to === 'closed' ? 'action.confirmClose' : 'action.confirmCancel', { id }), t(to === 'closed' ? 'action.close' : 'action.cancel'), to === 'cancelled');
      if (!ok) return;
    }
    try {
      await this.app.api.incidentStatus(id, to);
      toast('ok', t('action.statusChanged', { id, status: incidentStatusLabel(to) }));
    } catch (e) {
      toastProblem(e);
    }
  }

  changeLevel(id: number, current: Level): void {
    if (!this.guard('change_incident_level')) return;
    levelDialog(this.app.api, id, current);
  }

  merge(id: number, into?: number): void {
    if (!this.guard('merge_incidents')) return;
    mergeDialog(this.app.api, id, into, (target) => this.app.selectIncident(target, { fly: true }));
  }

  async setUnitStatus(unit: string, to: UnitStatus): Promise<void> {
    if (!this.guard('change_unit_status')) return;
    try {
      await this.app.api.unitStatus(unit, to);
      toast('ok', t('action.unitStatusChanged', { unit, status: unitStatusLabel(to) }));
    } catch (e) {
      toastProblem(e);
    }
  }

  // A note for the incident's record; whoever may report may add to a report. True once saved.
  async addNote(incident: number, text: string): Promise<boolean> {
    if (!this.guard('create_incident')) return false;
    try {
      await this.app.api.addNote(incident, { text });
      toast('ok', t('action.noteAdded', { id: incident }));
      return true;
    } catch (e) {
      toastProblem(e);
      return false;
    }
  }

  async updateTask(incident: number, task: number, to: 'acknowledged' | 'done'): Promise<void> {
    if (!this.guard('acknowledge_task')) return;
    try {
      await this.app.api.task(incident, task, to);
      toast('ok', t('action.taskUpdated', { task }));
    } catch (e) {
      toastProblem(e);
    }
  }
}
