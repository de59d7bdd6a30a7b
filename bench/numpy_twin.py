#!/usr/bin/env python3
"""NumPy twin of the eastward Monte Carlo model as it stands now (src/models/*.ts, src/engine/kernel.ts).

Extended from ../shared/bench/numpy_twin.py (the twin of eastward 0.2, same layout, same summaries):
what the model gained since, all of it written here the way eastward computes it for a scenario
without known values (`run --actuals` is not modelled):
  - the crude discount as a % of Brent, with the price-cap terms (market minus X %, enforcement share);
  - per-path parameter draws (engine/params.ts uncertainParameters, models/parameterDraws.ts):
    Student-t draws around the calibration's estimates, redrawn while out of bounds (at most 20
    redraws, then the point value), the jointly estimated pair drawn together;
  - per-path ranges: pipeline overrun U(0, max), seaborne and rail capacity factors U(1 ± s), the
    settlement ceiling U(min, max);
  - structural breaks (models/breaks.ts): one per energy carrier (crude, LNG, coal), one trade
    break hitting both flows, each ± (threshold + half-normal excess);
  - pipeline utilisation closing its gap to full use, crude demand capped by the routes, China's
    LNG share as a random walk, coal demand at its trend, oil products valued off Brent, damped
    trade trends;
  - the geography section: Dirichlet base shares per path of the commodity groups of both flows,
    their yearly weights, regional Dirichlet shares per group, regional exports/imports and
    rail-borne tonnage, and the routes (projects drawn per path, divert shares, existing routes
    with spill-over, unserved tonnage).
It writes every series the run writes (98 for the baseline, eastward's names and order) and the
scenario's questions.

Vectorised across paths (arrays of shape [paths]), looping over projected years. Reads the
scenario (following "extends"), data/history.csv, data/settlement-statements.csv and
data/calibration.json from the project root, and resolves parameters the way src/engine/params.ts
and the blocks' *Params functions do (scenario value, else the calibration's estimate).
Hard-codes only constants that live in code: 7.33 bbl/t, the 0.05 growth floor, the 0.2 yuan
drift, the 1e-9 logit clamp, the 0.111 historical crude discount of the base-year split, the
t-draw bounds and 20 redraws, the minimum of 4 degrees of freedom.

Random numbers per path-year, as eastward: 17 normals and 6 uniforms (oil 2 + 1, macro 3,
sanctions 1 uniform (+ 1 per scheduled event), energy 4 + 3 breaks × (1 + 1), trade 2 + 1 + 2,
settlement 1). Per path, once: 4 range uniforms, the parameter draws (a normal and a t scale each,
plus redraws), 2 uniforms per infrastructure item and route project, one gamma per non-zero
Dirichlet weight. The t scale's chi-square is one numpy chisquare variate (eastward: 2 · one
gamma draw), and the gammas are numpy's standard_gamma (eastward: Marsaglia–Tsang on its ziggurat
normals): the same distributions by the generators each side has.

Outputs per series and projected year: mean, sd, min, max, p05, p10, p50, p90, p95,
meanStandardError; questions' probabilities; p50/p90 standard errors of the headline series.

Two summary modes:
  --chunk 0   (default): whole run in memory, exact quantiles with np.quantile(method='lower')
              per year on [series, paths] arrays. Memory grows with paths.
  --chunk K : paths simulated K at a time; quantiles from a fixed log-binned histogram
              (0.5 % relative accuracy, like eastward's; settlement.national binned as 1 − x;
              0/1 regime series counted, not binned, as eastward does), moments merged (Chan):
              flat memory.

RNG: numpy PCG64 (default_rng(seed)), not eastward's xoshiro128** streams: results agree in
distribution, not path by path.

Usage (from the project root):
  python3 bench/numpy_twin.py --runs N --seed S --out file.json [--scenario F] [--chunk K]
"""
import argparse
import csv
import json
import math
import os
import sys
import time

import numpy as np

REGIMES = ["easing", "status_quo", "tightening", "secondary"]
DRIVERS = ["oil", "chinaGdp", "russiaGdp", "rub"]
BARRELS_PER_TONNE = 7.33           # src/models/energy.ts
GROWTH_FLOOR = 0.05                # src/models/macro.ts growthFactor
CNY_DRIFT = 0.2                    # src/models/settlement.ts
HISTORY_CRUDE_DISCOUNT = 0.111     # src/models/calibration.ts HISTORY_PRICE_RULES (base-year split)
HIST_GAS, HIST_LNG, HIST_COAL = 3.5, 6.8, 100.0  # HISTORY_PRICE_RULES (oil products' base rate)
MAX_REDRAWS = 20                   # src/models/parameterDraws.ts
MIN_T_DOF = 4                      # src/engine/params.ts MIN_T_DEGREES_OF_FREEDOM
HALF_NORMAL_MEAN_INVERSE = math.sqrt(math.pi / 2)  # src/models/breaks.ts
ENERGY_CARRIERS = ["crude_oil", "oil_products", "pipeline_gas", "lng", "coal"]
BASE_SERIES = ["trade.turnover", "trade.exports_ru_cn", "trade.exports_cn_ru", "oil.brent",
               "energy.crude_oil", "energy.pipeline_gas", "energy.lng", "energy.coal"]
# Estimates each path draws (engine/params.ts DRAWN): name, block, field, scenario pointer, bounds.
DRAWN = [
    ("brentMeanReversionPhi", "oil", "phi", ("oil", "meanReversionPhi"), 0, 0.95),
    ("russiaGrowthOilSensitivityPct", "macro", "beta", ("macro", "russiaGrowthOilSensitivityPct"), 0, 20),
    ("rubOilElasticity", "macro", "eta", ("macro", "rubOilElasticity"), -2, 0),
    ("chineseExportsTrendLogPerYear", "trade", "a_cn", ("trade", "chineseExportsTrendLogPerYear"), -0.3, 0.3),
    ("importIncomeElasticity", "trade", "eps_inc", ("trade", "importIncomeElasticity"), 0, 5),
    ("importRubElasticity", "trade", "eps_fx", ("trade", "importRubElasticity"), 0, 5),
    ("nonEnergyTrendLogPerYear", "trade", "a_ne", ("trade", "nonEnergyTrendLogPerYear"), -0.3, 0.3),
    ("crudeDemandTrendLogPerYear", "energy", "crude_trend", ("energy", "crude", "demandTrendLogPerYear"), -0.3, 0.3),
    ("lngShareTrendLogPerYear", "energy", "lng_trend", ("energy", "lng", "chinaShareTrendLogPerYear"), -0.3, 0.3),
    ("coalDemandTrendLogPerYear", "energy", "coal_trend", ("energy", "coal", "demandTrendLogPerYear"), -0.3, 0.3),
    ("settlementLogitStepPerYear", "settlement", "k_set", ("settlement", "logitStepPerYear"), 0, 5),
]
HEADLINE = ["trade.turnover", "trade.exports_ru_cn", "trade.exports_cn_ru", "trade.balance",
            "energy.crude_oil", "energy.pipeline_gas", "energy.lng", "energy.coal", "oil.brent",
            "settlement.national"]
