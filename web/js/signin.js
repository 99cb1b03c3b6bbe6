// signin-callback.html: where the identity provider sends the browser back with the code. Completes the sign-in (auth.js) and
// returns the citizen to the page they started from; or says why not, with "Đăng nhập lại".
import { el, say } from './common.js';
import { showAccount, signInButton } from './account.js';
import { completeSignIn } from './auth.js';

const answer = new URLSearchParams(location.search);
// The code and state leave the address at once: not kept in history, not shown if the page is shared.
history.replaceState(null, '', location.pathname);
try {
  location.replace(await completeSignIn(answer));
} catch (error) {
  showAccount();
  document.getElementById('progress').textContent = 'Chưa đăng nhập được.';
  say(document.getElementById('message'), error.message);
  document.getElementById('main').append(el('div', { class: 'actions' }, signInButton('Đăng nhập lại'), el('a', { href: '/', class: 'button secondary' }, 'Về trang chủ')));
}
