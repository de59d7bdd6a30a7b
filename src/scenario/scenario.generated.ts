/* Generated from schemas/scenario.schema.json by json-schema-to-typescript (npm run contract). Do not edit by hand. */

/**
 * This interface was referenced by `EastwardScenario`'s JSON-Schema
 * via the `definition` "year".
 */
export type Year = number;
/**
 * This interface was referenced by `EastwardScenario`'s JSON-Schema
 * via the `definition` "regime".
 */
export type Regime = "easing" | "status_quo" | "tightening" | "secondary";

/**
 * A scenario for the eastward Russia–China forecasting engine. Units are in the property names. A scenario may extend another (relative path in `extends`); objects are deep-merged, arrays and scalars replaced.
 */
export interface EastwardScenario {
  $schema?: string;
  /**
   * Relative path of a parent scenario whose values this one inherits, or eastward/scenarios/<file> for a scenario of the shipped library (wherever the package is installed).
   */
  extends?: string;
  id: string;
  name: string;
  description: string;
  /**
   * Last projected year (the projection starts the year after the last data year).
   */
  horizon: number;
  simulation: {
    runs: number;
    seed: number;
    /**
     * false switches every random shock off (deterministic central path); default true.
     */
    shocks?: boolean;
    /**
     * independent: every path draws its own numbers; antithetic: paths come in pairs, the second mirroring every draw of the first (u → 1 − u, so every normal shock changes sign), which cuts the variance of means of monotone outputs.
     */
    sampling?: "independent" | "antithetic";
    /**
     * Precision asked of the headline means: the report says how many runs would bring each mean's standard error to this share of the mean. Default 0.005.
     */
    targetRelativeError?: number;
    /**
     * Draw each calibrated parameter per path from its sampling distribution (default true); false uses point values (for comparison).
     */
    parameterUncertainty?: boolean;
  };
  oil: {
    /**
     * Points (year, value) in USD/bbl; linear between points, flat before the first and after the last.
     *
     * @minItems 1
     * @maxItems 200
     */
    anchorUsdPerBarrel: [
      {
        year: Year;
        value: number;
      },
      ...{
        year: Year;
        value: number;
      }[]
    ];
    /**
     * AR(1) coefficient of the log deviation from the anchor; omit to use data/calibration.json.
     */
    meanReversionPhi?: number;
    /**
     * Annual standard deviation of log Brent shocks; omit to use data/calibration.json.
     */
    volatilityLog?: number;
    /**
     * Probability of a supply-shock jump in a year.
     */
    jumpProbabilityPerYear: number;
    /**
     * Mean size of a jump in log points.
     */
    jumpMeanLog: number;
    /**
     * Standard deviation of a jump in log points.
     */
    jumpStdLog: number;
  };
  sanctions: {
    initialRegime: Regime;
    transitionMatrix: {
      /**
       * Probabilities of moving from this regime to each regime next year; must sum to 1.
       */
      easing: {
        easing: number;
        status_quo: number;
        tightening: number;
        secondary: number;
      };
      /**
       * Probabilities of moving from this regime to each regime next year; must sum to 1.
       */
      status_quo: {
        easing: number;
        status_quo: number;
        tightening: number;
        secondary: number;
      };
      /**
       * Probabilities of moving from this regime to each regime next year; must sum to 1.
       */
      tightening: {
        easing: number;
        status_quo: number;
        tightening: number;
        secondary: number;
      };
      /**
       * Probabilities of moving from this regime to each regime next year; must sum to 1.
       */
      secondary: {
        easing: number;
        status_quo: number;
        tightening: number;
        secondary: number;
      };
    };
    /**
     * @maxItems 100
     */
    events: SanctionsEvent[];
    levers: {
      easing: RegimeLevers;
      status_quo: RegimeLevers;
      tightening: RegimeLevers;
      secondary: RegimeLevers;
    };
    /**
     * A price-cap rule 'cap = market minus X %' with review dates: from each review's year on, the cap sits that share under Brent; it binds on `enforcementShare` of the crude sold to China (the rest — pipeline and shadow-fleet cargoes — keeps the regime's discount), in the regimes listed.
     */
    priceCap?: {
      /**
       * Review dates: from `year` on (until the next review) the cap is `marketMinusPct` % under Brent.
       *
       * @minItems 1
       * @maxItems 100
       */
      reviews: [
        {
          year: Year;
          /**
           * How far under Brent the cap sits, % of Brent.
           */
          marketMinusPct: number;
        },
        ...{
          year: Year;
          /**
           * How far under Brent the cap sits, % of Brent.
           */
          marketMinusPct: number;
        }[]
      ];
      /**
       * Share of Russian crude to China the cap binds on.
       */
      enforcementShare: number;
      /**
       * Regimes in which the cap is enforced (default: every regime).
       *
       * @minItems 1
       * @maxItems 4
       */
      regimes?: [Regime, ...Regime[]];
    };
  };
  macro: {
    /**
     * Points (year, value) in % real growth; linear between points, flat before the first and after the last.
     *
     * @minItems 1
     * @maxItems 200
     */
    chinaGdpGrowthPct: [
      {
        year: Year;
        value: number;
      },
      ...{
        year: Year;
        value: number;
      }[]
    ];
    /**
     * Points (year, value) in % real growth; linear between points, flat before the first and after the last.
     *
     * @minItems 1
     * @maxItems 200
     */
    russiaTrendGrowthPct: [
      {
        year: Year;
        value: number;
      },
      ...{
        year: Year;
        value: number;
      }[]
    ];
    /**
     * Standard deviation of China's yearly growth around its path, percentage points; omit to use data/calibration.json.
     */
    chinaGdpVolatilityPct?: number;
    /**
     * Standard deviation of Russia's yearly growth around trend + oil effect, percentage points; omit to use data/calibration.json.
     */
    russiaGdpVolatilityPct?: number;
    /**
     * Percentage points of Russian growth per unit change in log Brent; omit to use data/calibration.json.
     */
    russiaGrowthOilSensitivityPct?: number;
    /**
     * Change in log USD/RUB per unit change in log Brent (negative: oil up, rouble stronger); omit to use data/calibration.json.
     */
    rubOilElasticity?: number;
    /**
     * Trend depreciation of the rouble against the USD, % per year.
     */
    rubDriftPctPerYear: number;
    /**
     * Standard deviation of yearly log USD/RUB shocks; omit to use data/calibration.json.
     */
    rubVolatilityLog?: number;
  };
  energy: {
    pipelineGas: {
      /**
       * @maxItems 20
       */
      projects: InfrastructureItem[];
      /**
       * Oil-indexed gas price: USD per 1000 m³ per USD/bbl of Brent (averaged over this and last year: the indexation lag).
       */
      priceUsdPer1000m3PerUsdBrent: number;
      /**
       * Standard deviation of the log utilisation of pipeline capacity.
       */
      utilisationVolatility: number;
      /**
       * Share of the gap between utilisation and full use (1 + the path's overrun) closed each year.
       */
      utilisationAdjustmentSpeed: number;
      /**
       * Most a pipeline can deliver above its nameplate capacity, as a share of it; each path draws its overrun uniformly between 0 and this.
       */
      overrunMaxShare: number;
    };
    crude: {
      /**
       * ESPO pipeline deliveries to China (Skovorodino–Mohe spur), Mt/yr.
       */
      pipelineCapacityMt: number;
      /**
       * Transit via Kazakhstan (Rosneft–CNPC), Mt/yr.
       */
      kazakhstanTransitMt: number;
      /**
       * Points (year, value) in Mt/yr of seaborne cargoes that ports and tankers can carry to China; linear between points, flat before the first and after the last.
       *
       * @minItems 1
       * @maxItems 200
       */
      seaborneCapacityMt: [
        {
          year: Year;
          value: number;
        },
        ...{
          year: Year;
          value: number;
        }[]
      ];
      /**
       * Standard deviation of yearly log shocks to China's demand for Russian crude; omit to use data/calibration.json.
       */
      volumeVolatility?: number;
      /**
       * Yearly log growth of China's demand for Russian crude before capacity limits; omit to use data/calibration.json.
       */
      demandTrendLogPerYear?: number;
      /**
       * Each path scales the seaborne capacity path by a factor drawn uniformly within ± this share (the capacity figure is a judgement, not a wall).
       */
      seaborneCapacityUncertaintyShare: number;
    };
    lng: {
      /**
       * @maxItems 20
       */
      plants: InfrastructureItem[];
      /**
       * Oil-indexed LNG price: USD per tonne per USD/bbl of Brent.
       */
      priceUsdPerTonnePerUsdBrent: number;
      /**
       * Standard deviation of yearly log shocks to China's share of Russian LNG capacity (a random walk); omit to use data/calibration.json.
       */
      volumeVolatility?: number;
      /**
       * China's share of the Russian LNG capacity in force from the first projected year; omit to keep the base year's observed share.
       */
      chinaShareOfCapacity?: number;
      /**
       * Yearly log growth of China's share of Russian LNG capacity; omit to use data/calibration.json.
       */
      chinaShareTrendLogPerYear?: number;
    };
    coal: {
      /**
       * Points (year, value) in Mt/yr of rail and crossing capacity usable for coal to China; linear between points, flat before the first and after the last.
       *
       * @minItems 1
       * @maxItems 200
       */
      railCapacityMtPerYear: [
        {
          year: Year;
          value: number;
        },
        ...{
          year: Year;
          value: number;
        }[]
      ];
      /**
       * Elasticity of China's demand for Russian coal to China's real GDP.
       */
      demandGdpElasticity: number;
      /**
       * Coal export price in the base year, USD/t.
       */
      priceUsdPerTonneBase: number;
      /**
       * Elasticity of the coal price to Brent.
       */
      priceOilElasticity: number;
      /**
       * Standard deviation of yearly log shocks to China's coal demand; omit to use data/calibration.json.
       */
      demandVolatility?: number;
      /**
       * Each path scales the rail capacity usable for China-bound coal by a factor drawn uniformly within ± this share.
       */
      railCapacityUncertaintyShare: number;
      /**
       * Yearly log growth of China's demand for Russian coal beyond its GDP effect; omit to use data/calibration.json.
       */
      demandTrendLogPerYear?: number;
    };
    /**
     * Yearly probability of a break (a 2023-type jump) in each carrier's volume; omit to use data/calibration.json.
     */
    breakProbabilityPerYear?: number;
    /**
     * Smallest log size of a volume break (the threshold a year must pass to count as one); omit to use data/calibration.json.
     */
    breakMinLog?: number;
    /**
     * Mean log size of a volume break beyond that threshold (drawn half-normal, sign even); omit to use data/calibration.json.
     */
    breakMeanExcessLog?: number;
  };
  trade: {
    /**
     * Elasticity of Russia's non-energy exports to China to China's real GDP.
     */
    nonEnergyGdpElasticity: number;
    /**
     * Elasticity of Russia's import demand to Russian real GDP; omit to use data/calibration.json.
     */
    importIncomeElasticity?: number;
    /**
     * Elasticity of Russia's USD import demand to the rouble's USD value; omit to use data/calibration.json.
     */
    importRubElasticity?: number;
    /**
     * Share of the gap to China's ceiling import share closed each year.
     */
    chinaShareAdjustmentSpeed: number;
    /**
     * Standard deviation of yearly log shocks to non-energy exports; omit to use data/calibration.json.
     */
    nonEnergyVolatility?: number;
    /**
     * Standard deviation of log shocks to Chinese exports; omit to use data/calibration.json.
     */
    chineseExportsVolatility?: number;
    /**
     * Yearly log growth of Russia's non-energy exports beyond China's GDP growth; omit to use data/calibration.json.
     */
    nonEnergyTrendLogPerYear?: number;
    /**
     * Elasticity of the value of Russia's non-energy exports to China (metals, timber and pulp, fertiliser, agriculture: mostly priced on world commodity markets) to the Brent price, with Brent as the proxy for the commodity cycle: ln NE moves by this × Δln Brent each year. Omit for 0 (off): the calibration does not estimate it (the non-energy series is too short to separate it from the trend and the breaks); set it to explore a commodity-price channel.
     */
    nonEnergyCommodityPriceElasticity?: number;
    /**
     * Yearly log growth of Chinese exports beyond income and rouble effects (China's rising import share); omit to use data/calibration.json.
     */
    chineseExportsTrendLogPerYear?: number;
    /**
     * Yearly probability of a trade break (a 2014/2020/2022-type departure) hitting both flows; omit to use data/calibration.json.
     */
    breakProbabilityPerYear?: number;
    /**
     * Damped trend: year t after the base year applies this to the power t of the calibrated trade trends (1, the default: undamped).
     */
    trendDampingPerYear?: number;
    /**
     * Smallest log size of a trade break (the threshold a year must pass to count as one); omit to use data/calibration.json.
     */
    breakMinLog?: number;
    /**
     * Mean log size of a trade break beyond that threshold (drawn half-normal, sign even); omit to use data/calibration.json.
     */
    breakMeanExcessLog?: number;
  };
  settlement: {
    /**
     * Central highest national-currency share reachable (RUB + CNY); used as is when shocks are off.
     */
    ceiling: number;
    /**
     * Yearly step of logit(national share / ceiling) in the status-quo regime; omit to use data/calibration.json.
     */
    logitStepPerYear?: number;
    /**
     * Standard deviation of the yearly logit step.
     */
    logitStepVolatility: number;
    /**
     * Yuan's part of the national-currency settlements in the base year.
     */
    cnyShareOfNational: number;
    /**
     * Where the yuan's part drifts (a fifth of the gap per year).
     */
    cnyShareOfNationalTarget: number;
    /**
     * Split of the non-national remainder; must sum to 1.
     */
    nonNationalSplit: {
      /**
       * USD part
       */
      usd: number;
      /**
       * EUR part
       */
      eur: number;
      /**
       * Other currencies (HKD, AED, …)
       */
      other: number;
    };
    /**
     * Each path draws its ceiling uniformly between min and max (a ceiling that is itself uncertain); omit for a fixed ceiling.
     */
    ceilingRange?: {
      /**
       * Lowest ceiling, share 0–1.
       */
      min: number;
      /**
       * Highest ceiling, share 0–1.
       */
      max: number;
    };
  };
  /**
   * Commodity groups, regions and transport routes: an allocation of the national flows, which it never changes. Optional: without it a run has no group, region or route series.
   */
  geography?: {
    /**
     * Dirichlet concentration c of each path's base-year group shares, Dirichlet(c·s): a share s has standard deviation √(s(1−s)/(c+1)).
     */
    groupShareConcentration: number;
    /**
     * Dirichlet concentration of each path's regional shares of each group (same rule).
     */
    regionShareConcentration: number;
    /**
     * @minItems 1
     * @maxItems 40
     */
    regions: [GeoRegion, ...GeoRegion[]];
    /**
     * Groups of Russian exports to China: the energy carriers and shares of the non-energy part.
     *
     * @minItems 1
     * @maxItems 30
     */
    exportsRuCn: [CommodityGroup, ...CommodityGroup[]];
    /**
     * Groups of Chinese exports to Russia: shares of the whole flow.
     *
     * @minItems 1
     * @maxItems 30
     */
    exportsCnRu: [CommodityGroup, ...CommodityGroup[]];
    /**
     * @minItems 1
     * @maxItems 30
     */
    routes: [TransportRoute, ...TransportRoute[]];
  };
  /**
   * Where each number comes from: keys are JSON pointers into this scenario, values the source or the reasoning behind a judgement.
   */
  sources?: {
    [k: string]: string;
  };
  /**
   * Correlation of the yearly shocks of the stochastic drivers (log Brent, China GDP growth, Russia GDP growth, log USD/RUB). Must be symmetric with a unit diagonal and positive semi-definite; omit for independent drivers.
   */
  correlation?: {
    oil: CorrelationRow;
    chinaGdp: CorrelationRow;
    russiaGdp: CorrelationRow;
    rub: CorrelationRow;
  };
  /**
   * Event probabilities the report answers, each with its Monte Carlo standard error. A child scenario's questions merge with its parent's by id. Exactly one of year, by, anyYear, everyYearThrough says when the condition is tested.
   *
   * @maxItems 100
   */
  questions?: Question[];
}
/**
 * This interface was referenced by `EastwardScenario`'s JSON-Schema
 * via the `definition` "sanctionsEvent".
 */