QS = [0.05, 0.10, 0.45, 0.50, 0.55, 0.85, 0.90, 0.95]  # 0.45/0.55/0.85/0.95 for quantile SEs
QNAMES = {0.05: "p05", 0.10: "p10", 0.50: "p50", 0.90: "p90", 0.95: "p95"}


# ---------------------------------------------------------------- scenario and data
def deep_merge(parent, child):
    """scenario 'extends' (src/scenario/merge.ts): objects deep-merge, lists of items that all
    carry an id merge by id (new ids appended), everything else replaces."""
    if isinstance(parent, dict) and isinstance(child, dict):
        out = dict(parent)
        for k, v in child.items():
            out[k] = deep_merge(parent[k], v) if k in parent else v
        return out
    keyed = lambda lst: isinstance(lst, list) and all(isinstance(x, dict) and isinstance(x.get("id"), str) for x in lst)
    if keyed(parent) and keyed(child) and child:
        out = []
        for x in parent:
            o = next((c for c in child if c["id"] == x["id"]), None)
            out.append(deep_merge(x, o) if o is not None else x)
        ids = {x["id"] for x in parent}
        out.extend(c for c in child if c["id"] not in ids)
        return out
    return child


LIBRARY_SPECIFIER = "eastward/scenarios/"  # src/scenario/load.ts: a scenario of the shipped library


def load_scenario(path, root):
    with open(path) as f:
        s = json.load(f)
    if "extends" in s:
        ext = s["extends"]
        if ext.startswith(LIBRARY_SPECIFIER):
            parent_path = os.path.join(root, "scenarios", ext[len(LIBRARY_SPECIFIER):])
        else:
            parent_path = os.path.join(os.path.dirname(path), ext)
        parent = load_scenario(parent_path, root)
        s = deep_merge(parent, {k: v for k, v in s.items() if k != "extends"})
    return s


def load_history(root):
    hist = {}
    with open(os.path.join(root, "data", "history.csv"), newline="") as f:
        for row in csv.DictReader(f):
            hist.setdefault(row["series"], {})[int(row["year"])] = float(row["value"])
    stmts = []
    with open(os.path.join(root, "data", "settlement-statements.csv"), newline="") as f:
        for row in csv.DictReader(f):
            stmts.append((int(row["date"][:4]), float(row["national_share"])))
    return hist, stmts


def value_at(path, years):
    """Piecewise-linear (year, value) path, flat outside (src/models/yearPath.ts)."""
    return np.interp(np.asarray(years, dtype=float), [p["year"] for p in path], [p["value"] for p in path])


def ramp_share(start, ramp, year):
    """Share of design capacity in `year` (models/infrastructure.ts rampShare)."""
    return np.where(year <= start, 0.0, np.minimum(1.0, (year - start) / ramp))


def get(d, path, default=None):
    for k in path:
        if not isinstance(d, dict) or k not in d:
            return default
        d = d[k]
    return d


def oil_products_rate(hist, through):
    """Oil products and other HS 27 fuels per USD of Brent (models/calibration.ts oilProductsPerUsdBrent)."""
    def four(y):
        if y not in hist.get("energy.crude_oil", {}) or y not in hist.get("oil.brent", {}):
            return None
        b = hist["oil.brent"][y]
        e = hist["energy.crude_oil"][y] * BARRELS_PER_TONNE * b * (1 - HISTORY_CRUDE_DISCOUNT) / 1000
        if y in hist.get("energy.pipeline_gas", {}):
            e += hist["energy.pipeline_gas"][y] * HIST_GAS * b / 1000
        if y in hist.get("energy.lng", {}):
            e += hist["energy.lng"][y] * HIST_LNG * b / 1000
        if y in hist.get("energy.coal", {}):
            e += hist["energy.coal"][y] * HIST_COAL / 1000
        return e
    years = sorted(y for y in hist.get("trade.mineral_fuels_ru_cn", {}) if y <= through and four(y) is not None)
    if not years:
        return 0.0
    y = years[-1]
    return max(0.0, hist["trade.mineral_fuels_ru_cn"][y] - four(y)) / hist["oil.brent"][y]


def items(lst):
    return [dict(cap=i["capacity"], p=i["probabilityBuilt"], e=i["startYear"]["earliest"],
                 l=i["startYear"]["latest"], ramp=i["rampYears"], sanc=i.get("sanctioned", False)) for i in lst]


def series_names(s):
    """Every series a run writes, in eastward's row order (models/series.ts modelSeries)."""
    names = ["trade.turnover", "trade.exports_ru_cn", "trade.exports_cn_ru", "trade.balance",
             "trade.energy_exports_ru_cn", "trade.non_energy_exports_ru_cn", "trade.crude_oil_value",
             "trade.pipeline_gas_value", "trade.lng_value", "trade.coal_value", "trade.oil_products_value",
             "energy.crude_oil", "energy.pipeline_gas", "energy.pipeline_gas_capacity", "energy.lng",
             "energy.coal", "energy.coal_rail_capacity", "oil.brent", "oil.russian_crude_price",
             "macro.china_gdp_growth", "macro.russia_gdp_growth", "macro.rub_per_usd_index",
             "settlement.national", "settlement.rub", "settlement.cny", "settlement.usd", "settlement.eur",
             "settlement.other"] + [f"sanctions.regime_{r}" for r in REGIMES]
    g = s.get("geography")
    if g:
        names += [f"trade.group.{x['id']}.exports_ru_cn" for x in g["exportsRuCn"]]
        names += [f"trade.group.{x['id']}.exports_cn_ru" for x in g["exportsCnRu"]]
        for r in g["regions"]:
            names += [f"region.{r['id']}.exports_to_cn", f"region.{r['id']}.imports_from_cn"]
        for r in g["routes"]:
            names += [f"route.{r['id']}.volume", f"route.{r['id']}.utilisation"]
        names.append("route.unserved.volume")
    return names


