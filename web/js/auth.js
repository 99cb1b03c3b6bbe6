// Signing in with the OpenID Connect provider the API names (GET /api/auth/config), as a public client running in the browser:
// the authorization code flow with PKCE (S256), a random state (checked when the provider sends the browser back) and nonce
// (checked in the id_token), no client secret. The tokens live in this tab's sessionStorage, which the tab's pages share and
// which goes when the tab closes: never in localStorage or a cookie. Importing this module sends nothing.
import { api } from './common.js';

const PENDING = 'motcua.signin';
const SESSION = 'motcua.account';
const EXPIRED = 'motcua.expired';
export const CALLBACK_PATH = '/signin-callback.html';

/** A sign-in that could not be completed, with a Vietnamese reason for the citizen. */
export class SignInError extends Error {}

function base64Url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** 256 random bits, base64url: a state, a nonce or a PKCE verifier (43 characters, as RFC 7636 asks). */
function randomText() {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** The S256 code challenge: BASE64URL(SHA-256(verifier)), RFC 7636 4.2. */
async function challengeOf(verifier) {
  if (!crypto.subtle) throw new SignInError('Trình duyệt chỉ đăng nhập được trên kết nối an toàn (HTTPS).');
  return base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

/**
 * The claims of a JWT's payload, read without checking its signature: the id_token comes straight from the provider's token
 * endpoint over the connection the browser checked (OpenID Connect Core 3.1.3.7), and the API checks every access token itself.
 * Null when the token is not a JWT (an opaque access token).
 */
export function claimsOf(jwt) {
  try {
    const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}

const withoutSlash = (url) => url.replace(/\/+$/, '');

async function readJson(url, init) {
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new SignInError('Không kết nối được nhà cung cấp định danh. Vui lòng thử lại sau.');
  }
  const body = await response.json().catch(() => null);
  return { ok: response.ok, body };
}

/** Where to sign in: the API's settings, then the provider's discovery document, whose issuer must be the authority. */
async function provider() {
  const config = await api('/api/auth/config');
  const { ok, body } = await readJson(new URL('.well-known/openid-configuration', config.authority));
  if (!ok || !body || withoutSlash(body.issuer ?? '') !== withoutSlash(config.authority)) {
    throw new SignInError('Nhà cung cấp định danh trả lời không hợp lệ. Vui lòng thử lại sau.');
  }
  return { config, discovery: body };
}

function redirectUri() {
  return new URL(CALLBACK_PATH, location.origin).href;
}

/** A path of this site to come back to, never another site's (the stored value is checked again on the way back). */
function sameSitePath(target) {
  const url = new URL(target, location.origin);
  return url.origin === location.origin && url.pathname !== CALLBACK_PATH ? url.pathname + url.search : '/';
}

function read(name) {
  try {
    return JSON.parse(sessionStorage.getItem(name));
  } catch {
    return null;
  }
}

/**
 * Sends the browser to the provider's sign-in page; after it, signin-callback.html brings the citizen back to returnTo (this page
 * by default, without its fragment, which may hold a dossier's access key). Rejects, staying here, when the provider cannot be reached.
 */
export async function signIn(returnTo = location.pathname + location.search) {
  const { config, discovery } = await provider();
  const pending = {
    state: randomText(),
    nonce: randomText(),
    verifier: randomText(),
    returnTo: sameSitePath(returnTo),
    issuer: discovery.issuer,
    clientId: config.clientId,
    tokenEndpoint: discovery.token_endpoint,
    endSessionEndpoint: discovery.end_session_endpoint ?? null,
  };
  const target = new URL(discovery.authorization_endpoint);
  target.search = new URLSearchParams({
    client_id: config.clientId,
    response_type: 'code',
    scope: config.scope,
    redirect_uri: redirectUri(),
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await challengeOf(pending.verifier),
    code_challenge_method: 'S256',
  });
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  location.assign(target.href);
}

/** Redeems the code at the token endpoint (a public client: its id and the PKCE verifier, no secret). */
async function redeem(pending, code) {
  const { ok, body } = await readJson(pending.tokenEndpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', client_id: pending.clientId, code, redirect_uri: redirectUri(), code_verifier: pending.verifier,
    }),
  });
  if (!ok || !body?.access_token || !body.id_token) {
    throw new SignInError(`Nhà cung cấp định danh không cấp phiên đăng nhập${body?.error ? ` (${body.error})` : ''}. Vui lòng đăng nhập lại.`);
  }
  return body;
}

