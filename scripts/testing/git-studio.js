// @ts-check
'use strict';
/**
 * The local Studio's side of git-auth tests: the domain tag naming the git provider and the user
 * profile's git identity tags (what the CDK app sets in a real account), and the resource metadata
 * a container of that user would have. Over HTTP with the real SDK, as everything else.
 */
const fs = require('node:fs');
const {
  AddTagsCommand,
  DeleteTagsCommand,
  DescribeDomainCommand,
  DescribeUserProfileCommand,
  ListDomainsCommand,
  SageMakerClient,
} = require('@aws-sdk/client-sagemaker');

const { DOMAIN_TAGS, USER_PROFILE_TAGS } = require('@studio-teams/schema');

const TAGS = {
  gitProviderHost: DOMAIN_TAGS.gitProviderHost,
  gitUserName: USER_PROFILE_TAGS.gitUserName,
  email: USER_PROFILE_TAGS.email,
};

/**
 * @param {Record<string, string>} env the local Studio's AWS env (endpoint, region, credentials)
 * @param {{ domainName?: string, user: string, provider?: string | null, gitUserName?: string, email?: string }} opts
 * @returns {Promise<{ domainId: string }>}
 */
async function tagGitStudio(env, opts) {
  const sagemaker = new SageMakerClient({
    endpoint: env.AWS_ENDPOINT_URL,
    region: env.AWS_REGION,
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
      sessionToken: env.AWS_SESSION_TOKEN,
    },
  });
  try {
    const { Domains = [] } = await sagemaker.send(new ListDomainsCommand({}));
    const found = Domains.find((d) => d.DomainName === (opts.domainName ?? 'datascience'));
    if (!found?.DomainId) throw new Error('no such domain in the local Studio');
    const domain = await sagemaker.send(new DescribeDomainCommand({ DomainId: found.DomainId }));
    const domainArn = /** @type {string} */ (domain.DomainArn);
    if (opts.provider === null)
      await sagemaker.send(
        new DeleteTagsCommand({ ResourceArn: domainArn, TagKeys: [TAGS.gitProviderHost] }),
      );
    else if (opts.provider !== undefined)
      await sagemaker.send(
        new AddTagsCommand({
          ResourceArn: domainArn,
          Tags: [{ Key: TAGS.gitProviderHost, Value: opts.provider }],
        }),
      );
    const profile = await sagemaker.send(
      new DescribeUserProfileCommand({ DomainId: found.DomainId, UserProfileName: opts.user }),
    );
    const tags = [];
    if (opts.gitUserName) tags.push({ Key: TAGS.gitUserName, Value: opts.gitUserName });
    if (opts.email) tags.push({ Key: TAGS.email, Value: opts.email });
    if (tags.length > 0)
      await sagemaker.send(new AddTagsCommand({ ResourceArn: profile.UserProfileArn, Tags: tags }));
    return { domainId: found.DomainId };
  } finally {
    sagemaker.destroy();
  }
}

/**
 * Studio's resource-metadata.json for a classic app of `user`.
 * @param {string} file @param {{ domainId: string, user: string, appType?: string, region?: string }} who
 */
function writeStudioMetadata(file, who) {
  const region = who.region ?? 'us-east-1';
  fs.writeFileSync(
    file,
    JSON.stringify({
      DomainId: who.domainId,
      UserProfileName: who.user,
      AppType: who.appType ?? 'JupyterServer',
      ResourceName: 'default',
      ResourceArn: `arn:aws:sagemaker:${region}:123456789012:app/${who.domainId}/${who.user}/${who.appType ?? 'JupyterServer'}/default`,
    }),
  );
}

module.exports = { tagGitStudio, writeStudioMetadata, TAGS };
