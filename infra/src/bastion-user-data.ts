import { BASTION_CONNECTION_SECRET, BASTION_EFS_MOUNT } from '@studio-teams/schema';

export interface BastionScriptProps {
  readonly region: string;
  readonly domainName: string;
  /** `usageReportLocation(...)` of the domain; the domain id part is filled in on the bastion. */
  readonly reportBucket: string;
  /** Key with `{domainId}` where the domain id goes (`efs-usage/{domainId}.json`). */
  readonly reportKeyPattern: string;
}

/** Where the boot script puts its helpers on the bastion. */
export const BASTION_BIN = '/usr/local/sbin';

/** Prints the id of the domain named `domainName` (nothing while it does not exist yet). */
export function domainFinderScript(p: Pick<BastionScriptProps, 'region' | 'domainName'>): string {
  return `#!/bin/bash
aws sagemaker list-domains --region ${p.region} --query "Domains[?DomainName=='${p.domainName}' && Status!='Deleting'].DomainId | [0]" --output text 2>/dev/null | grep -v '^None$' || true
`;
}

export interface UsageReportScriptProps extends BastionScriptProps {
  /** Where the home EFS is mounted (one folder per HomeEfsFileSystemUid). */
  readonly mount: string;
  /** The domain finder's path. */
  readonly domainFinder: string;
  /** Refuse to report while nothing is mounted there (on the bastion: an empty folder would read as 0). */
  readonly requireMount: boolean;
}

/**
 * The daily EFS usage report: bytes per profile and per space, keyed by name (the shape of
 * schema's UsageReport, which `status-all` reads), uploaded to the domain's `usageReportLocation`.
 * Python 3 and the AWS CLI, both on the Ubuntu image.
 */
export function usageReportScript(p: UsageReportScriptProps): string {
  return `#!/usr/bin/env python3
"""Daily EFS use per profile and per space, keyed by name, to s3://${p.reportBucket}/${p.reportKeyPattern}."""
import datetime, json, os, subprocess, sys, tempfile

MOUNT = ${JSON.stringify(p.mount)}

def aws(*args):
    out = subprocess.run(["aws", "--region", ${JSON.stringify(p.region)}, "--output", "json", *args], check=True, capture_output=True, text=True).stdout
    return json.loads(out) if out.strip() else {}

def du(path):
    try:
        return int(subprocess.run(["du", "-sb", path], check=True, capture_output=True, text=True).stdout.split()[0])
    except (subprocess.CalledProcessError, ValueError, IndexError):
        return 0

domain = subprocess.run([${JSON.stringify(p.domainFinder)}], capture_output=True, text=True).stdout.strip()
if not domain:
    sys.exit("no domain named ${p.domainName} yet")
if ${p.requireMount ? 'True' : 'False'} and not os.path.ismount(MOUNT):
    sys.exit(f"the home EFS is not mounted at {MOUNT}")

def uids(kind, items_key, name_key, describe, name_arg):
    names = [x[name_key] for x in aws("sagemaker", f"list-{kind}", "--domain-id-equals", domain)[items_key]]
    return {n: aws("sagemaker", describe, "--domain-id", domain, name_arg, n).get("HomeEfsFileSystemUid") for n in names}

size = lambda uid: du(os.path.join(MOUNT, str(uid))) if uid else 0
profiles = uids("user-profiles", "UserProfiles", "UserProfileName", "describe-user-profile", "--user-profile-name")
spaces = uids("spaces", "Spaces", "SpaceName", "describe-space", "--space-name")
report = {
    "generatedAt": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    "totalBytes": du(MOUNT),
    "profiles": {n: size(u) for n, u in profiles.items()},
    "spaces": {n: size(u) for n, u in spaces.items()},
}
with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
    json.dump(report, f)
key = ${JSON.stringify(p.reportKeyPattern)}.replace("{domainId}", domain)
try:
    subprocess.run(["aws", "s3", "cp", f.name, f"s3://${p.reportBucket}/{key}", "--region", ${JSON.stringify(p.region)}, "--only-show-errors"], check=True)
finally:
    os.unlink(f.name)
`;
}

