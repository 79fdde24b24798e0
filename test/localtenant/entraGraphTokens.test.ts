import { SigningKeys } from '../../localtenant/entra/keys';
import { userGraphToken } from '../support/graph';
import { jsonOf, postJson } from '../support/http';
import { useLocalTenant } from '../support/localTenant';
import { claimsOf, teamsSsoToken } from '../support/tokens';

describe('Graph checks the tokens Entra issued', () => {
  const lt = useLocalTenant();
  const me = (token?: string) =>
    fetch(`${lt().graphV1}/me`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  async function expect401(res: Response, message: RegExp) {
    expect(res.status).toBe(401);
    const body = await jsonOf(res);
    expect(body.error.code).toBe('InvalidAuthenticationToken');
    expect(body.error.message).toMatch(message);
  }

  it('accepts the token from the on-behalf-of exchange', async () => {
    const res = await me(await userGraphToken(lt(), 'AlexW@contoso.com', ['User.Read']));
    expect(res.status).toBe(200);
  });

  it('answers a missing token with 401', async () => {
    await expect401(await me(), /empty/);
  });

  it('answers a token signed with a key that is not the tenant one with 401', async () => {
    const genuine = await userGraphToken(lt(), 'AlexW@contoso.com', ['User.Read']);
    await expect401(await me(new SigningKeys().sign(claimsOf(genuine))), /signature/i);
  });

  it('answers a token for another audience (the Teams SSO token itself) with 401', async () => {
    await expect401(await me(await teamsSsoToken(lt(), 'AlexW@contoso.com')), /audience/i);
  });

  it('answers a token without the permission the call needs with 403', async () => {
    const token = await userGraphToken(lt(), 'AlexW@contoso.com', ['GroupMember.Read.All']);
    const res = await me(token);
    expect(res.status).toBe(403);
    expect((await jsonOf(res)).error.code).toBe('Authorization_RequestDenied');
  });

  it('answers a token that expired by the tenant clock with 401', async () => {
    const token = await userGraphToken(lt(), 'AlexW@contoso.com', ['User.Read']);
    expect((await me(token)).status).toBe(200);
    await postJson(`${lt().url}/_localtenant/clock/advance`, { minutes: 61 });
    await expect401(await me(token), /expired/);
  });
});
