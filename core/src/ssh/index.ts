/**
 * The laptop half of SSH: the user's public key in their SSM parameter, the targets they can reach
 * by name, getting a space ready, and the session that `sm-ssh proxy` bridges to ssh.
 */
export * from './public-key';
export * from './public-keys-parameter';
export * from './targets';
export * from './find-targets';
export * from './space-app';
export * from './start-session';
export * from './bridge';
export * from './sagemaker-guard';
