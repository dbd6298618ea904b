/**
 * `npm start`, `npm run local:up`, `npm run local:down`: the local Studio on this machine.
 *   start  runs it in the foreground until Ctrl-C
 *   up     starts it in the background and returns once it answers
 *   down   stops a background one
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DEMO_SEED_FILE, REPO_ROOT, startLocalAws, waitForHttp } from '@studio-teams/emulator';
import { startJupyterLab, type RunningJupyterLab } from '../jupyter/launch';
import type { GitServer, startGitServer as StartGitServer } from '../testing/git-server';

// The SDK warns on every run that future versions will need Node 22; nobody here can act on it.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const STATE_DIR = path.join(REPO_ROOT, '.local');
const PID_FILE = path.join(STATE_DIR, 'local.pid');
const LOG_FILE = path.join(STATE_DIR, 'local.log');
const PORT = Number(process.env.LOCAL_AWS_PORT ?? 4590);
const SEED_FILE = process.env.LOCAL_SEED_FILE ?? DEMO_SEED_FILE;
const bold = (s: string): string => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);

/** The demo user whose JupyterLab `npm start` opens. */
const DEMO_USER = process.env.LOCAL_STUDIO_USER ?? 'jane-doe';
/** The demo user's name on the stand-in GitLab, as the team config writes git names. */
const DEMO_GIT_USER = DEMO_USER.replace(/-/g, '.');
/** The stand-in GitLab's one valid PAT, for the panel's Git section; 0600, never printed. */
const DEMO_PAT_FILE = path.join(STATE_DIR, 'git-demo-pat');
/** The demo user's home: stands for the EFS home, so the panel never touches the developer's own. */
const DEMO_HOME = path.join(STATE_DIR, 'home');
const GIT_CREDENTIAL_HELPER = path.join(
  REPO_ROOT,
  'python',
  'sagemaker_studio_for_teams',
  'sidecar',
  'git-credential.js',
);

/**
 * A GitLab stand-in on loopback (git's http-backend and /api/v4/user) so the Git section can be
 * tried for real: it accepts the demo user with a PAT made per run and kept in DEMO_PAT_FILE.
 */
async function startDemoGit(): Promise<GitServer> {
  const pat = `glpat-${randomBytes(15).toString('hex')}`;
  const tmp = `${DEMO_PAT_FILE}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${pat}\n`, { mode: 0o600 });
  fs.renameSync(tmp, DEMO_PAT_FILE);
  // Plain JS beside the sources (jest and Playwright load it too), so not part of scripts/dist.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startGitServer } = require(path.join(REPO_ROOT, 'scripts', 'testing', 'git-server.js')) as {
    startGitServer: typeof StartGitServer;
  };
  return startGitServer({ username: DEMO_GIT_USER, pat, repo: 'team/demo.git' });
}