/**
 * The bastion's boot script. The domain is found by name (the domain is tagged with this instance's
 * id, so the instance cannot wait for the domain in CloudFormation): the mount is retried every ten
 * minutes until the domain and its EFS exist. The EFS DNS name resolves to the mount target in the
 * instance's own AZ, which is what the original looked up by IP.
 */
export function bastionUserData(p: BastionScriptProps): string {
  const finder = `${BASTION_BIN}/studio-teams-domain`;
  return `#!/bin/bash
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -yq docker.io nfs-common python3 cron unzip curl
if ! command -v aws >/dev/null; then snap install aws-cli --classic; fi
usermod -aG docker ubuntu
systemctl enable --now docker cron
mkdir -p ${BASTION_EFS_MOUNT} ${BASTION_BIN}

cat >${finder} <<'EOS'
${domainFinderScript(p)}EOS

cat >${BASTION_BIN}/studio-teams-mount-efs <<'EOS'
#!/bin/bash
# Mounts the domain's home EFS at ${BASTION_EFS_MOUNT}; a no-op once mounted.
set -eu
mountpoint -q ${BASTION_EFS_MOUNT} && exit 0
domain=$(${finder})
[ -n "$domain" ] || exit 0
fs=$(aws sagemaker describe-domain --region ${p.region} --domain-id "$domain" --query HomeEfsFileSystemId --output text)
mount -t nfs4 -o nfsvers=4.1,rsize=1048576,wsize=1048576,hard,timeo=600,retrans=2,noresvport "$fs.efs.${p.region}.amazonaws.com:/" ${BASTION_EFS_MOUNT}
EOS

cat >${BASTION_BIN}/studio-teams-usage-report <<'EOS'
${usageReportScript({ ...p, mount: BASTION_EFS_MOUNT, domainFinder: finder, requireMount: true })}EOS

cat >${BASTION_BIN}/studio-teams-connection-secret <<'EOS'
#!/bin/bash
# The key Studio containers use to reach Docker here (ssh over SSM), made on this machine and written
# to the secret ${BASTION_CONNECTION_SECRET}: the private key never passes through CloudFormation.
set -eu
key=/home/ubuntu/.ssh/studio-teams
install -d -m 700 -o ubuntu -g ubuntu /home/ubuntu/.ssh
if [ ! -f "$key" ]; then
  ssh-keygen -q -t ed25519 -N '' -C studio-teams-bastion -f "$key"
  chown ubuntu:ubuntu "$key" "$key.pub"
fi
grep -qxF "$(cat "$key.pub")" /home/ubuntu/.ssh/authorized_keys 2>/dev/null || cat "$key.pub" >>/home/ubuntu/.ssh/authorized_keys
chown ubuntu:ubuntu /home/ubuntu/.ssh/authorized_keys
token=$(curl -sS -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 60')
instance=$(curl -sS -H "X-aws-ec2-metadata-token: $token" http://169.254.169.254/latest/meta-data/instance-id)
umask 077
printf '{"instance_id":"%s","private_key":"%s"}' "$instance" "$(base64 -w0 "$key")" >/root/connection.json
aws secretsmanager put-secret-value --region ${p.region} --secret-id ${BASTION_CONNECTION_SECRET} --secret-string file:///root/connection.json >/dev/null
rm -f /root/connection.json
EOS

chmod 755 ${BASTION_BIN}/studio-teams-*
cat >/etc/cron.d/studio-teams <<'EOS'
*/10 * * * * root ${BASTION_BIN}/studio-teams-mount-efs
17 3 * * * root docker system prune -af --filter until=168h
47 3 * * * root ${BASTION_BIN}/studio-teams-usage-report
EOS
${BASTION_BIN}/studio-teams-connection-secret
${BASTION_BIN}/studio-teams-mount-efs || true
`;
}
