import { Client } from '@microsoft/microsoft-graph-client';
import { Person } from '../reviews/reach';
import { seg } from './accessReviews';
import { failureOf, GraphFailure } from './failures';

/** What adding Attest for a user came to. */
export type InstallOutcome =
  | { kind: 'installed' }
  /** 409: it was there already (a repeat of our own request, or the user added it). */
  | { kind: 'alreadyInstalled' }
  /** 403 (no permission, or an admin policy blocks the app for them) or 404 (no such user or app). */
  | { kind: 'refused'; failure: GraphFailure }
  /** Anything else (a timeout, a 5xx): the next scan asks again; a repeat is harmless (409). */
  | { kind: 'failed'; failure: GraphFailure };

/**
 * Adds Attest to a user's personal scope (userteamwork-post-installedapps: application
 * TeamsAppInstallation.ReadWriteSelfForUser.All, which lets an app install only itself). The body binds the app's id
 * in the organization's catalog. Teams then opens the personal chat with the bot and sends it installationUpdate and
 * conversationUpdate, which is where the bot learns how to write to the user.
 */
export async function installForUser(client: Client, userId: string, catalogAppId: string): Promise<InstallOutcome> {
  try {
    await client.api(`/users/${seg(userId, 'user id')}/teamwork/installedApps`).post({
      'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${seg(catalogAppId, 'app id')}`,
    });
    return { kind: 'installed' };
  } catch (err) {
    const failure = failureOf(err);
    if (failure.status === 409) return { kind: 'alreadyInstalled' };
    if (failure.status === 403 || failure.status === 404) return { kind: 'refused', failure };
    return { kind: 'failed', failure };
  }
}

/** A user's manager (user-list-manager: application User.Read.All), or undefined when they have none or it fails. */
export async function managerOf(client: Client, userId: string): Promise<Person | undefined> {
  try {
    const m = (await client
      .api(`/users/${seg(userId, 'user id')}/manager`)
      .query({ $select: 'id,displayName,userPrincipalName' })
      .get()) as { id?: string; displayName?: string; userPrincipalName?: string };
    return m?.id ? { id: m.id, displayName: m.displayName ?? '', userPrincipalName: m.userPrincipalName } : undefined;
  } catch {
    return undefined;
  }
}
