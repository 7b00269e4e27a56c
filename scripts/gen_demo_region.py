#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Generates the demo region (data/regions/demo/) from the real data in data/.

Real: the fire stations (DataSF City Facilities, data/sources/sf-fire-stations.geojson), the hospitals with an emergency department
(DataSF Health Care Facilities, data/sources/sf-hospitals.geojson) and the bounding box of the
northern San Francisco OSM extract (data/roads/sf-north.osm.gz). Synthetic: the organisation tree, departments, phone numbers,
grids and the unit mix. See data/PROVENANCE.md. The plans in plans/ are written by hand, not by
this script.

Usage: scripts/gen_demo_region.py [--out data/regions/demo] [--sources data/sources]
                                  [--roads data/roads/sf-north.osm.gz]
Python 3 standard library only. The output is deterministic; commit it.
"""

import argparse
import gzip
import json
import re
import sys
from pathlib import Path

ROWS = 4  # south (0) → north
COLS = 8  # west (0) → east

# district id, zh, en, columns it spans.
DISTRICTS = [
    ("sf-west", "西区(里士满-要塞)", "Richmond–Presidio District", range(0, 4)),
    ("sf-central", "中区(滨海-太平洋高地)", "Marina–Pacific Heights District", range(4, 6)),
    ("sf-east", "东区(北滩-金融区)", "Northeast District", range(6, 8)),
]

# Towns split each district into a north half (rows 2-3) and a south half (rows 0-1).
# (district, half) → town id, zh, en.
TOWNS = {
    ("sf-west", "north"): ("sf-presidio-street", "要塞街道", "Presidio Street Office"),
    ("sf-west", "south"): ("sf-richmond-street", "里士满街道", "Richmond Street Office"),
    ("sf-central", "north"): ("sf-marina-street", "滨海街道", "Marina Street Office"),
    ("sf-central", "south"): ("sf-pacific-heights-street", "太平洋高地街道",
                              "Pacific Heights Street Office"),
    ("sf-east", "north"): ("sf-north-beach-street", "北滩街道", "North Beach Street Office"),
    ("sf-east", "south"): ("sf-nob-hill-street", "诺布山街道", "Nob Hill Street Office"),
}

# Communities: (town id, columns) → community id, zh, en. Named after the neighbourhood that
# roughly covers those cells; the boundaries are the lattice's, not the city's.
COMMUNITIES = [
    ("sf-presidio-street", (0, 1), "sf-baker-beach", "贝克海滩社区", "Baker Beach Community"),
    ("sf-presidio-street", (2, 3), "sf-presidio-main-post", "要塞主营区社区",
     "Presidio Main Post Community"),
    ("sf-richmond-street", (0, 1), "sf-central-richmond", "中里士满社区",
     "Central Richmond Community"),
    ("sf-richmond-street", (2, 3), "sf-inner-richmond", "内里士满社区", "Inner Richmond Community"),
    ("sf-marina-street", (4,), "sf-marina", "滨海社区", "Marina Community"),
    ("sf-marina-street", (5,), "sf-russian-hill", "俄罗斯山社区", "Russian Hill Community"),
    ("sf-pacific-heights-street", (4,), "sf-pacific-heights", "太平洋高地社区",
     "Pacific Heights Community"),
    ("sf-pacific-heights-street", (5,), "sf-polk-gulch", "波尔克街社区", "Polk Gulch Community"),
    ("sf-north-beach-street", (6,), "sf-north-beach", "北滩社区", "North Beach Community"),
    ("sf-north-beach-street", (7,), "sf-telegraph-hill", "电报山社区", "Telegraph Hill Community"),
    ("sf-nob-hill-street", (6,), "sf-nob-hill", "诺布山社区", "Nob Hill Community"),
    ("sf-nob-hill-street", (7,), "sf-chinatown-fidi", "唐人街-金融区社区",
     "Chinatown–Financial District Community"),
]

MUTUAL_AID = {
    "sf-west": ["sf-central"],
    "sf-central": ["sf-west", "sf-east"],
    "sf-east": ["sf-central"],
}

# Capabilities per unit kind, in the enum's order (the loader sorts anyway).
ENGINE_CAPS = ["fire_suppression", "water_supply", "bls"]
LADDER_CAPS = ["aerial", "extrication", "search_and_rescue"]
RESCUE_CAPS = ["extrication", "high_angle_rescue", "confined_space", "search_and_rescue"]
HAZMAT_CAPS = ["hazmat", "decontamination"]
MEDIC_CAPS = ["bls", "als"]
BLS_CAPS = ["bls"]

# Station number → extra units beyond its engine. Modelled on a typical urban US fire department
# (trucks at about half the houses, a few rescue squads, one hazmat unit, medics spread out); it
# is not SFFD's real roster.
EXTRA_UNITS = {
    2: ["ladder"],
    3: ["ladder", "medic"],
    5: ["ladder", "medic", "command", "reserve_engine"],
    10: ["ladder", "medic"],
    13: ["ladder", "rescue", "hazmat"],
    16: ["medic", "boat"],
    28: ["bls"],
    38: ["rescue", "medic"],
    41: ["bls"],
}
HQ_STATION = 5  # DataSF: "Division 2 Headquarters"; hosts the city's command car

# The "General Acute Care Hospital" rows of DataSF Health Care Facilities inside the box
# (data/sources/sf-hospitals.geojson), by OSHPD id. Every one must be listed here, either as a
# hospital with an emergency department, which becomes a station with an ambulance post
# (急救站, the 120 model), or as left out with the reason; the script stops on an unknown one.
# OSHPD id → (station id suffix, zh name, English name, ambulance kind, unit id).
HOSPITALS = {
    "106380857": ("kaiser", "凯撒医疗旧金山医院", "Kaiser Permanente San Francisco Medical Center",
                  "medic", "M121"),
    "106380960": ("saint-francis", "圣弗朗西斯纪念医院", "Saint Francis Memorial Hospital",
                  "medic", "M122"),
    "106382715": ("chinese", "东华医院", "Chinese Hospital", "bls", "A123"),
}
HOSPITALS_LEFT_OUT = {
    "106380895": "UCSF Mount Zion: no emergency department",
    "106380929": "CPMC Pacific Campus: its emergency department moved to Van Ness in 2019",
    "106380777": "CPMC California West: closed in 2019 (moved to the Van Ness campus)",
    "106380826": "CPMC California East: closed in 2019 (moved to the Van Ness campus)",
}


def toml_str(s):
    # A JSON string without ASCII escaping is a valid TOML basic string.
    return json.dumps(s, ensure_ascii=False)


def toml_list(items):
    return "[" + ", ".join(toml_str(i) for i in items) + "]"


def read_bounds(osm_path):
    opener = gzip.open if str(osm_path).endswith(".gz") else open
    with opener(osm_path, "rt", encoding="utf-8") as f:
        for _ in range(20):
            line = f.readline()
            m = re.search(r"<bounds\s+([^>]*)/>", line)
            if m:
                attrs = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
                return (float(attrs["minlat"]), float(attrs["minlon"]),
                        float(attrs["maxlat"]), float(attrs["maxlon"]))
    sys.exit(f"{osm_path}: no <bounds> element in the first lines")


def edges(lo, hi, n):
    # Rounded once, so neighbouring cells share bit-identical edge coordinates.
    return [round(lo + (hi - lo) * k / n, 6) for k in range(n + 1)]


def district_of_col(col):
    for d in DISTRICTS:
        if col in d[3]:
            return d[0]
    raise ValueError(col)


def community_of_cell(row, col):
    half = "north" if row >= ROWS // 2 else "south"
    town = TOWNS[(district_of_col(col), half)][0]
    for c in COMMUNITIES:
        if c[0] == town and col in c[1]:
            return c
    raise ValueError((row, col))


class Phones:
    # 555-0100 … 555-0199 are reserved for fiction by the North American Numbering Plan.
    def __init__(self):
        self.n = 100

    def next(self):
        p = f"+1-415-555-{self.n:04d}"
        self.n += 1
        assert self.n <= 200, "ran out of fictional numbers"
        return p


def gen_region(out):
    phones = Phones()
    lines = [
        "# Demo region: northern San Francisco. The organisation tree, departments and phone numbers",
        "# are synthetic (see data/PROVENANCE.md); generated by scripts/gen_demo_region.py.",
        "",
        "[region]",
        'id = "bay-area-demo"',
        f'name = {toml_str("湾区应急联动区域")}',
        'name_en = "Bay Area emergency region"',
    ]

    def org(oid, zh, en, tier, parent, depts, aid=()):
        lines.append("")
        lines.append("[[organisations]]")
        lines.append(f"id = {toml_str(oid)}")
        lines.append(f"name = {toml_str(zh)}")
        lines.append(f"name_en = {toml_str(en)}")
        lines.append(f"tier = {toml_str(tier)}")
        if parent:
            lines.append(f"parent = {toml_str(parent)}")
        if aid:
            lines.append(f"mutual_aid = {toml_list(aid)}")
        for kind, dzh, den in depts:
            lines.append("")
            lines.append("  [[organisations.departments]]")
            lines.append(f"  kind = {toml_str(kind)}")
            lines.append(f"  name = {toml_str(dzh)}")
            lines.append(f"  name_en = {toml_str(den)}")
            lines.append(f"  phone = {toml_str(phones.next())}")

    org("bay-area", "湾区应急联动区域", "Bay Area emergency region", "region", None, [
        ("emergency_management", "区域应急联动指挥中心", "Regional emergency coordination center"),
        ("fire", "区域消防救援总队", "Regional fire and rescue command"),
        ("health", "区域卫生应急办公室", "Regional health emergency office"),
        ("meteorology", "区域气象台", "Regional weather office"),
        ("communications", "区域应急通信保障中心", "Regional emergency communications office"),
    ])
    org("sf", "旧金山市", "San Francisco", "city", "bay-area", [
        ("emergency_management", "旧金山市应急管理局", "SF Department of Emergency Management"),
        ("fire", "旧金山市消防局", "SF Fire Department"),
        ("police", "旧金山市警察局", "SF Police Department"),
        ("medical", "旧金山市急救中心(120)", "SF Emergency Medical Services Agency"),
        ("health", "旧金山市公共卫生局", "SF Department of Public Health"),
        ("transport", "旧金山市交通局", "SF Municipal Transportation Agency"),
        ("water", "旧金山市公用事业委员会(供水)", "SF Public Utilities Commission (water)"),
        ("power", "电力公司旧金山分部", "Electric utility, San Francisco division"),
        ("gas", "燃气公司旧金山分部", "Gas utility, San Francisco division"),
        ("civil_affairs", "旧金山市民政局", "SF Human Services Agency"),
        ("housing", "旧金山市建筑检查局", "SF Department of Building Inspection"),
        ("publicity", "旧金山市政府新闻办公室", "SF City press office"),
    ])
    for did, dzh, den, _ in DISTRICTS:
        short_zh = dzh.split("(")[0]
        org(did, dzh, den, "district", "sf", [
            ("emergency_management", f"{short_zh}应急管理办公室",
             f"{den} emergency management office"),
            ("fire", f"{short_zh}消防救援大队", f"{den} fire battalion"),
            ("police", f"{short_zh}警察分局", f"{den} police station"),
        ], MUTUAL_AID.get(did, ()))
    for (did, _half), (tid, tzh, ten) in TOWNS.items():
        org(tid, tzh, ten, "town", did, [
            ("emergency_management", f"{tzh}应急办", f"{ten} emergency office"),
            ("police", f"{tzh}派出所", f"{ten} police post"),
        ])
    for tid, _cols, cid, czh, cen in COMMUNITIES:
        org(cid, czh, cen, "community", tid, [
            ("emergency_management", f"{czh}网格工作站", f"{cen} grid workstation"),
        ])
    (out / "region.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def gen_grids(out, bounds):
    minlat, minlon, maxlat, maxlon = bounds
    lat_e = edges(minlat, maxlat, ROWS)
    lon_e = edges(minlon, maxlon, COLS)
    per_community = {}
    features = []
    for row in range(ROWS):
        for col in range(COLS):
            _tid, _cols, cid, czh, cen = community_of_cell(row, col)
            n = per_community[cid] = per_community.get(cid, 0) + 1
            w, e, s, nn = lon_e[col], lon_e[col + 1], lat_e[row], lat_e[row + 1]
            ring = [[w, s], [e, s], [e, nn], [w, nn], [w, s]]  # counter-clockwise, RFC 7946
            features.append({
                "type": "Feature",
                "properties": {
                    "id": f"sf-g-r{row + 1}c{col + 1}",
                    "name": f"{czh.removesuffix('社区')}第{n}网格",
                    "name_en": f"{cen.removesuffix(' Community')} grid {n}",
                    "community": cid,
                },
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            })
    # One feature per line keeps the file diffable and lets the loader report useful lines.
    body = ",\n".join("  " + json.dumps(f, ensure_ascii=False) for f in features)
    text = '{"type": "FeatureCollection",\n "features": [\n' + body + "\n ]\n}\n"
    (out / "grids.geojson").write_text(text, encoding="utf-8")
    return len(features)


def load_stations(sources, bounds):
    minlat, minlon, maxlat, maxlon = bounds
    src = sources / "sf-fire-stations.geojson"
    data = json.loads(src.read_text(encoding="utf-8"))
    lon_e = edges(minlon, maxlon, COLS)
    stations = []
    for f in data["features"]:
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"]
        if not (minlat <= lat <= maxlat and minlon <= lon <= maxlon):
            continue
        num = int(re.search(r"#(\d+)", p["common_name"]).group(1))
        col = max(i for i in range(COLS) if lon_e[i] <= lon)
        stations.append({
            "num": num,
            "lat": round(lat, 6),
            "lon": round(lon, 6),
            "address": f'{p["address"]}, San Francisco, CA {p["zip_code"]}',
            "hq": "Headquarters" in p["common_name"],
            "common_name": p["common_name"],
            "district": district_of_col(col),
        })
    stations.sort(key=lambda s: s["num"])
    return stations


def load_hospitals(sources, bounds):
    minlat, minlon, maxlat, maxlon = bounds
    src = sources / "sf-hospitals.geojson"
    data = json.loads(src.read_text(encoding="utf-8"))
    lon_e = edges(minlon, maxlon, COLS)
    hospitals = []
    for f in data["features"]:
        p = f["properties"]
        lon, lat = f["geometry"]["coordinates"]
        if not (minlat <= lat <= maxlat and minlon <= lon <= maxlon):
            continue
        if p["facility_type"] != "General Acute Care Hospital":
            continue
        oshpd = p["oshpd_id"]
        if oshpd in HOSPITALS_LEFT_OUT:
            continue
        if oshpd not in HOSPITALS:
            sys.exit(f"{src}: {p['facility_name']} (OSHPD {oshpd}) is neither in HOSPITALS nor "
                     "in HOSPITALS_LEFT_OUT")
        key, zh, en, ambulance, unit = HOSPITALS[oshpd]
        col = max(i for i in range(COLS) if lon_e[i] <= lon)
        hospitals.append({
            "id": f"sf-hosp-{key}",
            "zh": zh,
            "en": en,
            "lat": round(lat, 6),
            "lon": round(lon, 6),
            "address": f'{p["address"].title()}, San Francisco, CA',
            "district": district_of_col(col),
            "ambulance": ambulance,
            "unit": unit,
        })
    found = {h["id"] for h in hospitals}
    missing = [k for k, v in HOSPITALS.items() if f"sf-hosp-{v[0]}" not in found]
    if missing:
        sys.exit(f"{src}: no feature in the box for OSHPD {sorted(missing)}")
    hospitals.sort(key=lambda h: h["lon"])  # west → east, like the districts
    return hospitals


def gen_stations(out, stations, hospitals):
    lines = [
        "# Real SFFD stations and hospitals with an emergency department inside the bounding",
        "# box of the northern SF OSM extract (DataSF City Facilities and Health Care",
        "# Facilities, public domain); org assignment is synthetic. Generated by",
        "# scripts/gen_demo_region.py; see data/PROVENANCE.md.",
    ]
    for s in stations:
        n = s["num"]
        zh = f"第{n}消防站"
        en = f"Fire Station {n}"
        if s["hq"]:
            div = re.search(r"Division (\d+)", s["common_name"]).group(1)
            zh += f"(第{div}分区指挥部)"
            en += f" (Division {div} HQ)"
        lines += [
            "",
            "[[stations]]",
            f'id = "sf-fs-{n:02d}"',
            f"name = {toml_str(zh)}",
            f"name_en = {toml_str(en)}",
            'kind = "fire_station"',
            f'org = "{s["district"]}"',
            f'lat = {s["lat"]:.6f}',
            f'lon = {s["lon"]:.6f}',
            f"address = {toml_str(s['address'])}",
        ]
    for h in hospitals:
        lines += [
            "",
            "[[stations]]",
            f'id = "{h["id"]}"',
            f"name = {toml_str(h['zh'])}",
            f"name_en = {toml_str(h['en'])}",
            'kind = "hospital"',
            f'org = "{h["district"]}"',
            f'lat = {h["lat"]:.6f}',
            f'lon = {h["lon"]:.6f}',
            f"address = {toml_str(h['address'])}",
        ]
    (out / "stations.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")


HAND_MARKER = "# ----------------------------------------------------------------------------------------" \
    "-----\n# Written by hand"


def gen_units(out, stations, hospitals):
    kinds = {
        "engine": ("engine", "E{n}", "水罐车", "Engine", ENGINE_CAPS, 4),
        "reserve_engine": ("engine", "E3{n:02d}", "备用水罐车", "Reserve Engine", ENGINE_CAPS, 4),
        "ladder": ("ladder", "T{n}", "登高平台车", "Truck", LADDER_CAPS, 4),
        "rescue": ("rescue", "RS{n}", "抢险救援车", "Rescue Squad", RESCUE_CAPS, 5),
        "hazmat": ("hazmat", "HM{n}", "危化品救援车", "Hazmat", HAZMAT_CAPS, 4),
        "medic": ("ambulance", "M{n}", "救护车(高级生命支持)", "Medic", MEDIC_CAPS, 2),
        "bls": ("ambulance", "A{n}", "救护车(基础生命支持)", "BLS Ambulance", BLS_CAPS, 2),
        "command": ("command", "C1", "市消防局指挥车", "City Command Car", ["command"], 2),
        "boat": ("boat", "B{n}", "冲锋舟", "Rescue Boat", ["water_rescue"], 3),
    }
    lines = [
        "# Synthetic unit mix at the real stations of stations.toml (not SFFD's actual roster).",
        "# Generated by scripts/gen_demo_region.py; see data/PROVENANCE.md.",
    ]
    count = 0
    for s in stations:
        n = s["num"]
        for kind in ["engine"] + EXTRA_UNITS.get(n, []):
            utype, callsign, zh, en, caps, crew = kinds[kind]
            uid = callsign.format(n=n)
            lines += [
                "",
                "[[units]]",
                f'id = "{uid}"',
                f"name = {toml_str(f'第{n}消防站 {zh} {uid}')}",
                f"name_en = {toml_str(f'Station {n} {en} {uid}')}",
                f'type = "{utype}"',
                f"capabilities = {toml_list(caps)}",
                f'station = "sf-fs-{n:02d}"',
            ]
            if kind == "command":
                lines.append('org = "sf"  # the city fire department, not the district')
            lines.append(f"crew = {crew}")
            if kind == "reserve_engine":
                lines.append('status = "out_of_service"  # reserve apparatus, not staffed')
            count += 1
    # One ambulance at each hospital's emergency department (急救站 of the city's 120 centre).
    for h in hospitals:
        _utype, _callsign, zh, en, caps, crew = kinds[h["ambulance"]]
        uid, hzh, hen = h["unit"], h["zh"], h["en"]
        lines += [
            "",
            "[[units]]",
            f'id = "{uid}"',
            f"name = {toml_str(f'{hzh}急救站 {zh} {uid}')}",
            f"name_en = {toml_str(f'{hen} EMS post {en} {uid}')}",
            'type = "ambulance"',
            f"capabilities = {toml_list(caps)}",
            f'station = "{h["id"]}"',
            'org = "sf"  # the city\'s emergency medical services centre (120), not the district',
            f"crew = {crew}",
        ]
        count += 1
    # The hand-written units at the end of the file (see its comment) are kept as they are.
    path = out / "units.toml"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    at = old.find(HAND_MARKER)
    hand = "\n" + old[at:] if at >= 0 else ""
    path.write_text("\n".join(lines) + "\n" + hand, encoding="utf-8")
    return count + hand.count("[[units]]")


def main():
    root = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=root / "data" / "regions" / "demo")
    ap.add_argument("--sources", type=Path, default=root / "data" / "sources")
    ap.add_argument("--roads", type=Path, default=root / "data" / "roads" / "sf-north.osm.gz")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    bounds = read_bounds(args.roads)
    stations = load_stations(args.sources, bounds)
    assert any(s["num"] == HQ_STATION and s["hq"] for s in stations), "HQ station not in the box"
    hospitals = load_hospitals(args.sources, bounds)
    gen_region(args.out)
    grids = gen_grids(args.out, bounds)
    gen_stations(args.out, stations, hospitals)
    units = gen_units(args.out, stations, hospitals)
    orgs = 2 + len(DISTRICTS) + len(TOWNS) + len(COMMUNITIES)
    print(f"bounds {bounds}: {orgs} organisations, {grids} grids, {len(stations)} fire stations "
          f"({', '.join(str(s['num']) for s in stations)}), {len(hospitals)} hospitals "
          f"({', '.join(h['id'] for h in hospitals)}), {units} units → {args.out}")


if __name__ == "__main__":
    main()
