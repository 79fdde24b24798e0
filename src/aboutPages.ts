/**
 * The privacy statement and terms of use the Teams app manifest links to (`https://{BOT_DOMAIN}/privacy`, `/terms`),
 * shown to admins and users in the app's details. Plain HTML, no scripts, nothing from the request.
 */

const page = (title: string, paragraphs: string[]) =>
  [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>Attest: ${title}</title>`,
    '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40em;margin:2em auto;padding:0 1em;color:#242424}</style>',
    `</head><body><h1>Attest: ${title}</h1>`,
    ...paragraphs.map((p) => `<p>${p}</p>`),
    '</body></html>',
  ].join('\n');

export const PRIVACY_PAGE = page('privacy', [
  'Attest runs in your organisation’s own Azure subscription, set up by your administrators. It acts as you, with ' +
    'your Microsoft Entra permissions only, and reads and writes access reviews through Microsoft Graph.',
  'It keeps, in your organisation’s Azure Storage account: where to reach you in Teams (the chat reference and your ' +
    'time zone), your reminder settings and which reminders were sent, and your sign-in session, encrypted. It does ' +
    'not keep the people, decisions or justifications of your reviews: those stay in Microsoft Entra.',
  'Its logs hold your Entra object id and what happened (for example, a reminder sent or a failed Graph call), never ' +
    'your messages, justifications, card entries or sign-in tokens.',
  'Type <b>sign out</b> in the chat to remove your session; remove the app to stop reminders, which also removes the ' +
    'chat reference. For anything else, contact your administrators.',
]);

export const TERMS_PAGE = page('terms of use', [
  'Attest is provided by your organisation to help you complete Microsoft Entra access reviews in Teams. What you ' +
    'record through it is recorded in Microsoft Entra as your decision, with your justification, exactly as in the ' +
    'My Access portal, and is subject to your organisation’s policies.',
  'Attest is provided as is, without warranty. Questions about a review go to the person or team that created it.',
]);
