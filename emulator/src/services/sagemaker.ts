import { createApp, deleteApp, describeAppHandler, listApps } from '../studio/apps';
import { describeDomain, listDomains } from '../studio/domains';
import { updateDomain } from '../studio/docker-settings';
import { createPresignedDomainUrl } from '../studio/presigned-url';
import { createSpace, deleteSpace, describeSpace, listSpaces, updateSpace } from '../studio/spaces';
import { addTags, deleteTags, listTags } from '../studio/tags';
import { describeUserProfile, listUserProfiles } from '../studio/user-profiles';
import type { ServiceDefinition } from './service';

/** The Studio part of SageMaker that moto lacks. */
export const sagemakerService: ServiceDefinition = {
  targetPrefix: 'SageMaker',
  botocoreName: 'sagemaker',
  botocoreVersion: '2017-07-24',
  operations: {
    ListDomains: listDomains,
    DescribeDomain: describeDomain,
    UpdateDomain: updateDomain,
    ListUserProfiles: listUserProfiles,
    DescribeUserProfile: describeUserProfile,
    ListSpaces: listSpaces,
    DescribeSpace: describeSpace,
    CreateSpace: createSpace,
    UpdateSpace: updateSpace,
    DeleteSpace: deleteSpace,
    ListApps: listApps,
    DescribeApp: describeAppHandler,
    CreateApp: createApp,
    DeleteApp: deleteApp,
    CreatePresignedDomainUrl: createPresignedDomainUrl,
    AddTags: addTags,
    ListTags: listTags,
    DeleteTags: deleteTags,
  },
};
