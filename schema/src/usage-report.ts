import { Type, type Static } from '@sinclair/typebox';

/**
 * The daily EFS usage report the bastion writes to S3 (location in the domain tag
 * `studio-teams:usage-report`). Keyed by name, not by EFS uid, so readers need no DescribeUserProfile.
 */
export const UsageReport = Type.Object({
  generatedAt: Type.String({ format: 'date-time' }),
  totalBytes: Type.Integer({ minimum: 0 }),
  profiles: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
  spaces: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
});
export type UsageReport = Static<typeof UsageReport>;
