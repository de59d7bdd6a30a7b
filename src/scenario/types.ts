/** Sanctions regimes, in a fixed order used to index lever tables and transition rows. */
export const REGIMES = ['easing', 'status_quo', 'tightening', 'secondary'] as const;
export type Regime = (typeof REGIMES)[number];

/** Stochastic drivers whose yearly shocks can be correlated, in this order. */
export const DRIVERS = ['oil', 'chinaGdp', 'russiaGdp', 'rub'] as const;
export type Driver = (typeof DRIVERS)[number];

/** How paths draw their random numbers. */
export type Sampling = 'independent' | 'antithetic';

/** A piecewise-linear path of (year, value) points; flat outside the first and last points. */
export type YearPath = ReadonlyArray<{ readonly year: number; readonly value: number }>;

/** What each sanctions regime sets. */
export interface RegimeLevers {
  /** % of Brent. */
  readonly crudeDiscountPctOfBrent: number;
  readonly paymentFrictionShare: number;
  readonly nationalShareSpeedMultiplier: number;
  readonly sanctionedLngAccessShare: number;
  readonly seaborneCrudeAccessShare: number;
  readonly chinaImportShareCeilingRelative: number;
}

/** A pipeline or plant whose construction and start are uncertain. */
export interface InfrastructureItem {
  readonly id: string;
  readonly name: string;
  /** bcm/yr for pipelines, Mt/yr for LNG plants. */
  readonly capacity: number;
  readonly probabilityBuilt: number;
  readonly startYear: { readonly earliest: number; readonly latest: number };
  readonly rampYears: number;
  readonly sanctioned?: boolean;
  readonly source?: string;
}

export interface SanctionsEvent {
  readonly year: number;
  readonly to: Regime;
  readonly probability: number;
  readonly note?: string;
}

/** How a question's condition is tested against a series. */
export type Comparison = '>=' | '>' | '<=' | '<';

/**
 * An event probability the report answers: "series <comparison> threshold", tested in one year
 * (`year`), in at least one year up to `by`, in any projected year (`anyYear`), or in every year
 * up to `everyYearThrough`. Exactly one of the four.
 */
export interface Question {
  readonly id: string;
  readonly text: string;
  /** A series name from the report (see SERIES); the threshold is in its unit. */
  readonly series: string;
  readonly comparison: Comparison;
  readonly threshold: number;
  readonly year?: number;
  readonly by?: number;
  readonly anyYear?: true;
  readonly everyYearThrough?: number;
}

/** A resolved scenario (after `extends` is merged), as the schema describes it. */
export interface Scenario {
  readonly $schema?: string;
  readonly extends?: string;
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** Source or reasoning for each number, keyed by JSON pointer. */
  readonly sources?: Readonly<Record<string, string>>;
  readonly horizon: number;
  readonly simulation: {
    readonly runs: number;
    readonly seed: number;
    readonly shocks?: boolean;
    readonly sampling?: Sampling;
    readonly targetRelativeError?: number;
    /** false: every calibrated parameter at its point value on every path. */
    readonly parameterUncertainty?: boolean;
  };
  /** Correlation of the drivers' yearly shocks; identity when omitted. */
  readonly correlation?: Readonly<Record<Driver, Readonly<Record<Driver, number>>>>;
  readonly oil: {
    readonly anchorUsdPerBarrel: YearPath;
    readonly meanReversionPhi?: number;
    readonly volatilityLog?: number;
    readonly jumpProbabilityPerYear: number;
    readonly jumpMeanLog: number;
    readonly jumpStdLog: number;
  };
  readonly sanctions: {
    readonly initialRegime: Regime;
    readonly transitionMatrix: Readonly<Record<Regime, Readonly<Record<Regime, number>>>>;
    readonly events: readonly SanctionsEvent[];
    readonly levers: Readonly<Record<Regime, RegimeLevers>>;
    /** "Cap = market minus X %" from each review's year on, binding on a share of crude to China. */
    readonly priceCap?: {
      readonly reviews: ReadonlyArray<{ readonly year: number; readonly marketMinusPct: number }>;
      readonly enforcementShare: number;
      readonly regimes?: readonly Regime[];
    };
  };
  readonly macro: {
    readonly chinaGdpGrowthPct: YearPath;
    readonly russiaTrendGrowthPct: YearPath;
    readonly chinaGdpVolatilityPct?: number;
    readonly russiaGdpVolatilityPct?: number;
    readonly russiaGrowthOilSensitivityPct?: number;
    readonly rubOilElasticity?: number;
    readonly rubDriftPctPerYear: number;
    readonly rubVolatilityLog?: number;
  };
  readonly energy: {
    readonly pipelineGas: {
      readonly projects: readonly InfrastructureItem[];
      readonly priceUsdPer1000m3PerUsdBrent: number;
      readonly utilisationVolatility: number;
      readonly utilisationAdjustmentSpeed: number;
      readonly overrunMaxShare: number;
    };
    readonly crude: {
      readonly pipelineCapacityMt: number;
      readonly kazakhstanTransitMt: number;
      readonly seaborneCapacityMt: YearPath;
      readonly seaborneCapacityUncertaintyShare: number;
      readonly demandTrendLogPerYear?: number;
      readonly volumeVolatility?: number;
    };
    readonly lng: {
      readonly plants: readonly InfrastructureItem[];
      readonly priceUsdPerTonnePerUsdBrent: number;
      readonly volumeVolatility?: number;
      readonly chinaShareOfCapacity?: number;
      readonly chinaShareTrendLogPerYear?: number;
    };
    readonly coal: {
      readonly railCapacityMtPerYear: YearPath;
      readonly demandGdpElasticity: number;
      readonly priceUsdPerTonneBase: number;
      readonly priceOilElasticity: number;
      readonly demandVolatility?: number;
      readonly demandTrendLogPerYear?: number;
      readonly railCapacityUncertaintyShare: number;
    };
    readonly breakProbabilityPerYear?: number;
    readonly breakMinLog?: number;
    readonly breakMeanExcessLog?: number;
  };
  readonly trade: {
    readonly nonEnergyGdpElasticity: number;
    readonly importIncomeElasticity?: number;
    readonly importRubElasticity?: number;
    readonly chinaShareAdjustmentSpeed: number;
    readonly nonEnergyVolatility?: number;
    readonly nonEnergyTrendLogPerYear?: number;
    readonly chineseExportsVolatility?: number;
    readonly chineseExportsTrendLogPerYear?: number;
    readonly trendDampingPerYear?: number;
    readonly breakProbabilityPerYear?: number;
    readonly breakMinLog?: number;
    readonly breakMeanExcessLog?: number;
  };
  /** Event probabilities to answer in the report. */
  readonly questions?: readonly Question[];
  readonly settlement: {
    readonly ceiling: number;
    readonly ceilingRange?: { readonly min: number; readonly max: number };
    readonly logitStepPerYear?: number;
    readonly logitStepVolatility: number;
    readonly cnyShareOfNational: number;
    readonly cnyShareOfNationalTarget: number;
    readonly nonNationalSplit: { readonly usd: number; readonly eur: number; readonly other: number };
  };
}