def flow_params(groups):
    """One flow's commodity groups (models/commodities.ts flowParams)."""
    carrier = np.array([ENERGY_CARRIERS.index(x["energyCarrier"]) if x.get("energyCarrier") else -1 for x in groups])
    shared = np.flatnonzero(carrier < 0)
    return dict(
        count=len(groups), carrier=carrier, shared=shared,
        remainder=int(shared[-1]) if len(shared) else -1,
        base_share=np.array([0.0 if x.get("energyCarrier") else x.get("baseShare", 0.0) for x in groups]),
        eps_p=np.array([x.get("priceElasticity", 0.0) for x in groups]),
        eps_d=np.array([x.get("demandElasticity", 0.0) for x in groups]),
        usd_t=np.array([0.0 if x.get("energyCarrier") == "coal" else x.get("usdPerTonne", 0.0) for x in groups]),
    )


def region_rows(groups, ids, rem):
    """Mean regional shares per group, the remainder region taking 1 − the listed ones (regions.ts)."""
    out = np.zeros((len(groups), len(ids)))
    for k, g in enumerate(groups):
        for i, rid in enumerate(ids):
            if i != rem:
                out[k, i] = g["regionShares"].get(rid, 0.0)
        out[k, rem] = max(0.0, 1 - out[k].sum())
    return out


