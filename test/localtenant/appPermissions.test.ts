import { defaultBotApp, LOCAL_BOT_ID, startLocalTenant } from '../../localtenant';
import { parseCliArgs } from '../../localtenant/cliOptions';
import { AppRegistration } from '../../localtenant/model';
import { graphFetch, jsonOf } from '../support/http';
import { useLocalTenant } from '../support/localTenant';
import { appToken, claimsOf } from '../support/tokens';

/**
 * Admin consent of application permissions, at start (the botApplicationPermissions option, the CLI flag) and while
 * the tenant runs (PUT /_localtenant/apps/{clientId}/applicationPermissions): client credentials tokens issued after
 * it carry the permissions granted as their roles claim, and Graph answers by them.
 */
const bot = defaultBotApp('bot-secret');
const lt = useLocalTenant({ apps: [bot] });

const knob = (clientId: string) => `${lt().url}/_localtenant/apps/${clientId}/applicationPermissions`;
const put = (clientId: string, body: unknown) =>
  fetch(knob(clientId), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const definitions = (token: string) =>
  graphFetch(`${lt().graphV1}/identityGovernance/accessReviews/definitions?$top=1`, token, 'GET');

describe('granting application permissions at run time', () => {
  it('starts the default bot app with none: no roles claim, and Graph refuses it', async () => {
    expect(defaultBotApp('x').applicationPermissions).toEqual([]);
    const token = await appToken(lt(), bot);
    expect(claimsOf(token).roles).toBeUndefined();
    const res = await definitions(token);
    expect(res.status).toBe(403);
    expect((await jsonOf(res)).error.code).toBe('Authorization_RequestDenied');
    expect(await jsonOf(await fetch(knob(LOCAL_BOT_ID)))).toEqual({ permissions: [] });
  });

  it('replaces what the app is granted (204); tokens issued after it carry the new roles', async () => {
    const before = await appToken(lt(), bot);
    const res = await put(LOCAL_BOT_ID, { permissions: ['AccessReview.Read.All', 'User.Read.All'] });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    const after = await appToken(lt(), bot);
    expect(claimsOf(after).roles).toEqual(['AccessReview.Read.All', 'User.Read.All']);
    expect((await definitions(after)).status).toBe(200);
    // A token issued before the consent keeps the roles it was issued with, as Entra's do.
    expect(claimsOf(before).roles).toBeUndefined();
    expect((await definitions(before)).status).toBe(403);
    expect(await jsonOf(await fetch(knob(LOCAL_BOT_ID)))).toEqual({
      permissions: ['AccessReview.Read.All', 'User.Read.All'],
    });

    // Replaced, not added to: the next grant is all the app has.
    expect((await put(LOCAL_BOT_ID, { permissions: ['TeamsAppInstallation.ReadWriteSelfForUser.All'] })).status).toBe(
      204,
    );
    const replaced = await appToken(lt(), bot);
    expect(claimsOf(replaced).roles).toEqual(['TeamsAppInstallation.ReadWriteSelfForUser.All']);
    expect((await definitions(replaced)).status).toBe(403);

    // An empty list withdraws every permission: Entra leaves the roles claim out.
    expect((await put(LOCAL_BOT_ID, { permissions: [] })).status).toBe(204);
    expect(claimsOf(await appToken(lt(), bot)).roles).toBeUndefined();
  });

  it('finds the app by its client id in any letter case', async () => {
    expect((await put(LOCAL_BOT_ID.toUpperCase(), { permissions: ['AccessReview.Read.All'] })).status).toBe(204);
    expect(claimsOf(await appToken(lt(), bot)).roles).toEqual(['AccessReview.Read.All']);
    expect((await put(LOCAL_BOT_ID, { permissions: [] })).status).toBe(204);
  });

  it('answers 404 for an app the tenant does not know', async () => {
    const res = await put('00000000-0000-0000-0000-0000000000aa', { permissions: ['AccessReview.Read.All'] });
    expect(res.status).toBe(404);
    expect((await jsonOf(res)).error.code).toBe('ResourceNotFound');
    expect((await fetch(knob('00000000-0000-0000-0000-0000000000aa'))).status).toBe(404);
  });

  it('answers 400 for a body that is not a list of permission names, and grants nothing', async () => {
    for (const body of [
      {},
      { permissions: 'AccessReview.Read.All' },
      { permissions: ['AccessReview.Read.All', 7] },
      { permissions: [null] },
      { permissions: [''] },
      ['AccessReview.Read.All'],
      'not json',
    ]) {
      const res = await put(LOCAL_BOT_ID, body);
      expect(res.status).toBe(400);
      expect((await jsonOf(res)).error.code).toBe('BadRequest');
    }
    expect(claimsOf(await appToken(lt(), bot)).roles).toBeUndefined();
  });
});

describe('granting the bot app application permissions at start', () => {
  it('gives the default bot app the permissions of botApplicationPermissions', async () => {
    const started = await startLocalTenant({
      port: 0,
      botApplicationPermissions: ['AccessReview.Read.All', 'TeamsAppInstallation.ReadWriteSelfForUser.All'],
    });
    try {
      expect(started.apps[0].clientId).toBe(LOCAL_BOT_ID);
      const claims = claimsOf(await appToken(started, started.apps[0]));
      expect(claims.roles).toEqual(['AccessReview.Read.All', 'TeamsAppInstallation.ReadWriteSelfForUser.All']);
    } finally {
      await started.stop();
    }
  });

  it('refuses the option when the apps given do not include the bot app', async () => {
    const other: AppRegistration = { ...defaultBotApp('s'), clientId: '1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b' };
    await expect(startLocalTenant({ port: 0, apps: [other], botApplicationPermissions: [] })).rejects.toThrow(
      /botApplicationPermissions/,
    );
  });

  it('reads the CLI flag --bot-application-permissions (after = or as the next argument)', () => {
    expect(parseCliArgs([])).toEqual({});
    expect(parseCliArgs(['--bot-application-permissions=AccessReview.Read.All, User.Read.All'])).toEqual({
      botApplicationPermissions: ['AccessReview.Read.All', 'User.Read.All'],
    });
    expect(parseCliArgs(['--bot-application-permissions', 'AccessReview.Read.All'])).toEqual({
      botApplicationPermissions: ['AccessReview.Read.All'],
    });
    expect(parseCliArgs(['--bot-application-permissions='])).toEqual({ botApplicationPermissions: [] });
    expect(() => parseCliArgs(['--bot-application-permissions'])).toThrow(/comma-separated/);
    expect(() => parseCliArgs(['--bot-app-permissions=AccessReview.Read.All'])).toThrow(/Unknown argument/);
  });
});
