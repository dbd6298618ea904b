/** The evaluator the IAM tests rely on, checked on its own against IAM's documented rules. */
import { evaluate, resolveIntrinsics, type Statement, wildcardMatch } from './iam-evaluator';

test('wildcards: * any run, ? one character, actions case-insensitive', () => {
  expect(wildcardMatch('arn:aws:s3:::b/*', 'arn:aws:s3:::b/x/y')).toBe(true);
  expect(wildcardMatch('secret:gitlab-bob-??????', 'secret:gitlab-bob-AbC123')).toBe(true);
  expect(wildcardMatch('secret:gitlab-bob-??????', 'secret:gitlab-bob-x-AbC123')).toBe(false);
  expect(wildcardMatch('sagemaker:list*', 'sagemaker:ListApps', true)).toBe(true);
});

test('an explicit Deny wins, no Allow is an implicit deny, NotResource and conditions apply', () => {
  const st: Statement[] = [
    { Effect: 'Allow', Action: 'sagemaker:*', Resource: '*' },
    {
      Effect: 'Deny',
      Action: 'sagemaker:DeleteApp',
      NotResource: 'app/d/bob/*',
      Condition: { Null: { 'sagemaker:SpaceSharingType': 'true' } },
    },
  ];
  expect(evaluate(st, { action: 'sagemaker:DeleteApp', resource: 'app/d/bob/KernelGateway/x' })).toBe(
    'allow',
  );
  expect(evaluate(st, { action: 'sagemaker:DeleteApp', resource: 'app/d/carol/KernelGateway/x' })).toBe(
    'explicit-deny',
  );
  expect(
    evaluate(st, {
      action: 'sagemaker:DeleteApp',
      resource: 'app/d/space/JupyterLab/x',
      context: { 'sagemaker:SpaceSharingType': 'Shared' },
    }),
  ).toBe('allow');
  expect(evaluate(st, { action: 's3:GetObject', resource: 'x' })).toBe('implicit-deny');
  const cond: Statement = {
    Effect: 'Allow',
    Action: 'ssm:StartSession',
    Resource: '*',
    Condition: { StringEquals: { 'ssm:resourceTag/owner': 'bob', other: ['a', 'b'] } },
  };
  expect(
    evaluate([cond], {
      action: 'ssm:StartSession',
      resource: 'i',
      context: { 'ssm:resourceTag/owner': 'bob', other: 'b' },
    }),
  ).toBe('allow');
  expect(
    evaluate([cond], {
      action: 'ssm:StartSession',
      resource: 'i',
      context: { 'ssm:resourceTag/owner': 'bob' },
    }),
  ).toBe('implicit-deny');
});

test('intrinsics resolve, and an unknown reference is an error rather than a guess', () => {
  const values = (n: string) => ({ 'AWS::Partition': 'aws', 'Dom.DomainId': 'd-1' })[n];
  expect(
    resolveIntrinsics(
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':x/', { 'Fn::GetAtt': ['Dom', 'DomainId'] }]] },
      values,
    ),
  ).toBe('arn:aws:x/d-1');
  expect(() => resolveIntrinsics({ Ref: 'Nope' }, values)).toThrow('no value given for Nope');
});