def resolve(root, scenario_path):
    s = load_scenario(scenario_path, root)
    hist, stmts = load_history(root)
    with open(os.path.join(root, "data", "calibration.json")) as f:
        cal = json.load(f)
    est = {k: v["value"] for k, v in cal["estimates"].items()}
    B = max(set.intersection(*(set(hist[k]) for k in BASE_SERIES)))
    stmt_year = max(y for y, _ in stmts if y <= B)
    shares = [v for y, v in stmts if y == stmt_year]
    base = dict(
        year=B, ru=hist["trade.exports_ru_cn"][B], cn=hist["trade.exports_cn_ru"][B],
        brent=hist["oil.brent"][B], brent_prev=hist["oil.brent"][B - 1], crude=hist["energy.crude_oil"][B],
        gas=hist["energy.pipeline_gas"][B], lng=hist["energy.lng"][B], coal=hist["energy.coal"][B],
        national=sum(shares) / len(shares), oil_products=oil_products_rate(hist, B),
    )
    years = np.arange(B + 1, s["horizon"] + 1)
    sim = s.get("simulation", {})
    shocks = sim.get("shocks", True)
    if sim.get("sampling", "independent") != "independent":
        sys.exit(f"{scenario_path}: simulation.sampling {sim['sampling']!r} is not modelled by the twin (independent paths only)")
    san = s["sanctions"]
    r0 = REGIMES.index(san["initialRegime"])
    lev = {k: np.array([san["levers"][r][k] for r in REGIMES], dtype=float) for k in san["levers"][REGIMES[0]]}
    M = np.array([[san["transitionMatrix"][a][b] for b in REGIMES] for a in REGIMES])
    cum = np.cumsum(M, axis=1)
    cum[:, 3] = np.inf
    events = [[] for _ in years]
    for e in san.get("events", []):
        i = e["year"] - B - 1
        if 0 <= i < len(years):
            events[i].append((REGIMES.index(e["to"]), e["probability"]))
    cap = san.get("priceCap")
    cap_minus = np.array([max(((r["year"], r["marketMinusPct"]) for r in (cap or {}).get("reviews", []) if r["year"] <= y),
                              default=(0, -1.0))[1] for y in years], dtype=float)
    cap_share = (cap or {}).get("enforcementShare", 0.0)
    cap_in = np.array([1.0 if r in (cap or {}).get("regimes", REGIMES) else 0.0 for r in REGIMES])

    en = s["energy"]
    gas_items, lng_items = items(en["pipelineGas"]["projects"]), items(en["lng"]["plants"])

    def base_cap(its, access):
        return sum(it["cap"] * float(ramp_share(it["e"], it["ramp"], B)) * (access if it["sanc"] else 1.0)
                   for it in its if it["p"] == 1 and it["l"] < B)

    gas_cap_b = base_cap(gas_items, 1.0)
    lng_cap_b = base_cap(lng_items, lev["sanctionedLngAccessShare"][r0])
    cr, co, lg, pg = en["crude"], en["coal"], en["lng"], en["pipelineGas"]
    lagged = 0.5 * (base["brent"] + base["brent_prev"])
    energy_b = (base["crude"] * BARRELS_PER_TONNE * base["brent"] * (1 - HISTORY_CRUDE_DISCOUNT) / 1000
                + base["gas"] * pg["priceUsdPer1000m3PerUsdBrent"] * lagged / 1000
                + base["lng"] * lg["priceUsdPerTonnePerUsdBrent"] * lagged / 1000
                + base["coal"] * co["priceUsdPerTonneBase"] / 1000
                + base["oil_products"] * base["brent"])
    st = s["settlement"]
    o, m, tr = s["oil"], s["macro"], s["trade"]
    corr = s.get("correlation")
    L = None
    if corr:
        C = np.array([[corr[a][b] for b in DRIVERS] for a in DRIVERS], dtype=float)
        if not np.array_equal(C, np.eye(4)):
            L = np.linalg.cholesky(C + 1e-15 * np.eye(4))
    # Per-path parameter draws: estimates with a spread that the scenario leaves to the calibration.
    draws = []
    if sim.get("parameterUncertainty", True) and shocks:
        chosen = [d for d in DRAWN if get(s, d[3]) is None and (cal["estimates"][d[0]].get("standardError") or 0) > 0]
        for i, d in enumerate(chosen):
            e = cal["estimates"][d[0]]
            pair = next((c for c in cal.get("correlations", []) if c["b"] == d[0] and any(x[0] == c["a"] for x in chosen[:i])), None)
            draws.append(dict(key=d[2], mean=e["value"], se=e["standardError"],
                              dof=max(e["degreesOfFreedom"], MIN_T_DOF) if e.get("degreesOfFreedom") else 0,
                              lo=d[4], hi=d[5], partner=[x[0] for x in chosen].index(pair["a"]) if pair else -1,
                              rho=pair["correlation"] if pair else 0.0))
    point = {d[2]: (get(s, d[3]) if get(s, d[3]) is not None else est[d[0]]) for d in DRAWN}
    ceil = st["ceiling"]
    crange = st.get("ceilingRange") or {"min": ceil, "max": ceil}
    P = dict(
        s=s, B=B, years=years, shocks=shocks, r0=r0, lev=lev, cum=cum, events=events, L=L,
        cap_minus=cap_minus, cap_share=cap_share, cap_in=cap_in, draws=draws, point=point,
        sig=o.get("volatilityLog", est["brentVolatilityLog"]),
        lam=o["jumpProbabilityPerYear"], muJ=o["jumpMeanLog"], sdJ=o["jumpStdLog"],
        log_anchor=np.log(value_at(o["anchorUsdPerBarrel"], years)),
        cn_path=value_at(m["chinaGdpGrowthPct"], years), ru_trend=value_at(m["russiaTrendGrowthPct"], years),
        sd_cn=m.get("chinaGdpVolatilityPct", est["chinaGdpVolatilityPct"]),
        sd_ru=m.get("russiaGdpVolatilityPct", est["russiaGdpVolatilityPct"]),
        drift=math.log(1 + m["rubDriftPctPerYear"] / 100),
        sd_rub=m.get("rubVolatilityLog", est["rubVolatilityLog"]),
        gas_items=gas_items, lng_items=lng_items,
        u_gas0=base["gas"] / gas_cap_b if gas_cap_b > 0 else 1.0,
        k_gas=pg["utilisationAdjustmentSpeed"], sd_gas=pg["utilisationVolatility"],
        overrun=pg["overrunMaxShare"],
        crude_pipe=cr["pipelineCapacityMt"], crude_kz=cr["kazakhstanTransitMt"],
        sea_cap=value_at(cr["seaborneCapacityMt"], years), sea_unc=cr["seaborneCapacityUncertaintyShare"],
        sd_crude=cr.get("volumeVolatility", est["crudeVolumeVolatility"]),
        lng_share0=lg.get("chinaShareOfCapacity", min(1.0, base["lng"] / lng_cap_b) if lng_cap_b > 0 else 0.0),
        sd_lng=lg.get("volumeVolatility", est["lngShareVolatility"]),
        rail=value_at(co["railCapacityMtPerYear"], years), rail_unc=co["railCapacityUncertaintyShare"],
        coal_el=co["demandGdpElasticity"], sd_coal=co.get("demandVolatility", est["coalDemandVolatility"]),
        e_lam=en.get("breakProbabilityPerYear", est["energyBreakProbabilityPerYear"]),
        e_min=en.get("breakMinLog", est["energyBreakMinLog"]),
        e_mex=en.get("breakMeanExcessLog", est["energyBreakMeanExcessLog"]),
        gas_px=pg["priceUsdPer1000m3PerUsdBrent"], lng_px=lg["priceUsdPerTonnePerUsdBrent"],
        coal_px=co["priceUsdPerTonneBase"], coal_px_el=co["priceOilElasticity"],
        eps_n=tr["nonEnergyGdpElasticity"], sd_n=tr.get("nonEnergyVolatility", est["nonEnergyVolatility"]),
        eps_pn=tr.get("nonEnergyCommodityPriceElasticity", 0.0),
        t_lam=tr.get("breakProbabilityPerYear", est["tradeBreakProbabilityPerYear"]),
        t_min=tr.get("breakMinLog", est["tradeBreakMinLog"]),
        t_mex=tr.get("breakMeanExcessLog", est["tradeBreakMeanExcessLog"]),
        psi=tr.get("trendDampingPerYear", 1.0),
        k_s=tr["chinaShareAdjustmentSpeed"],
        sd_z=tr.get("chineseExportsVolatility", est["chineseExportsVolatility"]),
        K=base["cn"] / (1 - lev["paymentFrictionShare"][r0]),
        ceil=ceil, ceil_lo=crange["min"], ceil_hi=crange["max"],
        sd_set=st["logitStepVolatility"], y0=st["cnyShareOfNational"], ystar=st["cnyShareOfNationalTarget"],
        w_usd=st["nonNationalSplit"]["usd"], w_eur=st["nonNationalSplit"]["eur"],
        base=base, seaborne_b=base["crude"] - cr["pipelineCapacityMt"] - cr["kazakhstanTransitMt"],
        nonenergy_b=base["ru"] - energy_b, oil_products=base["oil_products"],
    )
    g = s.get("geography")
    P["geo"] = None
    if g:
        ids = [r["id"] for r in g["regions"]]
        rem = next(i for i, r in enumerate(g["regions"]) if r.get("remainder"))
        routes = g["routes"]
        proj = [k for k, r in enumerate(routes) if "project" in r]
        exist = [k for k, r in enumerate(routes) if "project" not in r]
        rcap = np.zeros((len(years), len(routes)))
        for k in exist:
            rcap[:, k] = value_at(routes[k]["capacityMtPerYear"], years)
        origins = np.zeros((len(routes), len(ids)))
        for k in proj:
            for rid in routes[k]["project"]["origins"]:
                origins[k, ids.index(rid)] = 1.0
        P["geo"] = dict(
            ru=flow_params(g["exportsRuCn"]), cn=flow_params(g["exportsCnRu"]), c_g=g["groupShareConcentration"],
            c_r=g["regionShareConcentration"], R=len(ids), rem=rem,
            rows_ru=region_rows(g["exportsRuCn"], ids, rem), rows_cn=region_rows(g["exportsCnRu"], ids, rem),
            n_routes=len(routes), proj=proj, exist=exist, rcap=rcap,
            proj_items=items([routes[k]["project"] for k in proj]),
            divert={k: routes[k]["project"]["divertShare"] for k in proj}, origins=origins,
            base_share={k: routes[k].get("baseShare", 0.0) for k in exist},
            spill={k: next(j for j, x in enumerate(routes) if x["id"] == routes[k]["spillTo"]) if routes[k].get("spillTo") else -1
                   for k in exist},
        )
    names = series_names(s)
    P["series"] = names
    P["si"] = {x: i for i, x in enumerate(names)}
    P["indicator"] = np.array([x.startswith("sanctions.regime_") for x in names])
    P["flip"] = np.array([x == "settlement.national" for x in names])
    qs = []
    first, last = int(years[0]), len(years) - 1
    idx = lambda y: min(last, max(0, y - first))
    for q in s.get("questions", []):
        fr, to = 0, last
        if "year" in q:
            fr = to = idx(q["year"])
        elif "by" in q:
            to = idx(q["by"])
        elif "everyYearThrough" in q:
            to = idx(q["everyYearThrough"])
        qs.append(dict(id=q["id"], row=P["si"][q["series"]], cmp=q["comparison"], thr=q["threshold"],
                       fr=fr, to=to, every="everyYearThrough" in q))
    P["questions"] = qs
    return P


# ---------------------------------------------------------------- per-path draws
def t_scale(dof, rng, n):
    """√(ν/χ²_ν) (1 for a normal draw, ν = 0)."""
    if dof <= 0:
        return np.ones(n)
    c = rng.chisquare(dof, n)
    return np.where(c > 0, np.sqrt(dof / np.where(c > 0, c, 1.0)), 1.0)


