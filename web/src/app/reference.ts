// The region's reference data (organisations, grids, stations, response plans), read once after
// sign-in into the store.

import type { Api } from '../api/client';
import type { Store } from '../state/store';
import { toastProblem } from '../ui/feedback';

/** Reads the reference data into the store; false (the problem shown) if it could not be read. */
export async function loadReference(api: Api, store: Store): Promise<boolean> {
  try {
    const [orgs, grids, stations, plans] = await Promise.all([api.organisations(), api.grids(), api.stations(), api.plans()]);
    store.setReference(orgs, grids, stations, plans);
    return true;
  } catch (e) {
    toastProblem(e);
    return false;
  }
}
