import { loadOrMakeCa } from '../localtenant/tls';
import { DEFAULT_CA_DIR } from '../localtenant/index';

/** Makes the local tenant's CA once (before any process that must trust it starts) and prints its path. */
loadOrMakeCa(DEFAULT_CA_DIR).then(
  (ca) => console.log(ca.certPath),
  (err) => {
    console.error(`Could not make the local CA: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  },
);