export interface SanctionsEvent {
  year: Year;
  to: Regime;
  /**
   * Probability that the event happens in that year (then the regime becomes `to`).
   */
  probability: number;
  note?: string;
}
/**
 * What a sanctions regime sets.
 *
 * This interface was referenced by `EastwardScenario`'s JSON-Schema
 * via the `definition` "regimeLevers".
 */
export interface RegimeLevers {
  /**
   * Discount of Russian crude delivered to China under Brent, % of Brent (a proportional discount keeps its meaning at any price).
   */
  crudeDiscountPctOfBrent: number;
  /**
   * Share of potential Chinese exports to Russia lost to payment problems (bank refusals).
   */
  paymentFrictionShare: number;
  /**
   * Multiplier on the calibrated yearly step of logit(national share / ceiling).
   */
  nationalShareSpeedMultiplier: number;
  /**
   * Share of sanctioned LNG capacity that can actually ship.
   */
  sanctionedLngAccessShare: number;
  /**
   * Share of the seaborne crude route capacity usable for China-bound cargoes.
   */
  seaborneCrudeAccessShare: number;
  /**
   * China's ceiling share of Russia's imports, relative to its share in the base year (1 = no headroom).
   */
  chinaImportShareCeilingRelative: number;
}
/**
 * This interface was referenced by `EastwardScenario`'s JSON-Schema
 * via the `definition` "infrastructureItem".
 */