/** The id_token must be for this client, from the provider asked, and carry this sign-in's nonce (no replayed token). */
function checkIdToken(claims, pending) {
  const audiences = [claims?.aud].flat();
  if (claims?.nonce !== pending.nonce || !audiences.includes(pending.clientId) || withoutSlash(claims.iss ?? '') !== withoutSlash(pending.issuer)) {
    throw new SignInError('Phiên đăng nhập nhận được không khớp với yêu cầu đăng nhập của bạn nên đã bị từ chối. Vui lòng đăng nhập lại.');
  }
}

/**
 * Completes the sign-in on signin-callback.html with the provider's answer (the page's query): checks the state against this
 * tab's pending request (taken, so an answer is used once), redeems the code, checks the id_token's nonce and keeps the session.
 * Resolves with the path to return to; rejects with a SignInError.
 */
export async function completeSignIn(answer) {
  const pending = read(PENDING);
  sessionStorage.removeItem(PENDING);
  if (!pending || answer.get('state') !== pending.state) {
    throw new SignInError('Yêu cầu đăng nhập không hợp lệ hoặc đã được dùng. Vui lòng đăng nhập lại từ trang của cổng.');
  }
  if (answer.has('error')) {
    throw new SignInError(answer.get('error') === 'access_denied'
      ? 'Bạn đã hủy đăng nhập.'
      : `Nhà cung cấp định danh từ chối đăng nhập (${answer.get('error')}). Vui lòng thử lại.`);
  }
  // RFC 9207: the provider names itself, so a code from another provider is not sent to this one's token endpoint.
  if (answer.has('iss') && withoutSlash(answer.get('iss')) !== withoutSlash(pending.issuer)) {
    throw new SignInError('Phản hồi đăng nhập không đến từ nhà cung cấp định danh của cổng nên đã bị từ chối.');
  }
  const tokens = await redeem(pending, answer.get('code') ?? '');
  const identity = claimsOf(tokens.id_token);
  checkIdToken(identity, pending);
  const expiresAt = claimsOf(tokens.access_token)?.exp ?? Math.floor(Date.now() / 1000) + Number(tokens.expires_in ?? 0);
  sessionStorage.setItem(SESSION, JSON.stringify({
    accessToken: tokens.access_token,
    idToken: tokens.id_token,
    expiresAt: expiresAt * 1000,
    endSessionEndpoint: pending.endSessionEndpoint,
  }));
  sessionStorage.removeItem(EXPIRED);
  return sameSitePath(pending.returnTo);
}

/**
 * The signed-in citizen of this tab: {accessToken, expiresAt (ms), claims (the id_token's: name, id_number or tax_code…)}, or null.
 * A session past its access token's exp is forgotten here, and expiredNotice() then says so once.
 */
export function currentSession() {
  const session = read(SESSION);
  if (!session) return null;
  if (Date.now() >= session.expiresAt) {
    forgetSession({ expired: true });
    return null;
  }
  return { accessToken: session.accessToken, expiresAt: session.expiresAt, claims: claimsOf(session.idToken) ?? {} };
}

/** Signs out of this tab only (the tokens forgotten); expired: the next expiredNotice() is true. */
export function forgetSession({ expired = false } = {}) {
  sessionStorage.removeItem(SESSION);
  if (expired) sessionStorage.setItem(EXPIRED, '1');
}

/** True once after a session ran out (here or on another page of this tab), for the page to say so. */
export function expiredNotice() {
  const expired = sessionStorage.getItem(EXPIRED) !== null;
  sessionStorage.removeItem(EXPIRED);
  return expired;
}

/**
 * Signs out: forgets the tokens, then ends the provider's session (RP-Initiated Logout: id_token_hint and
 * post_logout_redirect_uri, the portal's home page). Without an end-session endpoint, goes home.
 */
export function signOut() {
  const session = read(SESSION);
  forgetSession();
  const home = new URL('/', location.origin).href;
  if (!session?.endSessionEndpoint) {
    location.assign(home);
    return;
  }
  const target = new URL(session.endSessionEndpoint);
  target.search = new URLSearchParams({ id_token_hint: session.idToken, post_logout_redirect_uri: home });
  location.assign(target.href);
}
