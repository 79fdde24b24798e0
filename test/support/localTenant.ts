import { LocalTenant, LocalTenantOptions, startLocalTenant } from '../../localtenant';

/**
 * Starts a local tenant for one test file and stops it afterwards. The process trusts its CA through
 * NODE_EXTRA_CA_CERTS (set by `npm test`), exactly as the bot does when the launcher starts it.
 */
export function useLocalTenant(opts: LocalTenantOptions = {}): () => LocalTenant {
  let lt: LocalTenant | undefined;
  beforeAll(async () => {
    lt = await startLocalTenant({ port: 0, ...opts });
  });
  afterAll(async () => {
    await lt?.stop();
  });
  return () => {
    if (!lt) throw new Error('local tenant not started');
    return lt;
  };
}
