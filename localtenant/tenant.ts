import { Clock } from './clock';
import { Directory } from './directory';
import { SigningKeys } from './entra/keys';
import { Governance } from './governance';
import { AccessReviews } from './graph/accessReviews/store';
import { AppRegistration } from './model';
import { TeamsApps } from './teamsApps';

/** Everything the local tenant knows: one Entra tenant with its directory, apps and access reviews. */
export class Tenant {
  readonly clock = new Clock();
  readonly keys = new SigningKeys();
  readonly directory = new Directory();
  readonly governance = new Governance();
  readonly apps = new Map<string, AppRegistration>();
  /** The Teams app catalog and the apps installed for users. */
  readonly teamsApps = new TeamsApps();
  readonly accessReviewPolicy = { isGroupOwnerManagementEnabled: true };
  readonly reviews: AccessReviews;
  /** Set when the server listens: https://localhost:{port}. */
  baseUrl = '';

  constructor(
    readonly id: string,
    readonly domain: string,
  ) {
    this.reviews = new AccessReviews(this);
  }

  /** Issuer of v2.0 tokens, as Entra writes it: {authority host}/{tenant id}/v2.0. */
  get issuer(): string {
    return `${this.baseUrl}/${this.id}/v2.0`;
  }

  addApp(app: AppRegistration): void {
    this.apps.set(app.clientId, app);
  }
}
