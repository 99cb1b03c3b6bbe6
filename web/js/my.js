// "Hồ sơ của tôi": the signed-in account and its dossiers, newest first, a page at a time ("Xem thêm"), each opening the tracking
// page without a key (the account's token reads it), with the fee still to pay and a link to pay it there.
import { describeError, el, formatDateTime, formatVnd, say } from './common.js';
import { accountApi, showAccountPage } from './account.js';
import { leaveDossier } from './session.js';
import { countVisit } from './visits.js';

countVisit();
leaveDossier();

const message = document.getElementById('message');
const list = document.getElementById('dossiers');
const more = document.getElementById('more');
const count = document.getElementById('count');
let next = null;

function text(id, value) {
  document.getElementById(id).textContent = value;
}

function showAccountFacts(me) {
  text('a-name', me.fullName);
  text('a-number-label', me.kind === 'business' ? 'Mã số thuế' : 'Số định danh cá nhân');
  text('a-number', me.kind === 'business' ? me.taxCode : me.idNumberMasked);
  text('a-since', formatDateTime(me.since, false));
  document.getElementById('account-card').hidden = false;
}

function row(dossier) {
  const track = `/track.html?id=${encodeURIComponent(dossier.id)}`;
  return el('li', {},
    el('a', { href: track }, dossier.procedureName),
    el('p', { class: 'meta' },
      el('span', {}, `Mã hồ sơ: ${dossier.id}`),
      el('span', { class: `status ${dossier.status}` }, dossier.statusLabel)),
    el('p', { class: 'meta' },
      el('span', {}, `Ngày nộp: ${formatDateTime(dossier.submittedAt, false)}`),
      dossier.dueAt ? el('span', {}, `Hạn giải quyết: ${formatDateTime(dossier.dueAt, false)}`) : null),
    dossier.payable > 0
      ? el('p', { class: 'fee' }, 'Còn phải nộp ', el('strong', { class: 'amount' }, formatVnd(dossier.payable)),
        el('a', { href: `${track}#payments-card` }, 'Nộp lệ phí', el('span', { class: 'visually-hidden' }, ` hồ sơ ${dossier.id}`)))
      : null);
}

function showCount() {
  const shown = list.childElementCount;
  if (shown === 0) {
    count.replaceChildren('Bạn chưa có hồ sơ nào nộp khi đăng nhập. ', el('a', { href: '/' }, 'Tìm thủ tục để nộp hồ sơ'));
  } else {
    count.textContent = next ? `Đang hiển thị ${shown} hồ sơ mới nhất.` : `Tất cả ${shown} hồ sơ.`;
  }
}

/** One page of the account's dossiers, after those shown; returns the first new row. */
async function loadPage() {
  const page = await accountApi(`/api/me/dossiers${next ? `?page=${encodeURIComponent(next)}` : ''}`);
  const rows = page.items.map(row);
  list.append(...rows);
  next = page.next ?? null;
  more.hidden = next === null;
  showCount();
  return rows[0];
}

more.addEventListener('click', async () => {
  more.disabled = true;
  say(message, '');
  try {
    // Keyboard users land on the first dossier added, not back at the top.
    (await loadPage())?.querySelector('a')?.focus();
  } catch (error) {
    say(message, describeError(error));
  } finally {
    more.disabled = false;
  }
});

if (showAccountPage()) {
  try {
    const [me] = await Promise.all([accountApi('/api/me'), loadPage()]);
    showAccountFacts(me);
    document.getElementById('list').hidden = false;
  } catch (error) {
    // A refused token has signed the page out already, with its message under the header.
    if (error.status !== 401) say(message, describeError(error));
  }
}
