import {
  type AppDetails,
  DeleteAppCommand,
  ListAppsCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { DELETE_CONCURRENCY, listApps, stopApps } from '../src/apps';

const sm = mockClient(SageMakerClient);
const client = new SageMakerClient({ region: 'us-east-1' });
afterEach(() => sm.reset());
afterAll(() => sm.restore());

const app = (name: string, over: Partial<AppDetails> = {}): AppDetails => ({
  DomainId: 'd-1',
  UserProfileName: 'jane-doe',
  AppType: 'KernelGateway',
  AppName: name,
  Status: 'InService',
  CreationTime: new Date('2026-11-01T00:00:00Z'),
  ...over,
});

describe('listApps', () => {
  it('walks every page with one domain-wide filter and 100 per page', async () => {
    const pages = Array.from({ length: 12 }, (_, p) =>
      Array.from({ length: 100 }, (_, i) => app(`a${p}-${i}`)),
    );
    let call = 0;
    sm.on(ListAppsCommand).callsFake(() => {
      const page = pages[call] ?? [];
      call += 1;
      return { Apps: page, NextToken: call < pages.length ? `t${call}` : undefined };
    });
    const apps = await listApps(client, 'd-1');
    expect(apps).toHaveLength(1200);
    const inputs = sm.commandCalls(ListAppsCommand).map((c) => c.args[0].input);
    expect(inputs).toHaveLength(12);
    for (const input of inputs) {
      expect(input).toMatchObject({ DomainIdEquals: 'd-1', MaxResults: 100 });
      expect(input.UserProfileNameEquals).toBeUndefined();
    }
    expect(inputs[1]?.NextToken).toBe('t1');
  });

  it("keeps a user's own apps apart from their spaces'", async () => {
    sm.on(ListAppsCommand).resolves({ Apps: [app('mine'), app('theirs', { SpaceName: 'team' })] });
    const apps = await listApps(client, 'd-1', { kind: 'user', name: 'jane-doe' });
    expect(apps.map((a) => a.AppName)).toEqual(['mine']);
    expect(sm.commandCalls(ListAppsCommand)[0]?.args[0].input).toMatchObject({
      UserProfileNameEquals: 'jane-doe',
    });
  });
});

describe('stopApps', () => {
  it('waits while apps are Pending, then deletes the InService ones except JupyterServer', async () => {
    sm.on(ListAppsCommand)
      .resolvesOnce({
        Apps: [app('k1', { Status: 'Pending' }), app('default', { AppType: 'JupyterServer' })],
      })
      .resolvesOnce({
        Apps: [app('k1', { Status: 'Pending' }), app('default', { AppType: 'JupyterServer' })],
      })
      .resolves({
        Apps: [app('k1'), app('default', { AppType: 'JupyterServer' }), app('old', { Status: 'Deleted' })],
      });
    sm.on(DeleteAppCommand).resolves({});
    const progress: string[] = [];
    const result = await stopApps(
      client,
      'd-1',
      { kind: 'user', name: 'jane-doe' },
      { pollMs: 1, onProgress: (p) => progress.push(p.phase) },
    );
    expect(progress).toEqual(['pending', 'pending']);
    expect(result.stopped.map((a) => a.AppName)).toEqual(['k1']);
    expect(result.kept.map((a) => a.AppName)).toEqual(['default']);
    expect(sm.commandCalls(DeleteAppCommand).map((c) => c.args[0].input)).toEqual([
      { DomainId: 'd-1', AppType: 'KernelGateway', AppName: 'k1', UserProfileName: 'jane-doe' },
    ]);
  });

  it('deletes JupyterServer too when asked and waits until apps are Deleted', async () => {
    const js = app('default', { AppType: 'JupyterServer', SpaceName: 'team', UserProfileName: undefined });
    sm.on(ListAppsCommand)
      .resolvesOnce({ Apps: [js] })
      .resolvesOnce({ Apps: [{ ...js, Status: 'Deleting' }] })
      .resolves({ Apps: [{ ...js, Status: 'Deleted' }] });
    sm.on(DeleteAppCommand).resolves({});
    const phases: string[] = [];
    const result = await stopApps(
      client,
      'd-1',
      { kind: 'space', name: 'team' },
      {
        pollMs: 1,
        includeJupyterServer: true,
        waitUntilDeleted: true,
        onProgress: (p) => phases.push(p.phase),
      },
    );
    expect(result.stopped).toHaveLength(1);
    expect(phases).toEqual(['deleting', 'deleted']);
    expect(sm.commandCalls(DeleteAppCommand)[0]?.args[0].input).toEqual({
      DomainId: 'd-1',
      AppType: 'JupyterServer',
      AppName: 'default',
      SpaceName: 'team',
    });
  });

  it('reports a failing app without giving up on the others', async () => {
    sm.on(ListAppsCommand).resolves({ Apps: [app('a'), app('b')] });
    sm.on(DeleteAppCommand, { AppName: 'a' }).rejects(
      Object.assign(new Error('nope'), { name: 'AccessDeniedException' }),
    );
    sm.on(DeleteAppCommand, { AppName: 'b' }).resolves({});
    const result = await stopApps(client, 'd-1', { kind: 'domain' });
    expect(result.stopped.map((a) => a.AppName)).toEqual(['b']);
    expect(result.failed.map((f) => f.app.AppName)).toEqual(['a']);
  });

  it('stops waiting with an InterruptedError when the signal aborts', async () => {
    sm.on(ListAppsCommand).resolves({ Apps: [app('k', { Status: 'Pending' })] });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 20);
    await expect(
      stopApps(client, 'd-1', { kind: 'domain' }, { pollMs: 5, signal: ac.signal }),
    ).rejects.toMatchObject({
      exitCode: 130,
      message: 'interrupted; apps already asked to stop keep stopping',
    });
  });
});

describe('stopApps concurrency', () => {
  it('keeps at most DELETE_CONCURRENCY DeleteApp calls in flight', async () => {
    sm.on(ListAppsCommand).resolves({ Apps: Array.from({ length: 30 }, (_, i) => app(`a${i}`)) });
    let inFlight = 0;
    let peak = 0;
    sm.on(DeleteAppCommand).callsFake(async () => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight -= 1;
      return {};
    });
    const result = await stopApps(client, 'd-1', { kind: 'domain' });
    expect(result.stopped).toHaveLength(30);
    expect(peak).toBe(DELETE_CONCURRENCY);
  });
});
