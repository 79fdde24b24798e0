import { graphAs } from '../support/graph';
import { useLocalTenant } from '../support/localTenant';

describe('the Graph SDK client against the local tenant', () => {
  const lt = useLocalTenant();

  it('sends the bearer token over https to the local host and gets Graph errors back as GraphError', async () => {
    const client = await graphAs(lt(), 'AlexW@contoso.com');
    await expect(client.api('/nonsense').get()).rejects.toMatchObject({ statusCode: 400, code: 'BadRequest' });
  });
});
