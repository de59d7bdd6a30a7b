// The same model as src/engine/kernel.ts, hand-tightened: one function, locals only, no objects
// per year, logs of fixed paths hoisted. It is the throughput ceiling the kernel is measured
// against (bench/README.md). bench/measure.js checks it reproduces the kernel's numbers bit for bit before timing it.
import { PathStreams } from '../dist/engine/kernel.js';
import { SERIES_INDEX as S } from '../dist/engine/series.js';

const BARRELS_PER_TONNE = 7.33;
const MIN_SHARE = 0.2;

export function makeTightLoop(p) {
  const n = p.years.length;
  const years = p.years;
  const anchor = p.anchorUsdPerBarrel;
  const cum = p.sanctions.cumulativeTransitions;
  const events = p.sanctions.eventsByYear;
  const lev = p.levers;
  const o = p.oil, m = p.macro, e = p.energy, tr = p.trade, st = p.settlement;
  const b = p.base;
  const logAnchor = Float64Array.from(anchor, Math.log);
  const logBase = Math.log(b.brentUsdPerBarrel);
  const on = p.shocks ? 1 : 0;
  const L = p.correlationLower;
  const gas = p.gasProjects, lng = p.lngPlants;
  const gasBuilt = new Uint8Array(gas.length), gasStart = new Float64Array(gas.length);
  const lngBuilt = new Uint8Array(lng.length), lngStart = new Float64Array(lng.length);
  const R = {};
  for (const [k, v] of Object.entries(S)) R[k] = v * n;
  const rTurn = R['trade.turnover'], rRu = R['trade.exports_ru_cn'], rCn = R['trade.exports_cn_ru'], rBal = R['trade.balance'];
  const rEn = R['trade.energy_exports_ru_cn'], rNe = R['trade.non_energy_exports_ru_cn'], rCv = R['trade.crude_oil_value'], rGv = R['trade.pipeline_gas_value'];
  const rLv = R['trade.lng_value'], rKv = R['trade.coal_value'], rCr = R['energy.crude_oil'], rGas = R['energy.pipeline_gas'], rGc = R['energy.pipeline_gas_capacity'];
  const rLng = R['energy.lng'], rCoal = R['energy.coal'], rRail = R['energy.coal_rail_capacity'], rBr = R['oil.brent'], rRcp = R['oil.russian_crude_price'];
  const rGcn = R['macro.china_gdp_growth'], rGru = R['macro.russia_gdp_growth'], rRub = R['macro.rub_per_usd_index'];
  const rNat = R['settlement.national'], rSr = R['settlement.rub'], rSc = R['settlement.cny'], rSu = R['settlement.usd'], rSe = R['settlement.eur'], rSo = R['settlement.other'];
  const rE = R['sanctions.regime_easing'], rQ = R['sanctions.regime_status_quo'], rT = R['sanctions.regime_tightening'], rX = R['sanctions.regime_secondary'];
  const antithetic = p.sampling === 'antithetic';

  return function tightPath(seed, pathIndex, s, out) {
    s.reseed(seed, pathIndex, antithetic);
    for (let i = 0; i < gas.length; i++) {
      const u1 = s.infrastructure.uniform(), u2 = s.infrastructure.uniform(), it = gas[i];
      const span = it.latestStartYear - it.earliestStartYear + 1;
      if (on) { gasBuilt[i] = u1 < it.probabilityBuilt ? 1 : 0; gasStart[i] = it.earliestStartYear + Math.min(span - 1, Math.floor(u2 * span)); }
      else { gasBuilt[i] = it.probabilityBuilt >= 0.5 ? 1 : 0; gasStart[i] = it.earliestStartYear + Math.floor((span - 1) / 2); }
    }
    for (let i = 0; i < lng.length; i++) {
      const u1 = s.infrastructure.uniform(), u2 = s.infrastructure.uniform(), it = lng[i];
      const span = it.latestStartYear - it.earliestStartYear + 1;
      if (on) { lngBuilt[i] = u1 < it.probabilityBuilt ? 1 : 0; lngStart[i] = it.earliestStartYear + Math.min(span - 1, Math.floor(u2 * span)); }
      else { lngBuilt[i] = it.probabilityBuilt >= 0.5 ? 1 : 0; lngStart[i] = it.earliestStartYear + Math.floor((span - 1) / 2); }
    }
    let x = 0, w = 1, brent = b.brentUsdPerBarrel, regime = p.initialRegime, logRub = 0;
    let seaborne = b.seaborneCrudeMt, coalDemand = b.coalMt;
    let nonEnergy = b.nonEnergyExportsRuCnUsdBn, demandIdx = 1, shareIdx = 1, noise = 1;
    let z = b.settlementLogit, y = b.cnyShareOfNational;
    for (let t = 0; t < n; t++) {
      const year = years[t];
      const prevBrent = brent;
      const e0 = s.oil.normal(), e1 = s.macro.normal(), e2 = s.macro.normal(), e3 = s.macro.normal();
      let zo = e0, zc = e1, zr = e2, zb = e3;
      if (L) { zo = L[0] * e0; zc = L[4] * e0 + L[5] * e1; zr = L[8] * e0 + L[9] * e1 + L[10] * e2; zb = L[12] * e0 + L[13] * e1 + L[14] * e2 + L[15] * e3; }
      const jt = s.oil.uniform(), js = s.oil.normal();
      x = o.meanReversionPhi * x;
      if (on) { x += o.volatilityLog * zo; if (jt < o.jumpProbabilityPerYear) x += o.jumpMeanLog + o.jumpStdLog * js; }
      w = o.meanReversionPhi * w;
      brent = Math.exp((1 - w) * logAnchor[t] + w * logBase + x);
      const dlp = Math.log(brent / prevBrent);
      const u = s.sanctions.uniform();
      if (on) { const base = 4 * regime; let r = 3; for (let j = 0; j < 4; j++) if (u < cum[base + j]) { r = j; break; } regime = r; }
      const ev = events[t];
      if (ev) for (let k = 0; k < ev.length; k++) { const v = s.sanctions.uniform(); if (on ? v < ev[k][1] : ev[k][1] >= 0.5) regime = ev[k][0]; }
      const gCn = p.chinaGdpGrowthPct[t] + on * m.chinaGdpVolatilityPct * zc;
      const gRu = p.russiaTrendGrowthPct[t] + m.russiaGrowthOilSensitivityPct * dlp + on * m.russiaGdpVolatilityPct * zr;
      const prevLogRub = logRub;
      logRub = logRub + m.rubDriftLogPerYear + m.rubOilElasticity * dlp + on * m.rubVolatilityLog * zb;
      let gasCap = 0;
      for (let i = 0; i < gas.length; i++) if (gasBuilt[i]) { const d = year - gasStart[i]; gasCap += gas[i].capacity * (d <= 0 ? 0 : Math.min(1, d / gas[i].rampYears)); }
      const access = lev.sanctionedLngAccessShare[regime];
      let lngCap = 0;
      for (let i = 0; i < lng.length; i++) if (lngBuilt[i]) { const d = year - lngStart[i]; lngCap += lng[i].capacity * (d <= 0 ? 0 : Math.min(1, d / lng[i].rampYears)) * (lng[i].sanctioned ? access : 1); }
      const usableSea = p.seaborneCapacityMt[t] * lev.seaborneCrudeAccessShare[regime];
      const rail = p.coalRailCapacityMt[t];
      const eg = s.energy.normal(), ec = s.energy.normal(), el = s.energy.normal(), ek = s.energy.normal();
      const gasBcm = gasCap * Math.min(1, e.gasUtilisationBase * Math.exp(on * e.gasUtilisationVolatility * eg));
      const wanted = (seaborne + e.seaborneAdjustmentSpeed * (usableSea - seaborne)) * Math.exp(on * e.crudeVolumeVolatility * ec);
      seaborne = Math.min(usableSea, Math.max(0, wanted));
      const crudeMt = e.crudePipelineMt + e.crudeKazakhstanTransitMt + seaborne;
      const lngMt = lngCap * Math.min(1, e.lngChinaShareBase * Math.exp(on * e.lngVolumeVolatility * el));
      const cnG = Math.max(1 + gCn / 100, 0.05);
      const logCnG = Math.log(cnG);
      coalDemand = coalDemand * Math.exp(e.coalDemandGdpElasticity * logCnG + on * e.coalDemandVolatility * ek);
      const coalMt = Math.min(rail, coalDemand);
      const crudePrice = Math.max(brent - lev.crudeDiscountUsdPerBarrel[regime], MIN_SHARE * brent);
      const lagged = 0.5 * (brent + prevBrent);
      const crudeV = (crudeMt * BARRELS_PER_TONNE * crudePrice) / 1000;
      const gasV = (gasBcm * (e.gasPriceUsdPer1000m3PerUsdBrent * lagged)) / 1000;
      const lngV = (lngMt * (e.lngPriceUsdPerTonnePerUsdBrent * lagged)) / 1000;
      const coalV = (coalMt * (e.coalPriceUsdPerTonneBase * Math.exp(e.coalPriceOilElasticity * Math.log(brent / e.baseBrentUsdPerBarrel)))) / 1000;
      const energyV = crudeV + gasV + lngV + coalV;
      const en = s.trade.normal(), ech = s.trade.normal();
      const ruG = Math.max(1 + gRu / 100, 0.05);
      nonEnergy = nonEnergy * Math.exp(tr.nonEnergyGdpElasticity * logCnG + on * tr.nonEnergyVolatility * en);
      demandIdx = demandIdx * Math.exp(tr.importIncomeElasticity * Math.log(ruG) - tr.importRubElasticity * (logRub - prevLogRub));
      shareIdx = shareIdx + tr.chinaShareAdjustmentSpeed * (lev.chinaImportShareCeilingRelative[regime] - shareIdx);
      if (on) noise = noise * Math.exp(tr.chineseExportsVolatility * ech);
      const cn = tr.chineseExportsScaleUsdBn * demandIdx * shareIdx * (1 - lev.paymentFrictionShare[regime]) * noise;
      const ru = energyV + nonEnergy;
      const es = s.settlement.normal();
      z = z + st.logitStepPerYear * lev.nationalShareSpeedMultiplier[regime] + (on ? st.logitStepVolatility * es : 0);
      y = y + 0.2 * (st.cnyShareOfNationalTarget - y);
      const nat = st.ceiling / (1 + Math.exp(-z));
      const cny = nat * y, rub = nat - cny, non = 1 - nat;
      const usd = non * st.usdShareOfNonNational, eur = non * st.eurShareOfNonNational;
      out[rTurn + t] = ru + cn; out[rRu + t] = ru; out[rCn + t] = cn; out[rBal + t] = ru - cn;
      out[rEn + t] = energyV; out[rNe + t] = nonEnergy; out[rCv + t] = crudeV; out[rGv + t] = gasV; out[rLv + t] = lngV; out[rKv + t] = coalV;
      out[rCr + t] = crudeMt; out[rGas + t] = gasBcm; out[rGc + t] = gasCap; out[rLng + t] = lngMt; out[rCoal + t] = coalMt; out[rRail + t] = rail;
      out[rBr + t] = brent; out[rRcp + t] = crudePrice; out[rGcn + t] = gCn; out[rGru + t] = gRu; out[rRub + t] = Math.exp(logRub);
      out[rNat + t] = nat; out[rSr + t] = rub; out[rSc + t] = cny; out[rSu + t] = usd; out[rSe + t] = eur; out[rSo + t] = Math.max(0, 1 - rub - cny - usd - eur);
      out[rE + t] = regime === 0 ? 1 : 0; out[rQ + t] = regime === 1 ? 1 : 0; out[rT + t] = regime === 2 ? 1 : 0; out[rX + t] = regime === 3 ? 1 : 0;
    }
  };
}

export { PathStreams };