def draw_parameters(P, rng, n):
    """Each path's draw of every uncertain parameter (models/parameterDraws.ts), vectorised: the
    paths whose draw fell outside its bounds redraw together, at most MAX_REDRAWS times, then take
    the point value; a jointly estimated pair shares its partner's shock and t scale."""
    out, zs, ws = [], [], []
    for i, q in enumerate(P["draws"]):
        j = q["partner"]
        if j < 0:
            x = np.full(n, q["mean"]); z = np.zeros(n); w = np.ones(n)
            todo = np.arange(n)
            for _ in range(MAX_REDRAWS + 1):
                if todo.size == 0:
                    break
                zz = rng.standard_normal(todo.size)
                ww = t_scale(q["dof"], rng, todo.size)
                cand = q["mean"] + q["se"] * ww * zz
                ok = (cand >= q["lo"]) & (cand <= q["hi"])
                x[todo[ok]] = cand[ok]; z[todo[ok]] = zz[ok]; w[todo[ok]] = ww[ok]
                todo = todo[~ok]
            out.append(x); zs.append(z); ws.append(w)
            continue
        a = P["draws"][j]
        spread = math.sqrt(max(0.0, 1 - q["rho"] ** 2))
        xa, za, w = out[j].copy(), zs[j].copy(), ws[j].copy()
        xb = np.full(n, q["mean"]); zb_out = np.zeros(n); w_out = np.ones(n)
        xa_out = np.full(n, a["mean"])
        todo = np.arange(n)
        for attempt in range(MAX_REDRAWS + 1):
            if todo.size == 0:
                break
            if attempt > 0:
                za[todo] = rng.standard_normal(todo.size)
                w[todo] = t_scale(a["dof"], rng, todo.size)
                xa[todo] = a["mean"] + a["se"] * w[todo] * za[todo]
            zb = q["rho"] * za[todo] + spread * rng.standard_normal(todo.size)
            cb = q["mean"] + q["se"] * w[todo] * zb
            ca = xa[todo]
            ok = (ca >= a["lo"]) & (ca <= a["hi"]) & (cb >= q["lo"]) & (cb <= q["hi"])
            k = todo[ok]
            xa_out[k] = ca[ok]; xb[k] = cb[ok]; zb_out[k] = zb[ok]; w_out[k] = w[k]
            todo = todo[~ok]
        out[j] = xa_out
        out.append(xb); zs.append(zb_out); ws.append(w_out)
    drawn = {q["key"]: x for q, x in zip(P["draws"], out)}
    return {k: drawn.get(k, v) for k, v in P["point"].items()}


