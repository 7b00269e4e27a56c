// The region's reference data (organisations, grids, stations, response plans) and the incident
// type catalogue with the duplicate rule, read once after sign-in into the store.

import type { Api } from '../api/client';
import { makeCatalogue } from '../state/catalogue';
import type { Store } from '../state/store';
import { toastProblem } from '../ui/feedback';

/** Reads the reference data into the store; false (the problem shown) if it could not be read. */
export async function loadReference(api: Api, store: Store): Promise<boolean> {
  try {
    const [orgs, grids, stations, plans, types, rule] = await Promise.all([
      api.organisations(),
      api.grids(),
      api.stations(),
      api.plans(),
      api.incidentTypes(),
      api.duplicateRule(),
    ]);
    store.setReference(orgs, grids, stations, plans, makeCatalogue(types, rule));
    return true;
  } catch (e) {
    toastProblem(e);
    return false;
  }
}
