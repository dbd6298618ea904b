/**
 * On-demand price per hour of Studio apps (notebook instances), in USD.
 *
 * A fallback table, not the truth: the sidecar prefers the AWS Price List API when it can reach it.
 * An instance type missing here is reported as "price unknown", never as $0.
 */
export interface PriceTable {
  /** Where the figures come from, so a reader can check them. */
  readonly source: string;
  /** When they were transcribed (ISO date). */
  readonly asOf: string;
  readonly currency: 'USD';
  /** region -> instance type -> USD per hour */
  readonly regions: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export const PRICE_TABLE: PriceTable = {
  source: 'Amazon SageMaker pricing, On-Demand, Studio notebooks (JupyterLab / Code Editor / Studio Classic)',
  asOf: '2026-11-01',
  currency: 'USD',
  regions: {
    'us-east-1': {
      // JupyterServer apps of classic Studio run on a free "system" instance.
      system: 0,
      'ml.t3.medium': 0.05,
      'ml.t3.large': 0.1,
      'ml.t3.xlarge': 0.2,
      'ml.t3.2xlarge': 0.399,
      'ml.m5.large': 0.115,
      'ml.m5.xlarge': 0.23,
      'ml.m5.2xlarge': 0.461,
      'ml.m5.4xlarge': 0.922,
      'ml.m5.8xlarge': 1.843,
      'ml.m5.12xlarge': 2.765,
      'ml.m5.16xlarge': 3.686,
      'ml.m5.24xlarge': 5.53,
      'ml.c5.large': 0.102,
      'ml.c5.xlarge': 0.204,
      'ml.c5.2xlarge': 0.408,
      'ml.c5.4xlarge': 0.816,
      'ml.c5.9xlarge': 1.836,
      'ml.r5.large': 0.151,
      'ml.r5.xlarge': 0.302,
      'ml.r5.2xlarge': 0.605,
      'ml.r5.4xlarge': 1.21,
      'ml.g4dn.xlarge': 0.736,
      'ml.g4dn.2xlarge': 0.94,
      'ml.g4dn.4xlarge': 1.505,
      'ml.g4dn.8xlarge': 2.72,
      'ml.g4dn.12xlarge': 4.89,
      'ml.g5.xlarge': 1.408,
      'ml.g5.2xlarge': 1.515,
      'ml.g5.4xlarge': 2.03,
      'ml.g5.8xlarge': 3.06,
      'ml.g5.12xlarge': 7.09,
      'ml.p3.2xlarge': 3.825,
      'ml.p3.8xlarge': 14.688,
      'ml.p4d.24xlarge': 37.688,
    },
  },
};