export interface InfrastructureItem {
  id: string;
  name: string;
  /**
   * Design capacity per year (bcm/yr for pipelines, Mt/yr for LNG plants).
   */
  capacity: number;
  /**
   * Probability that the item is ever built (drawn once per path).
   */
  probabilityBuilt: number;
  /**
   * Year of first flows, drawn uniformly between earliest and latest (inclusive) per path.
   */
  startYear: {
    earliest: Year;
    latest: Year;
  };
  /**
   * Years from first flows to full capacity (linear ramp).
   */
  rampYears: number;
  /**
   * LNG only: capacity usable only in the regime's sanctionedLngAccessShare.
   */
  sanctioned?: boolean;
  source?: string;
}
/**
 * This interface was referenced by `EastwardScenario`'s JSON-Schema
 * via the `definition` "geoRegion".
 */
export interface GeoRegion {
  /**
   * Snake-case id: it names the series (trade.group.<id>.…, region.<id>.…, route.<id>.…).
   */
  id: string;
  name: string;
  /**
   * Federal district today: SFD Siberian, FEFD Far Eastern (Buryatia and Zabaykalsky since November 2018), other: the rest of Russia.
   */
  district: "SFD" | "FEFD" | "other";
  /**
   * This region takes what a group's listed shares leave (exactly one region does).
   */
  remainder?: boolean;
  /**
   * Where the numbers of this item come from, or that they are a judgement.
   */
  source?: string;
}
/**
 * This interface was referenced by `EastwardScenario`'s JSON-Schema
 * via the `definition` "commodityGroup".
 */
