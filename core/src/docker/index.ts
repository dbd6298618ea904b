/**
 * Docker from a Studio container: Studio's own engine when the domain allows it and one answers,
 * otherwise the team bastion's over ssh through an SSM session (the key from the bastion's secret,
 * a `Host sm-bastion` block, the docker context `sm-bastion`, DOCKER_HOST for terminals).
 */
export * from './connection-secret';
export * from './marked-block';
export * from './bastion-ssh';
export * from './profile';
export * from './docker-cli';
export * from './studio-access';
export * from './context';
export * from './status';
export * from './setup';
export * from './test-docker';
export * from './ssm-proxy';