async function serve(foreground: boolean): Promise<void> {
  const aws = await startLocalAws({ stateDir: STATE_DIR, port: PORT, seedFile: SEED_FILE });
  const snapshot = aws.emulator.snapshot();
  let lab: RunningJupyterLab | undefined;
  let git: GitServer | undefined;
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    if (foreground) console.log('\nstopping the local Studio…');
    await lab?.close();
    await git?.close();
    await aws.close();
    fs.rmSync(PID_FILE, { force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  if (!foreground) return;

  const domain = snapshot.domains[0];
  if (!domain) throw new Error(`the seed ${SEED_FILE} has no domain`);
  console.log(`starting JupyterLab for ${DEMO_USER} with the extension and the sidecar…`);
  try {
    git = await startDemoGit();
    lab = await startJupyterLab({
      // The local containers have no amazon-ssm-agent: the sidecar registers through the emulator.
      // The git provider is the stand-in GitLab, as the domain tag names the team's in Studio.
      awsEnv: { ...aws.env, STUDIO_TEAMS_EMULATED_SSM_AGENT: aws.url, STUDIO_GIT_PROVIDER: git.url },
      identity: {
        domainId: domain.id,
        userProfileName: DEMO_USER,
        region: snapshot.region,
        accountId: snapshot.accountId,
      },
      install: { kind: 'source' },
      stateDir: path.join(STATE_DIR, 'jupyter'),
      // The demo user's home, kept between runs: the panel's actions (Docker's bastion set-up, the
      // git credential helper, kernels) then never touch the developer's own ~/.ssh, ~/.gitconfig
      // or docker context.
      home: DEMO_HOME,
    });
  } catch (err) {
    await git?.close();
    await aws.close();
    throw err;
  }
  // What the lifecycle script does at app start in Studio: the helper for the provider only. Not
  // synchronously: the emulator it asks runs in this very process.
  try {
    await promisify(execFile)(process.execPath, [GIT_CREDENTIAL_HELPER, 'install'], {
      env: {
        ...process.env,
        ...aws.env,
        HOME: DEMO_HOME,
        STUDIO_GIT_PROVIDER: git.url,
        STUDIO_METADATA_FILE: lab.metadataFile,
      },
      timeout: 30_000,
    });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    console.log(`(the git credential helper was not set up: ${stderr || (err as Error).message})`);
  }
  console.log(`\n${bold('Local Studio is running')}`);
  console.log(`  JupyterLab (${DEMO_USER} of ${domain.name}):  ${bold(lab.labUrl)}`);
  console.log(
    `  emulated AWS:  ${aws.url} (moto behind it); JupyterLab log: ${path.relative(process.cwd(), lab.logFile)}`,
  );
  console.log(`\nIn another terminal, as ${DEMO_USER} on a laptop:`);
  console.log(`  source .local/aws.env`);
  console.log(`  npx sm-studio status --all       # your apps and what they cost`);
  console.log(`  npx sm-studio status-all         # everyone, with EFS use`);
  console.log(`  npx sm-studio down               # stop your apps (watch the status bar follow)`);
  console.log(
    `\nGit section: a stand-in GitLab at ${git.url} accepts ${DEMO_GIT_USER} with the PAT in ` +
      `${path.relative(process.cwd(), DEMO_PAT_FILE)}; then, in a JupyterLab terminal: git clone ${git.repoUrl}`,
  );
  console.log(`\nCtrl-C stops it.`);
}

function readPid(): number | undefined {
  const pid = Number(fs.readFileSync(PID_FILE, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

async function up(): Promise<void> {
  if (fs.existsSync(PID_FILE) && readPid()) {
    console.log(`The local Studio is already running (pid ${readPid()}). Use it with: source .local/aws.env`);
    return;
  }
  fs.mkdirSync(STATE_DIR, { recursive: true });
  const envFile = path.join(STATE_DIR, 'aws.env');
  fs.rmSync(envFile, { force: true });
  const log = fs.openSync(LOG_FILE, 'w');
  const child = spawn(process.execPath, [__filename, 'serve'], {
    detached: true,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  fs.writeFileSync(PID_FILE, String(child.pid));
  let exited = false;
  child.on('exit', () => (exited = true));
  try {
    await waitForHttp(`http://127.0.0.1:${PORT}/_emulator/health`, 60_000, () => !exited);
    // The env file is written last, once seeding is done.
    while (!fs.existsSync(envFile)) {
      if (exited) throw new Error('the local Studio stopped while seeding');
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (err) {
    fs.rmSync(PID_FILE, { force: true });
    const tail = fs.readFileSync(LOG_FILE, 'utf8').split('\n').slice(-15).join('\n');
    console.error(`The local Studio did not start: ${(err as Error).message}\n--- ${LOG_FILE} ---\n${tail}`);
    process.exit(1);
  }
  child.unref();
  console.log(
    `${bold('Local Studio is up')} on http://127.0.0.1:${PORT} (pid ${child.pid}, log ${path.relative(process.cwd(), LOG_FILE)})`,
  );
  console.log(`  source .local/aws.env && npx sm-studio status --all`);
  console.log(`  npm run local:down   stops it`);
}

async function down(): Promise<void> {
  const pid = fs.existsSync(PID_FILE) ? readPid() : undefined;
  if (!pid) {
    fs.rmSync(PID_FILE, { force: true });
    console.log('The local Studio is not running.');
    return;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      fs.rmSync(PID_FILE, { force: true });
      console.log('The local Studio is stopped.');
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  // It ignored SIGTERM: take its whole process group (moto included) down.
  process.kill(-pid, 'SIGKILL');
  fs.rmSync(PID_FILE, { force: true });
  console.log('The local Studio did not stop in 15 s and was killed.');
}

const USAGE = 'usage: node scripts/dist/local/main.js start|up|down';

async function main(): Promise<void> {
  const command = process.argv[2];
  switch (command) {
    case 'start':
      return serve(true);
    case 'serve':
      return serve(false);
    case 'up':
      return up();
    case 'down':
      return down();
    default:
      console.error(USAGE);
      process.exit(2);
  }
}

main().catch((err: unknown) => {
  console.error(`local Studio: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