export interface CommodityGroup {
  /**
   * Snake-case id: it names the series (trade.group.<id>.…, region.<id>.…, route.<id>.…).
   */
  id: string;
  name: string;
  /**
   * HS chapters the group covers (e.g. '44, 47').
   */
  hs: string;
  /**
   * Russian exports only: the group is this energy carrier, valued by the energy block (no share of its own).
   */
  energyCarrier?: "crude_oil" | "oil_products" | "pipeline_gas" | "lng" | "coal";
  /**
   * Share of the flow's non-energy part in the base year (the last group listed takes the remainder on every path).
   */
  baseShare?: number;
  /**
   * Elasticity of the group's relative weight (and of its price per tonne) to Brent relative to the base year: the commodity cycle.
   */
  priceElasticity?: number;
  /**
   * Elasticity of the group's relative weight to the buyer's real GDP growth (China's for Russian exports, Russia's for Chinese exports).
   */
  demandElasticity?: number;
  /**
   * Base-year value per tonne, USD/t: given, the group is rail-borne and its tonnage (value / price) loads the routes. Coal is rail-borne by its Mt.
   */
  usdPerTonne?: number;
  /**
   * Share of the group's flow by region id (0–1, summing to at most 1); the remainder region takes the rest.
   */
  regionShares: {
    [k: string]: number;
  };
  /**
   * Where the numbers of this item come from, or that they are a judgement.
   */
  source?: string;
}
/**
 * This interface was referenced by `EastwardScenario`'s JSON-Schema
 * via the `definition` "route".
 */
