import type { Tenant } from '../tenant';
import { seedContosoDirectory } from './contosoDirectory';
import { seedContosoGovernance } from './contosoGovernance';
import { seedContosoReviews } from './contosoReviews';
import { seedContosoTeams } from './contosoTeams';

/** The Contoso demo tenant, built from the public access reviews tutorials with their ids. */
export function seedContoso(tenant: Tenant): void {
  seedContosoDirectory(tenant);
  seedContosoReviews(tenant);
  seedContosoGovernance(tenant);
  seedContosoTeams(tenant);
}