def draw_items(its, rng, n, shocks):
    """Built or not and start year per item (models/infrastructure.ts drawInfrastructure): two uniforms each."""
    out = []
    for it in its:
        u = rng.random((2, n))
        span = it["l"] - it["e"] + 1
        if shocks:
            built = u[0] < it["p"]
            start = it["e"] + np.minimum(span - 1, np.floor(u[1] * span))
        else:
            built = np.full(n, it["p"] >= 0.5)
            start = np.full(n, float(it["e"] + (span - 1) // 2))
        out.append((it, built, start))
    return out


def capacity(drawn, year, access=None):
    total = 0.0
    for it, built, start in drawn:
        c = np.where(built, it["cap"] * ramp_share(start, it["ramp"], year), 0.0)
        total = total + (c * access if (it["sanc"] and access is not None) else c)
    return total


def dirichlet(mean, conc, rng, n, shocks):
    """Dirichlet(conc · mean) per path over the last axis of `mean` ([..., k]); zero means stay zero
    (random/dirichlet.ts). Returns [n, ..., k]."""
    mean = np.asarray(mean, dtype=float)
    g = np.zeros((n,) + mean.shape)
    nz = mean > 0
    if shocks:
        g[:, nz] = rng.standard_gamma(conc * mean[nz], size=(n, int(nz.sum())))
    else:
        g[:, nz] = mean[nz]
    tot = g.sum(axis=-1, keepdims=True)
    return np.divide(g, tot, out=g, where=tot > 0)


def break_log(trigger, z, lam, mn, mex, on):
    """A break's log size (models/breaks.ts breakSizeLog) where the trigger fires, else 0."""
    size = mn + mex * HALF_NORMAL_MEAN_INVERSE * np.abs(z)
    return np.where(on & (trigger < lam), np.where(z < 0, -size, size), 0.0)


# ---------------------------------------------------------------- the model, one chunk of paths
CMP = {">=": np.greater_equal, ">": np.greater, "<=": np.less_equal, "<": np.less}


def step_flow(f, total, carrier_vals, dlb, log_growth, log_price, drawn, lw, coal):
    """One year of one flow's groups (models/commodities.ts stepFlowGroups): values [n, G] and
    rail-borne tonnage [n, G]; `lw` (log weights of the shared groups) is updated in place."""
    sh = f["shared"]
    lw += f["eps_p"][sh] * dlb[:, None] + f["eps_d"][sh] * log_growth[:, None]
    wx = drawn[:, sh] * np.exp(lw)
    weights = wx.sum(axis=1)
    n = total.shape[0]
    val = np.zeros((n, f["count"]))
    val[:, sh] = wx * (total / np.where(weights > 0, weights, np.inf))[:, None]
    rem = f["remainder"]
    if rem >= 0:
        val[:, rem] = 0.0
        val[:, rem] = total - val[:, sh].sum(axis=1)
    rail = np.zeros((n, f["count"]))
    for g, c in enumerate(f["carrier"]):
        if c >= 0:
            val[:, g] = carrier_vals[c]
            if c == 4:
                rail[:, g] = coal
        elif f["usd_t"][g] > 0:
            rail[:, g] = val[:, g] * 1000 / (f["usd_t"][g] * np.exp(f["eps_p"][g] * log_price))
    return val, rail


def simulate(P, n, rng, on_year):
    """Simulate n paths; call on_year(t, Y) with Y the [series, n] outputs of projected year t.
    Returns the questions' 0/1 answers, [questions, n]."""
    shocks = P["shocks"]
    on = 1.0 if shocks else 0.0
    years, lev, cum = P["years"], P["lev"], P["cum"]
    b = P["base"]
    # Per path, before the first year: ranges (4 uniforms), parameter draws, infrastructure.
    ur = rng.random((4, n))
    full_use = 1 + (ur[0] * P["overrun"] if shocks else 0.0)
    sea_f = 1 + (2 * ur[1] - 1) * P["sea_unc"] if shocks else np.ones(n)
    rail_f = 1 + (2 * ur[2] - 1) * P["rail_unc"] if shocks else np.ones(n)
    ceil = P["ceil_lo"] + ur[3] * (P["ceil_hi"] - P["ceil_lo"]) if shocks else np.full(n, P["ceil"])
    q = draw_parameters(P, rng, n)
    gas_d = draw_items(P["gas_items"], rng, n, shocks)
    lng_d = draw_items(P["lng_items"], rng, n, shocks)
    geo = P["geo"]
    if geo:
        d_ru = dirichlet(geo["ru"]["base_share"], geo["c_g"], rng, n, shocks)
        d_cn = dirichlet(geo["cn"]["base_share"], geo["c_g"], rng, n, shocks)
        s_ru = dirichlet(geo["rows_ru"], geo["c_r"], rng, n, shocks)   # [n, groups, regions]
        s_cn = dirichlet(geo["rows_cn"], geo["c_r"], rng, n, shocks)
        proj_d = draw_items(geo["proj_items"], rng, n, shocks)
        lw_ru = np.zeros((n, len(geo["ru"]["shared"])))
        lw_cn = np.zeros((n, len(geo["cn"]["shared"])))
        keep_r = np.arange(geo["R"]) != geo["rem"]

    phi, beta, eta = q["phi"], q["beta"], q["eta"]
    x = np.zeros(n); w = np.ones(n)
    brent = np.full(n, b["brent"]); log_base = math.log(b["brent"])
    regime = np.full(n, P["r0"], dtype=np.int64)
    log_rub = np.zeros(n)
    u_gas = np.full(n, P["u_gas0"])
    crude_dem = np.full(n, b["crude"]); lng_share = np.full(n, P["lng_share0"]); coal_dem = np.full(n, b["coal"])
    nonenergy = np.full(n, P["nonenergy_b"]); dem = np.ones(n); share = np.ones(n); noise = np.ones(n)
    tw = 1.0
    r = np.clip(np.minimum(b["national"], ceil * (1 - 1e-6)) / ceil, 1e-9, 1 - 1e-9)
    z = np.log(r / (1 - r)); y = P["y0"]
    C = len(P["series"])
    Y = np.empty((C, n))
    qs = P["questions"]
    ans = np.array([np.full(n, q_["every"]) for q_ in qs]) if qs else np.zeros((0, n), dtype=bool)
    L = P["L"]
    lev_disc, lev_fric = lev["crudeDiscountPctOfBrent"], lev["paymentFrictionShare"]
    lev_speed, lev_lng, lev_sea = lev["nationalShareSpeedMultiplier"], lev["sanctionedLngAccessShare"], lev["seaborneCrudeAccessShare"]
    lev_ceil = lev["chinaImportShareCeilingRelative"]
    for t, year in enumerate(years):
        prev = brent
        # 17 normals and 6 uniforms per path-year, as eastward draws them.
        e = rng.standard_normal((17, n))
        u = rng.random((6, n))
        zo, zc, zr, zb = e[0], e[1], e[2], e[3]
        if L is not None:
            zo, zc, zr, zb = L @ e[0:4]
        # Oil: ln P = (1-w) ln A + w ln P_B + x; x = phi x + sig eps + 1{u<lam}(muJ + sdJ eta)
        x = phi * x
        if shocks:
            x = x + P["sig"] * zo + np.where(u[0] < P["lam"], P["muJ"] + P["sdJ"] * e[4], 0.0)
        w = phi * w
        brent = np.exp((1 - w) * P["log_anchor"][t] + w * log_base + x)
        dlp = np.log(brent / prev)
        # Sanctions: Markov step by cumulative rows, then scheduled events.
        if shocks:
            regime = (u[1][:, None] >= cum[regime]).sum(axis=1)
        for to, p in P["events"][t]:
            v = rng.random(n)
            regime = np.where(v < p if shocks else np.full(n, p >= 0.5), to, regime)
        # Macro
        g_cn = P["cn_path"][t] + on * P["sd_cn"] * zc
        g_ru = P["ru_trend"][t] + beta * dlp + on * P["sd_ru"] * zr
        d_rub = P["drift"] + eta * dlp + on * P["sd_rub"] * zb
        log_rub = log_rub + d_rub
        # Capacities in force
        gas_cap = capacity(gas_d, year)
        lng_cap = capacity(lng_d, year, lev_lng[regime])
        usable_sea = P["sea_cap"][t] * sea_f * lev_sea[regime]
        rail = P["rail"][t] * rail_f
        # Energy volumes: utilisation, crude demand vs routes, LNG share, coal demand vs rail.
        j_crude = break_log(u[2], e[9], P["e_lam"], P["e_min"], P["e_mex"], shocks)
        j_lng = break_log(u[3], e[10], P["e_lam"], P["e_min"], P["e_mex"], shocks)
        j_coal = break_log(u[4], e[11], P["e_lam"], P["e_min"], P["e_mex"], shocks)
        u_gas = u_gas + P["k_gas"] * (full_use - u_gas)
        gas = gas_cap * np.minimum(full_use, u_gas * np.exp(on * P["sd_gas"] * e[5]))
        crude_dem = crude_dem * np.exp(q["crude_trend"] + on * P["sd_crude"] * e[6] + j_crude)
        crude = np.minimum(P["crude_pipe"] + P["crude_kz"] + usable_sea, crude_dem)
        lng_share = np.minimum(1.0, lng_share * np.exp(q["lng_trend"] + on * P["sd_lng"] * e[7] + j_lng))
        lng = lng_cap * lng_share
        log_cn_g = np.log(np.maximum(1 + g_cn / 100, GROWTH_FLOOR))
        coal_dem = coal_dem * np.exp(q["coal_trend"] + P["coal_el"] * log_cn_g + on * P["sd_coal"] * e[8] + j_coal)
        coal = np.minimum(rail, coal_dem)
        # Prices and values (USD bn)
        disc = lev_disc[regime]
        disc = disc + P["cap_share"] * P["cap_in"][regime] * np.maximum(0.0, P["cap_minus"][t] - disc)
        crude_px = brent * (1 - disc / 100)
        lagged = 0.5 * (brent + prev)
        crude_v = crude * BARRELS_PER_TONNE * crude_px / 1000
        gas_v = gas * (P["gas_px"] * lagged) / 1000
        lng_v = lng * (P["lng_px"] * lagged) / 1000
        log_price = np.log(brent / b["brent"])
        coal_v = coal * (P["coal_px"] * np.exp(P["coal_px_el"] * log_price)) / 1000
        prod_v = P["oil_products"] * brent
        energy_v = crude_v + gas_v + lng_v + coal_v + prod_v
        # Trade: damped trends, non-energy exports, Chinese exports; one break hits both flows.
        j_ne = break_log(u[5], e[14], P["t_lam"], P["t_min"], P["t_mex"], shocks)
        j_cn = break_log(u[5], e[15], P["t_lam"], P["t_min"], P["t_mex"], shocks)
        tw = tw * P["psi"]
        log_ru_g = np.log(np.maximum(1 + g_ru / 100, GROWTH_FLOOR))
        nonenergy = nonenergy * np.exp(tw * q["a_ne"] + P["eps_n"] * log_cn_g + P["eps_pn"] * dlp + on * P["sd_n"] * e[12] + j_ne)
        dem = dem * np.exp(tw * q["a_cn"] + q["eps_inc"] * log_ru_g - q["eps_fx"] * d_rub)
        share = share + P["k_s"] * (lev_ceil[regime] - share)
        if shocks:
            noise = noise * np.exp(P["sd_z"] * e[13] + j_cn)
        cn = P["K"] * dem * share * (1 - lev_fric[regime]) * noise
        ru = energy_v + nonenergy
        # Settlement: the path's ceiling and pace
        z = z + q["k_set"] * lev_speed[regime] + on * P["sd_set"] * e[16]
        y = y + CNY_DRIFT * (P["ystar"] - y)
        nat = ceil / (1 + np.exp(-z))
        cny = nat * y
        rub = nat - cny
        non = 1 - nat
        usd = non * P["w_usd"]
        eur = non * P["w_eur"]
        # Outputs (models/series.ts order)
        Y[0] = ru + cn; Y[1] = ru; Y[2] = cn; Y[3] = ru - cn
        Y[4] = energy_v; Y[5] = nonenergy; Y[6] = crude_v; Y[7] = gas_v; Y[8] = lng_v; Y[9] = coal_v; Y[10] = prod_v
        Y[11] = crude; Y[12] = gas; Y[13] = gas_cap * full_use; Y[14] = lng; Y[15] = coal; Y[16] = rail
        Y[17] = brent; Y[18] = crude_px; Y[19] = g_cn; Y[20] = g_ru; Y[21] = np.exp(log_rub)
        Y[22] = nat; Y[23] = rub; Y[24] = cny; Y[25] = usd; Y[26] = eur
        Y[27] = np.maximum(0.0, 1 - rub - cny - usd - eur)
        for k in range(4):
            Y[28 + k] = regime == k
        if geo:
            # Allocation: commodity groups → regions → routes (they never change the flows above).
            cv = (crude_v, prod_v, gas_v, lng_v, coal_v)
            v_ru, t_ru = step_flow(geo["ru"], nonenergy, cv, dlp, log_cn_g, log_price, d_ru, lw_ru, coal)
            v_cn, _ = step_flow(geo["cn"], cn, cv, dlp, log_ru_g, log_price, d_cn, lw_cn, coal)
            row = 32
            G1, G2 = geo["ru"]["count"], geo["cn"]["count"]
            Y[row:row + G1] = v_ru.T; row += G1
            Y[row:row + G2] = v_cn.T; row += G2
            exp_r = np.einsum("ng,ngr->nr", v_ru, s_ru)
            imp_r = np.einsum("ng,ngr->nr", v_cn, s_cn)
            rem = geo["rem"]
            exp_r[:, rem] = v_ru.sum(axis=1) - exp_r[:, keep_r].sum(axis=1)
            imp_r[:, rem] = v_cn.sum(axis=1) - imp_r[:, keep_r].sum(axis=1)
            rail_r = np.einsum("ng,ngr->nr", t_ru, s_ru)
            R = geo["R"]
            Y[row:row + 2 * R:2] = exp_r.T
            Y[row + 1:row + 2 * R:2] = imp_r.T
            row += 2 * R
            # Routes: projects first (divert a share of their origins' tonnage, up to capacity) ...
            left_r = rail_r
            total = rail_r.sum(axis=1)
            diverted = np.zeros(n)
            for (k, (it, built, start)) in zip(geo["proj"], proj_d):
                cap_k = np.where(built, it["cap"] * ramp_share(start, it["ramp"], year), 0.0)
                o_k = geo["origins"][k]
                from_o = left_r @ o_k
                vol = np.minimum(geo["divert"][k] * from_o, cap_k)
                keep = 1 - vol / np.where(from_o > 0, from_o, 1.0)
                left_r = left_r * np.where(o_k > 0, keep[:, None], 1.0)
                diverted += vol
                Y[row + 2 * k] = vol
                Y[row + 2 * k + 1] = np.where(cap_k > 0, vol / np.where(cap_k > 0, cap_k, 1.0), 0.0)
            # ... then existing routes by base share, excess spilling on, the rest unserved.
            left = total - diverted
            demand = {k: geo["base_share"][k] * left for k in geo["exist"]}
            unserved = np.zeros(n)
            for k in geo["exist"]:
                cap_k = geo["rcap"][t, k]
                vol = np.minimum(demand[k], cap_k)
                excess = demand[k] - vol
                if geo["spill"][k] >= 0:
                    demand[geo["spill"][k]] = demand[geo["spill"][k]] + excess
                else:
                    unserved += excess
                Y[row + 2 * k] = vol
                Y[row + 2 * k + 1] = vol / cap_k if cap_k > 0 else 0.0
            Y[row + 2 * geo["n_routes"]] = unserved
        for j, q_ in enumerate(qs):
            if q_["fr"] <= t <= q_["to"]:
                h = CMP[q_["cmp"]](Y[q_["row"]], q_["thr"])
                ans[j] = (ans[j] & h) if q_["every"] else (ans[j] | h)
        on_year(t, Y)
    return ans


# ---------------------------------------------------------------- summaries
class ExactSummary:
    """All paths at once: exact moments and quantiles (np.quantile, 'lower' = rank floor(q(n-1)))."""

    def __init__(self, T, C):
        self.stats = np.empty((T, C, 4 + len(QS)))

    def __call__(self, t, Y):
        s = self.stats[t]
        s[:, 0] = Y.mean(axis=1)
        s[:, 1] = Y.std(axis=1, ddof=1)
        s[:, 2] = Y.min(axis=1)
        s[:, 3] = Y.max(axis=1)
        s[:, 4:] = np.quantile(Y, QS, axis=1, method="lower").T


class LogHist:
    """eastward's fixed log-binned histogram layout (0.5 %, 1e-6 … 1e6), with np.bincount."""

    def __init__(self, alpha=0.005, lo=1e-6, hi=1e6):
        self.gamma = (1 + alpha) / (1 - alpha)
        self.lg = math.log(self.gamma)
        self.kmin = math.ceil(math.log(lo) / self.lg)
        self.kmax = math.ceil(math.log(hi) / self.lg)
        self.per = self.kmax - self.kmin + 1
        self.nb = 2 * self.per + 1
        self.lo, self.hi = lo, hi
        k = np.arange(self.kmin, self.kmax + 1)
        self.rep = 2 * self.gamma ** k / (self.gamma + 1)

    def bins(self, X):
        a = np.abs(X)
        k = np.clip(np.ceil(np.log(np.maximum(a, self.lo)) / self.lg) - self.kmin, 0, self.per - 1).astype(np.int64)
        return np.where(a < self.lo, self.per, np.where(X > 0, self.per + 1 + k, self.per - 1 - k))

    def value(self, b):
        if b == self.per:
            return 0.0
        return self.rep[b - self.per - 1] if b > self.per else -self.rep[self.per - 1 - b]


class StreamingSummary:
    """Chunked: moments merged per chunk (Chan), quantiles from histograms (0/1 series counted):
    memory flat in N."""

    def __init__(self, T, flip, indicator):
        self.H = LogHist()
        C = len(flip)
        self.T, self.C = T, C
        self.flip, self.ind = flip, indicator
        self.binned = np.flatnonzero(~indicator)
        self.flip_rows = np.flatnonzero(flip[self.binned])
        self.counts = np.zeros((T, len(self.binned), self.H.nb), dtype=np.int64)
        self.ones = np.zeros((T, C), dtype=np.int64)
        self.n = 0
        self.mean = np.zeros((T, C)); self.m2 = np.zeros((T, C))
        self.lo = np.full((T, C), np.inf); self.hi = np.full((T, C), -np.inf)

    def __call__(self, t, Y):
        nb = Y.shape[1]
        na = self.n
        mb = Y.mean(axis=1)
        m2b = ((Y - mb[:, None]) ** 2).sum(axis=1)
        d = mb - self.mean[t]
        tot = na + nb
        self.mean[t] += d * nb / tot
        self.m2[t] += m2b + d * d * na * nb / tot
        np.minimum(self.lo[t], Y.min(axis=1), out=self.lo[t])
        np.maximum(self.hi[t], Y.max(axis=1), out=self.hi[t])
        self.ones[t] += np.round(mb * nb).astype(np.int64) * self.ind
        Z = Y[self.binned]
        Z[self.flip_rows] = 1 - Z[self.flip_rows]
        K = len(self.binned)
        B = self.H.bins(Z) + (np.arange(K) * self.H.nb)[:, None]
        self.counts[t] += np.bincount(B.ravel(), minlength=K * self.H.nb).reshape(K, self.H.nb)
        if t == self.T - 1:
            self.n = tot

    def finish(self):
        T, C, n = self.T, self.C, self.n
        stats = np.empty((T, C, 4 + len(QS)))
        stats[:, :, 0] = np.clip(self.mean, self.lo, self.hi)
        stats[:, :, 1] = np.sqrt(np.maximum(self.m2, 0) / (n - 1))
        stats[:, :, 2] = self.lo
        stats[:, :, 3] = self.hi
        cum = np.cumsum(self.counts, axis=2)
        ranks = np.array([math.floor(q * (n - 1)) for q in QS])
        for c in np.flatnonzero(self.ind):
            zeros = n - self.ones[:, c]
            stats[:, c, 4:] = np.where(ranks[None, :] < zeros[:, None], 0.0, 1.0)
        for t in range(T):
            for j, c in enumerate(self.binned):
                for k, r in enumerate(ranks):
                    if self.flip[c]:
                        r = n - 1 - r
                    b = int(np.searchsorted(cum[t, j], r, side="right"))
                    v = self.H.value(b)
                    if self.flip[c]:
                        v = 1 - min(1 - self.lo[t, c], max(1 - self.hi[t, c], v))
                    stats[t, c, 4 + k] = min(self.hi[t, c], max(self.lo[t, c], v))
        return stats


# ---------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--out", default="twin.json")
    ap.add_argument("--root", default=os.environ.get("EASTWARD_ROOT", os.getcwd()))
    ap.add_argument("--scenario", default=None)
    ap.add_argument("--chunk", type=int, default=0, help="paths per chunk (0: all at once, exact quantiles)")
    a = ap.parse_args()
    t0 = time.perf_counter()
    P = resolve(a.root, a.scenario or os.path.join(a.root, "scenarios", "baseline.json"))
    seed = a.seed if a.seed is not None else P["s"].get("simulation", {}).get("seed", 0)
    rng = np.random.default_rng(seed)
    T, C = len(P["years"]), len(P["series"])
    t1 = time.perf_counter()
    if a.chunk <= 0:
        summ = ExactSummary(T, C)
        ans = simulate(P, a.runs, rng, summ)
        stats = summ.stats
        qmean = ans.mean(axis=1)
        qsd = ans.std(axis=1, ddof=1) if a.runs > 1 else np.zeros(len(ans))
    else:
        summ = StreamingSummary(T, P["flip"], P["indicator"])
        qsum = np.zeros(len(P["questions"]))
        done = 0
        while done < a.runs:
            k = min(a.chunk, a.runs - done)
            ans = simulate(P, k, rng, summ)
            qsum += ans.sum(axis=1)
            done += k
        stats = summ.finish()
        qmean = qsum / a.runs
        qsd = np.sqrt(qmean * (1 - qmean) * a.runs / max(1, a.runs - 1))
    t2 = time.perf_counter()
    n = a.runs
    series = {}
    for i, s in enumerate(P["series"]):
        st = stats[:, i, :]
        d = dict(mean=st[:, 0].tolist(), sd=st[:, 1].tolist(), min=st[:, 2].tolist(), max=st[:, 3].tolist())
        for j, q in enumerate(QS):
            if q in QNAMES:
                d[QNAMES[q]] = st[:, 4 + j].tolist()
        d["meanStandardError"] = (st[:, 1] / math.sqrt(n)).tolist()
        series[s] = d
    conv = {}
    qi = {q: 4 + j for j, q in enumerate(QS)}
    for h in HEADLINE:
        st = stats[:, P["si"][h], :]
        se = lambda q, lo, hi: (math.sqrt(q * (1 - q) / n) * (st[:, qi[hi]] - st[:, qi[lo]]) / 0.1).tolist()
        conv[h] = dict(p50StandardError=se(0.5, 0.45, 0.55), p90StandardError=se(0.9, 0.85, 0.95))
    out = dict(engine="numpy_twin", runs=n, seed=seed, chunk=a.chunk, years=P["years"].tolist(), series=series,
               questions=[dict(id=q["id"], probability=float(m), standardError=float(s) / math.sqrt(n))
                          for q, m, s in zip(P["questions"], qmean, qsd)],
               convergence=conv,
               timing=dict(setup_s=t1 - t0, simulate_and_summarise_s=t2 - t1))
    with open(a.out, "w") as f:
        json.dump(out, f)
    print(f"{n} paths x {T} years x {C} series in {t2 - t1:.2f} s ({n * T / (t2 - t1):,.0f} path-years/s); wrote {a.out}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