export interface TransportRoute {
  /**
   * Snake-case id: it names the series (trade.group.<id>.…, region.<id>.…, route.<id>.…).
   */
  id: string;
  name: string;
  /**
   * An existing route: points (year, value) of its capacity for Russian rail-borne exports to China, Mt/yr; linear between points, flat outside.
   *
   * @minItems 1
   * @maxItems 200
   */
  capacityMtPerYear?: [
    {
      year: Year;
      value: number;
    },
    ...{
      year: Year;
      value: number;
    }[]
  ];
  /**
   * An existing route: share of the rail-borne tonnage that is not diverted to a project that it carries first (existing routes' shares sum to 1).
   */
  baseShare?: number;
  /**
   * An existing route: where tonnage above its capacity goes (a route later in the list); without it the excess is unserved.
   */
  spillTo?: string;
  /**
   * A new route, an infrastructure item drawn per path like a pipeline.
   */
  project?: {
    /**
     * Design capacity for Russian exports to China, Mt/yr.
     */
    capacity: number;
    /**
     * Probability that it is ever built (drawn once per path).
     */
    probabilityBuilt: number;
    /**
     * Year of first flows, drawn uniformly between earliest and latest (inclusive) per path.
     */
    startYear: {
      earliest: Year;
      latest: Year;
    };
    /**
     * Years from first flows to full capacity (linear ramp).
     */
    rampYears: number;
    /**
     * Share of its origin regions' rail-borne tonnage it would carry at full capacity (capped by the capacity in force).
     */
    divertShare: number;
    /**
     * Region ids whose cargo it serves.
     *
     * @minItems 1
     * @maxItems 40
     */
    origins: [string, ...string[]];
  };
  /**
   * Where the numbers of this item come from, or that they are a judgement.
   */
  source?: string;
}
/**
 * This interface was referenced by `EastwardScenario`'s JSON-Schema
 * via the `definition` "correlationRow".
 */
export interface CorrelationRow {
  oil: number;
  chinaGdp: number;
  russiaGdp: number;
  rub: number;
}
/**
 * This interface was referenced by `EastwardScenario`'s JSON-Schema
 * via the `definition` "question".
 */
export interface Question {
  /**
   * Short name, unique within the scenario (used in report files).
   */
  id: string;
  /**
   * The question in words, as the report prints it.
   */
  text: string;
  /**
   * The series the condition is about, by name: `eastward series` lists them with their units (the list is built from the model's blocks for the scenario, so it is checked against the model, not here). Its unit is the series' unit.
   */
  series: string;
  /**
   * series <comparison> threshold.
   */
  comparison: ">=" | ">" | "<=" | "<";
  /**
   * In the series' unit (USD bn, Mt, bcm, share 0–1, …).
   */
  threshold: number;
  /**
   * The condition holds in this projected year.
   */
  year?: number;
  /**
   * The condition holds in at least one projected year up to and including this one.
   */
  by?: number;
  /**
   * The condition holds in at least one projected year.
   */
  anyYear?: true;
  /**
   * The condition holds in every projected year up to and including this one.
   */
  everyYearThrough?: number;
}
