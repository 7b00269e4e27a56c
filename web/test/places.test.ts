import { describe, expect, it } from 'vitest';

import { unitMarkerHtml } from '../src/map/icons';
import { coordsText, hasPlaceAddress, isInternalReference, placeText } from '../src/ui/labels';

const AT = { lat: 37.80301234, lon: -122.43698765 };

describe('the place of an incident', () => {
  it('is its address when it names one', () => {
    expect(placeText({ address: 'Chestnut Street & Fillmore Street', location: AT })).toBe('Chestnut Street & Fillmore Street');
    expect(placeText({ address: '  2100 Chestnut St ', location: AT })).toBe('2100 Chestnut St');
    expect(placeText({ address: '滨海区 Chestnut St 路段', location: AT })).toBe('滨海区 Chestnut St 路段');
  });

  it('is never an internal reference of a drill or a replayed call log: the coordinates instead', () => {
    for (const ref of ['script:12', 'gen:8', 'sf:123456', ' script:3 ']) {
      expect(isInternalReference(ref), ref).toBe(true);
      expect(hasPlaceAddress(ref), ref).toBe(false);
      expect(placeText({ address: ref, location: AT }), ref).toBe('37.8030, -122.4370');
    }
  });

  it('is the coordinates, rounded to about 10 m, when there is no address', () => {
    expect(placeText({ address: '', location: AT })).toBe('37.8030, -122.4370');
    expect(placeText({ address: null, location: AT })).toBe('37.8030, -122.4370');
    expect(placeText({ location: { lat: -33.9, lon: 151.2 } })).toBe('-33.9000, 151.2000');
    expect(coordsText(AT)).toBe('37.8030, -122.4370');
  });

  it('keeps addresses that only look a little like a reference', () => {
    for (const a of ['Pier 39', 'Pier:39 East', 'Building A:12', '12:30 meeting point', 'Script:12']) {
      expect(isInternalReference(a), a).toBe(false);
      expect(placeText({ address: a, location: AT })).toBe(a);
    }
  });
});

describe('a unit on the map', () => {
  it('is labelled with its id alone, whatever its AVL state', () => {
    for (const avl of ['fresh', 'stale', 'none'] as const) {
      const html = unitMarkerHtml('RS38', 'rescue', 'available', avl, false);
      const label = /<span class="unit-label[^"]*">([^<]*)<\/span>/.exec(html);
      expect(label?.[1], avl).toBe('RS38');
      expect(html).toContain(`avl-${avl}`);
      expect(html).not.toMatch(/[?\uFFFD]/);
    }
  });

  it('puts the label on the side it is asked to (away from the units fanned out beside it)', () => {
    expect(unitMarkerHtml('RS38', 'rescue', 'available', 'none', false, 'left')).toContain('unit-label label-left');
    expect(unitMarkerHtml('E38', 'engine', 'available', 'none', false)).toContain('unit-label label-right');
  });

  it('escapes an id that is not plain text', () => {
    expect(unitMarkerHtml('<b>x', 'engine', 'available', 'fresh', false)).not.toContain('<b>x');
  });
});
