import { checkSageMakerName, profileNameFor } from '../src';

describe('SageMaker names', () => {
  it('maps a person to the profile name Studio accepts', () => {
    expect(profileNameFor('jane.doe')).toBe('jane-doe');
    expect(checkSageMakerName('user profile', profileNameFor('jane.doe'))).toBeUndefined();
  });

  it.each([
    ['', 'must not be empty'],
    ['jane.doe', 'may only contain letters, digits and hyphens'],
    ['-jane', 'must start and end with a letter or digit'],
    ['a'.repeat(64), 'at most 63'],
  ])('rejects %j with a message that says why', (name, reason) => {
    expect(checkSageMakerName('space', name)).toContain(reason);
  });
});
