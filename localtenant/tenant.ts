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

  /** An app registration by its client id, in any letter case (as Entra matches application ids). */
  app(clientId: string): AppRegistration | undefined {
    return (
      this.apps.get(clientId) ??
      [...this.apps.values()].find((a) => a.clientId.toLowerCase() === clientId.toLowerCase())
    );
  }

  /**
   * Admin consent of application permissions: what the app is granted becomes exactly `permissions` (in that order,
   * once each). Tokens issued from now on carry them in their roles claim; tokens already issued keep theirs until
   * they expire, as Entra's do. Returns false for an app the tenant does not know.
   */
  grantApplicationPermissions(clientId: string, permissions: string[]): boolean {
    const app = this.app(clientId);
    if (!app) return false;
    app.applicationPermissions = [...new Set(permissions)];
    return true;
  }
}
