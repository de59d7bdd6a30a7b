/**
 * The scenario contract as TypeScript types, derived from the one JSON Schema
 * (schemas/scenario.schema.json) by json-schema-to-typescript into scenario.generated.ts
 * (`npm run contract`; a test checks the generated file is in step with the schema). Nothing here
 * restates a field: change the schema, regenerate, and the types follow.
 */
import type { CorrelationRow, EastwardScenario, InfrastructureItem as InfrastructureItemDocument, Question as QuestionDocument, RegimeLevers as RegimeLeversDocument, SanctionsEvent as SanctionsEventDocument } from './scenario.generated.js';

/** Read-only all the way down: a resolved scenario is never mutated by the engine. */
export type DeepReadonly<T> = T extends (infer E)[] ? ReadonlyArray<DeepReadonly<E>> : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/** Sanctions regimes, in a fixed order used to index lever tables and transition rows. */
export const REGIMES = ['easing', 'status_quo', 'tightening', 'secondary'] as const satisfies ReadonlyArray<EastwardScenario['sanctions']['initialRegime']>;
export type Regime = (typeof REGIMES)[number];

/** Stochastic drivers whose yearly shocks can be correlated, in this order. */
export const DRIVERS = ['oil', 'chinaGdp', 'russiaGdp', 'rub'] as const satisfies ReadonlyArray<keyof CorrelationRow>;
export type Driver = (typeof DRIVERS)[number];

/** A resolved scenario (after `extends` is merged), as the schema describes it. */
export type Scenario = DeepReadonly<EastwardScenario>;

/** How paths draw their random numbers. */
export type Sampling = NonNullable<Scenario['simulation']['sampling']>;

/** A piecewise-linear path of (year, value) points; flat outside the first and last points. */
export type YearPath = ReadonlyArray<{ readonly year: number; readonly value: number }>;

/** What each sanctions regime sets. */
export type RegimeLevers = DeepReadonly<RegimeLeversDocument>;

/** A pipeline or plant whose construction and start are uncertain. */
export type InfrastructureItem = DeepReadonly<InfrastructureItemDocument>;

export type SanctionsEvent = DeepReadonly<SanctionsEventDocument>;

/**
 * An event probability the report answers: "series <comparison> threshold", tested in one year
 * (`year`), in at least one year up to `by`, in any projected year (`anyYear`), or in every year
 * up to `everyYearThrough`. Exactly one of the four.
 */
export type Question = DeepReadonly<QuestionDocument>;

/** How a question's condition is tested against a series. */
export type QuestionComparison = Question['comparison'];

/** The scenario's commodity groups, regions and routes (optional: an allocation of the national flows). */
export type Geography = NonNullable<Scenario['geography']>;
