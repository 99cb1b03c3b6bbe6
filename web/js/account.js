// The signed-in citizen on every citizen page: "Đăng nhập", or the name with "Hồ sơ của tôi", "Kho dữ liệu của tôi" and
// "Đăng xuất" in the header; API calls with the account's token; and a clean sign-out, with a message, when the token runs out
// (its exp passes while the page is open, or the API refuses it). Importing this module sends nothing.
import { api, ApiError, describeError, el, say, upload } from './common.js';
import { currentSession, expiredNotice, forgetSession, signIn, signOut } from './auth.js';

const EXPIRED_MESSAGE = 'Phiên đăng nhập đã hết hạn nên bạn đã được đăng xuất. Vui lòng đăng nhập lại.';
const signedOutListeners = [];
let expiryTimer;

/** Shows a message about the account (expired session, sign-in not possible) under the header. */
function tell(message, kind = 'warn') {
  const region = document.getElementById('account-message');
  if (region) say(region, message, kind);
}

function signInProblem(error) {
  if (error.status === undefined) return error.message; // the provider's, already said in Vietnamese
  return error.status === 404 ? 'Cổng chưa bật đăng nhập bằng tài khoản định danh điện tử.' : `Chưa đăng nhập được: ${describeError(error)}`;
}

/** "Đăng nhập": to the provider's page and back here; a provider that cannot be reached is said here. */
export function signInButton(label = 'Đăng nhập') {
  const button = el('button', { type: 'button', class: 'sign-in' }, label);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await signIn();
    } catch (error) {
      button.disabled = false;
      tell(signInProblem(error), 'error');
    }
  });
  return button;
}

function link(href, text) {
  return el('a', { href, 'aria-current': location.pathname === href ? 'page' : false }, text);
}

function render(session) {
  const slot = document.getElementById('account');
  if (!slot) return;
  if (!session) {
    slot.replaceChildren(signInButton());
    return;
  }
  const out = el('button', { type: 'button', class: 'sign-out' }, 'Đăng xuất');
  out.addEventListener('click', () => {
    clearTimeout(expiryTimer);
    signOut();
  });
  slot.replaceChildren(
    el('span', { class: 'who' }, el('span', { class: 'visually-hidden' }, 'Đang đăng nhập: '), session.claims.name ?? 'Tài khoản'),
    el('ul', {}, el('li', {}, link('/my.html', 'Hồ sơ của tôi')), el('li', {}, link('/documents.html', 'Kho dữ liệu của tôi'))),
    out);
}

/** Signs the tab out because the token ran out: header back to "Đăng nhập", the message, and the page told (onSignedOut). */
function expire() {
  clearTimeout(expiryTimer);
  forgetSession();
  expiredNotice(); // said here and now, not again on the next page
  render(null);
  tell(EXPIRED_MESSAGE);
  for (const listener of signedOutListeners) listener();
}

/**
 * Fills the header's account area (the element #account) and schedules the sign-out at the token's exp. onSignedOut runs when
 * the session ends while the page is open, so a page showing the account's data can take it away. Returns the session, or null.
 */
export function showAccount({ onSignedOut } = {}) {
  if (onSignedOut) signedOutListeners.push(onSignedOut);
  const session = currentSession();
  render(session);
  if (expiredNotice()) tell(EXPIRED_MESSAGE);
  clearTimeout(expiryTimer);
  // setTimeout waits at most 2^31-1 ms; a token living longer is checked again on the next page.
  if (session) expiryTimer = setTimeout(expire, Math.min(session.expiresAt - Date.now(), 2 ** 31 - 1));
  return session;
}

/** Runs call with the session's token; a refused token (401) signs the tab out as an expired one does. */
async function asCitizen(call) {
  const session = currentSession();
  if (!session) {
    // Ran out since the page showed it (the timer had not fired yet): signed out now, with the message.
    if (expiredNotice()) expire();
    throw new ApiError(401, { detail: 'Vui lòng đăng nhập để tiếp tục.' });
  }
  try {
    return await call(session.accessToken);
  } catch (error) {
    if (error.status !== 401) throw error;
    // The API refused the token (it ran out, or the provider's keys changed): the tab is signed out, not left half signed in.
    expire();
    throw new ApiError(401, { detail: EXPIRED_MESSAGE });
  }
}

/** api() as the signed-in citizen (Authorization: Bearer). */
export function accountApi(path, options = {}) {
  return asCitizen((accessToken) => api(path, { ...options, token: accessToken }));
}

/** upload() as the signed-in citizen. */
export function accountUpload(path, form, options = {}) {
  return asCitizen((accessToken) => upload(path, form, { ...options, token: accessToken }));
}

/**
 * For a page showing the account's own data (its sections marked data-private): with no session, the #signed-out section and
 * its "Đăng nhập"; when the session ends while the page is open, the private sections are removed and #signed-out comes back.
 * Returns the session, or null.
 */
export function showAccountPage() {
  const signedOut = () => {
    for (const part of document.querySelectorAll('[data-private]')) part.remove();
    document.getElementById('signed-out-actions').replaceChildren(signInButton());
    document.getElementById('signed-out').hidden = false;
  };
  const session = showAccount({ onSignedOut: signedOut });
  if (!session) signedOut();
  return session;
}
