#!/usr/bin/env python3
"""How closely the NumPy twin (bench/numpy_twin.py) agrees with an eastward run of the same scenario.

Compares, for every series and projected year, p10 / p50 / p90 / mean of eastward's report.json
with the twin's output, and the questions' probabilities. The two use different random generators,
so they agree in distribution only: each difference is set against its Monte Carlo error, the
standard error of the difference of two independent estimates,
  mean:       √2 · sd / √n
  quantile q: √2 · √(q(1−q)/n) / f(x_q), the density read from the run's own quantiles
              (f ≈ 0.05 / (p10 − p05) for p10, 0.4 / (p90 − p10) for p50, 0.05 / (p95 − p90) for p90),
and both sides read quantiles off the same log-binned histogram (bins 1.005 % wide), so two
estimates of one quantile may sit one bin apart even with no Monte Carlo error at all.

A cell passes when its relative difference is within --tolerance (default 2 %) ("rel"), or
  "MC":   the difference is within 4 Monte Carlo standard errors plus one bin (near-zero
          quantities, where a relative difference means nothing);
  "zero": both values are below 1e-6, the histogram's zero bin (its absolute accuracy: such a
          quantile is reported as the cell's clamped minimum, a sample extreme);
  "0/1":  a quantile of a 0/1 series whose mean is within 4 standard errors of 1 − q, where
          the quantile flips between 0 and 1 on Monte Carlo noise alone. Prints the worst cells, a line per series, and the
questions; exits 1 when a cell fails.

Usage: python3 bench/twinAgreement.py /tmp/tw-e/report.json /tmp/tw-t.json [--tolerance 0.02] [--top 25]
"""
import argparse
import json
import math
import sys

STATS = ["p10", "p50", "p90", "mean"]
BIN = 2 * 0.005 / (1 - 0.005)  # width of a histogram bin, relative (γ − 1)
ZERO_BIN = 1e-6                # magnitudes below this share the histogram's zero bin


def mc_error(e, stat, t, n):
    """Standard error of (twin − eastward) for one cell, from eastward's own summaries."""
    sd = e["sd"][t]
    if stat == "mean":
        return math.sqrt(2) * sd / math.sqrt(n)
    lo, hi, q = {"p10": ("p05", "p10", 0.10), "p50": ("p10", "p90", 0.50), "p90": ("p90", "p95", 0.90)}[stat]
    width = e[hi][t] - e[lo][t]
    mass = {"p10": 0.05, "p50": 0.80, "p90": 0.05}[stat]
    # f(x_q) ≈ mass / width; a zero width (an atom, e.g. a capacity or a 0/1 series) has no error.
    return math.sqrt(2) * math.sqrt(q * (1 - q) / n) * width / mass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("eastward")
    ap.add_argument("twin")
    ap.add_argument("--tolerance", type=float, default=0.02)
    ap.add_argument("--top", type=int, default=25)
    a = ap.parse_args()
    E = json.load(open(a.eastward))
    T = json.load(open(a.twin))
    n_e, n_t = E["runs"], T["runs"]
    n = min(n_e, n_t)
    if E["years"] != T["years"]:
        sys.exit(f"years differ: {E['years']} vs {T['years']}")
    missing = [s for s in E["series"] if s not in T["series"]]
    extra = [s for s in T["series"] if s not in E["series"]]
    if missing or extra:
        print(f"series only in eastward: {missing}\nseries only in the twin: {extra}")
    cells = []
    for name, e in E["series"].items():
        if name not in T["series"]:
            continue
        tw = T["series"][name]
        for stat in STATS:
            for t, year in enumerate(E["years"]):
                x, y = e[stat][t], tw[stat][t]
                diff = y - x
                rel = abs(diff) / abs(x) if x != 0 else (0.0 if diff == 0 else math.inf)
                se = mc_error(e, stat, t, n)
                slack = 4 * se + (BIN * abs(x) if stat != "mean" else 0.0)
                by = "rel" if rel <= a.tolerance else "MC" if abs(diff) <= slack else ""
                if not by and stat != "mean" and abs(x) < ZERO_BIN and abs(y) < ZERO_BIN:
                    by = "zero"
                if not by and stat != "mean" and e["min"][t] == 0 and e["max"][t] == 1 and {x, y} <= {0, 1}:
                    p = e["mean"][t]
                    q = {"p10": 0.10, "p50": 0.50, "p90": 0.90}[stat]
                    if abs((1 - p) - q) <= 4 * math.sqrt(2 * p * (1 - p) / n):
                        by = "0/1"
                cells.append(dict(series=name, stat=stat, year=year, eastward=x, twin=y, rel=rel,
                                  z=abs(diff) / se if se > 0 else (0.0 if diff == 0 else math.inf),
                                  ok=bool(by), by=by or "FAIL"))
    cells.sort(key=lambda c: -c["rel"])
    print(f"eastward {n_e} paths vs twin {n_t} paths; {len(cells)} cells (series × year × {'/'.join(STATS)})")
    print(f"\nworst {a.top} relative differences:")
    print(f"  {'series':48} {'stat':5} {'year':5} {'eastward':>12} {'twin':>12} {'rel':>8} {'z':>6}  pass")
    for c in cells[:a.top]:
        print(f"  {c['series']:48} {c['stat']:5} {c['year']:5} {c['eastward']:12.6g} {c['twin']:12.6g} "
              f"{100 * c['rel']:7.2f}% {c['z']:6.1f}  {c['by']}")
    print("\nper series (worst over years): quantiles p10/p50/p90, mean; cells passing other than on rel")
    print(f"  {'series':48} {'quantiles':>9} {'mean':>8} {'max z':>6}  not-rel")
    for name in E["series"]:
        cs = [c for c in cells if c["series"] == name]
        if not cs:
            continue
        qrel = max(c["rel"] for c in cs if c["stat"] != "mean")
        mrel = max(c["rel"] for c in cs if c["stat"] == "mean")
        zmax = max(c["z"] for c in cs)
        other = {}
        for c in cs:
            if c["by"] != "rel":
                other[c["by"]] = other.get(c["by"], 0) + 1
        print(f"  {name:48} {100 * qrel:8.2f}% {100 * mrel:7.2f}% {zmax:6.1f}  {' '.join(f'{k} {v}' for k, v in sorted(other.items()))}")
    print("\nquestions:")
    tq = {q["id"]: q for q in T["questions"]}
    qfail = 0
    for q in E["questions"]:
        t = tq.get(q["id"])
        if t is None:
            print(f"  {q['id']}: missing in the twin"); qfail += 1
            continue
        se = math.sqrt(q["standardError"] ** 2 + t["standardError"] ** 2)
        d = t["probability"] - q["probability"]
        z = abs(d) / se if se > 0 else 0.0
        qfail += z > 4
        print(f"  {q['id']:32} eastward {q['probability']:.4f}  twin {t['probability']:.4f}  diff {d:+.4f}  z {z:4.1f}")
    fails = [c for c in cells if not c["ok"]]
    share = sum(1 for c in cells if c["stat"] != "mean" and c["rel"] <= a.tolerance) / sum(1 for c in cells if c["stat"] != "mean")
    print(f"\nquantile cells within {100 * a.tolerance:g} %: {100 * share:.1f} %; cells failing both tests: {len(fails)}; questions beyond 4 SE: {qfail}")
    sys.exit(1 if fails or qfail else 0)


if __name__ == "__main__":
    main()
