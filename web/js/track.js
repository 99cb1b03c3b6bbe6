// Tracking a dossier with its id and access key. The key lives in the form field, this module's memory and, while the dossier
// is open, this tab's sessionStorage (session.js): never in localStorage, a cookie or the address, so a reload keeps the
// dossier and a shared computer keeps nothing once the tab closes or the citizen leaves. The page opens a dossier at once from
// /track.html?id=…#key=… (the receipt e-mail's link: the key is read from the fragment, which no server sees, and taken out
// of the address), from the receipt's "Tra cứu hồ sơ" and from the payment gateway's return
// (/track.html?id=…&payment=…&gateway=paid|failed). A signed-in citizen's own dossier opens from /track.html?id=… with no key:
// every call then carries the account's token instead.
import { api, describeError, el, formatDateTime, formatSize, formatVnd, saveFile, say, showFieldErrors, upload } from './common.js';
import { accountApi, accountUpload, showAccount } from './account.js';
import { collectFiles, documentInput, filePlace } from './files.js';
import { isPayable, payOnline } from './payments.js';
import { keepDossier, keptDossierKey, leaveDossier } from './session.js';
import { countVisit } from './visits.js';

countVisit();
let signedIn = showAccount({ onSignedOut: signedOut }) !== null;

const lookup = document.getElementById('lookup');
const message = document.getElementById('message');
const section = document.getElementById('dossier');
const returnMessage = document.getElementById('return-message');
const finalStatuses = new Set(['approved', 'rejected', 'withdrawn']);
keyOptional(signedIn);
// After the gateway said "paid": how often, and how far apart, the page reads the dossier again while the portal has not
// yet heard the gateway's own call (IPN) or not yet forwarded the paid dossier.
const RE_READS = 8;
const RE_READ_MS = 1000;
// The dossier open: {id, key}, key null when it is the signed-in citizen's, read with the account's token.
let current = null;

function text(id, value) {
  document.getElementById(id).textContent = value;
}

/** The API as the open dossier's reader: with its access key, or as the signed-in citizen who owns it. */
function call(path, options = {}) {
  return current.key ? api(path, { ...options, accessKey: current.key }) : accountApi(path, options);
}

function send(path, form, options) {
  return current.key ? upload(path, form, { ...options, accessKey: current.key }) : accountUpload(path, form, options);
}

async function download(path, fileName, button) {
  button.disabled = true;
  try {
    await saveFile(await call(path, { json: false }), fileName);
  } catch (error) {
    say(message, describeError(error));
  } finally {
    button.disabled = false;
  }
}

/**
 * The name a file is saved under: its own, or for a result of a dossier sent to several agencies (the 34 Sở Công Thương of a
 * promotion notice), the issuing agency's name first, so 34 "thong-bao.pdf" stay apart in the downloads folder.
 */
function namedFor(file) {
  return file.agencyName && current.several ? `${file.agencyName} - ${file.fileName}` : file.fileName;
}

function fileList(listId, files, kind, empty) {
  const list = document.getElementById(listId);
  list.replaceChildren(...(files.length === 0
    ? [el('li', {}, empty)]
    : files.map((file) => {
      const fileName = namedFor(file);
      const button = el('button', { type: 'button', class: 'secondary' }, `Tải về ${fileName}`);
      button.addEventListener('click', () => download(`/api/dossiers/${encodeURIComponent(current.id)}/${kind}/${encodeURIComponent(file.id)}`, fileName, button));
      return el('li', {}, button, ' ', el('span', { class: 'hint' }, formatSize(file.size)));
    })));
}

function paymentItem(dossier, payment) {
  const labelId = `payment-${payment.id}`;
  const requestedBy = payment.agencyId
    ? dossier.deliveries.find((d) => d.agencyId === payment.agencyId)?.agencyName ?? payment.agencyId
    : null;
  const item = el('li', { class: 'payment' },
    el('p', { class: 'payment-what', id: labelId }, el('span', {}, payment.reason), ' ', el('strong', { class: 'amount' }, formatVnd(payment.amountVnd))),
    requestedBy ? el('p', { class: 'hint' }, `Do ${requestedBy} yêu cầu`) : null,
    el('p', {}, 'Trạng thái: ', el('span', { class: `status ${payment.status}` }, payment.statusLabel),
      payment.paidAt ? ` — thanh toán lúc ${formatDateTime(payment.paidAt)}` : null));
  const actions = el('div', { class: 'actions' });
  if (isPayable(payment)) {
    const button = el('button', { type: 'button', 'aria-describedby': labelId }, 'Nộp lệ phí');
    button.addEventListener('click', () => pay(payment, button));
    actions.append(button);
  }
  if (payment.receiptUrl) {
    const button = el('button', { type: 'button', class: 'secondary', 'aria-describedby': labelId }, 'Tải biên lai');
    button.addEventListener('click', () => download(payment.receiptUrl, `bien-lai-${payment.id}.pdf`, button));
    actions.append(button);
  }
  if (actions.childElementCount > 0) item.append(actions);
  return item;
}

function renderPayments(dossier) {
  const payments = dossier.payments ?? [];
  document.getElementById('fee-due').hidden = dossier.status !== 'awaiting_payment';
  document.getElementById('payments-card').hidden = payments.length === 0;
  document.getElementById('payments').replaceChildren(...payments.map((p) => paymentItem(dossier, p)));
}

/** Sends the browser to the gateway; stays here with the API's reason (already paid, dossier closed…) when it cannot. */
async function pay(payment, button) {
  const box = document.getElementById('payment-message');
  say(box, '');
  button.disabled = true;
  try {
    await payOnline(current.id, payment.id, current.key);
  } catch (error) {
    button.disabled = false;
    say(box, describeError(error));
    await load().catch(() => {});
  }
}

function renderDeliveries(dossier) {
  const box = document.getElementById('deliveries');
  box.replaceChildren(...dossier.deliveries.map((delivery) => {
    const events = dossier.history.filter((h) => !h.agencyId || h.agencyId === delivery.agencyId);
    return el('section', { class: 'card', 'aria-label': delivery.agencyName },
      el('h3', {}, delivery.agencyName),
      el('p', {}, 'Trạng thái: ', el('span', { class: `status ${delivery.status}` }, delivery.statusLabel),
        ` (cập nhật ${formatDateTime(delivery.updatedAt)})`),
      el('ol', { class: 'timeline' }, events.map((h) => el('li', {},
        el('time', { datetime: h.at }, formatDateTime(h.at)),
        el('span', { class: `status ${h.status}` }, h.statusLabel),
        h.note ? el('span', { class: 'content' }, ` — ${h.note}`) : null))));
  }));
}

/**
 * True while an agency's request for more documents is unanswered. The citizen's supplement leaves the delivery in
 * supplement_requested (until the agency resumes processing) and adds a second supplement_requested history entry;
 * an agency cannot ask twice in a row (it must resume processing first), so two in a row mean "answered".
 */
function awaitsSupplement(dossier, delivery) {
  if (delivery.status !== 'supplement_requested') return false;
  const own = dossier.history.filter((h) => h.agencyId === delivery.agencyId);
  return own.at(-2)?.status !== 'supplement_requested';
}

async function renderSupplement(dossier) {
  const form = document.getElementById('supplement');
  const asked = dossier.deliveries.some((d) => awaitsSupplement(dossier, d));
  form.hidden = !asked;
  if (!asked) return;
  const procedure = await api(`/api/procedures/${encodeURIComponent(dossier.procedureCode)}`);
  const inputs = procedure.documents.map((d) => documentInput(d, { required: false }));
  document.getElementById('supplement-files').replaceChildren(...inputs.map((i) => i.field));
  form.onsubmit = async (event) => {
    event.preventDefault();
    const box = document.getElementById('supplement-message');
    const errors = {};
    const sent = collectFiles(inputs, errors);
    if (sent.length === 0 && Object.keys(errors).length === 0) errors.files = ['Chọn ít nhất một tệp bổ sung.'];
    const unplacedLocal = showFieldErrors(form, errors);
    say(box, unplacedLocal.join(' '));
    if (Object.keys(errors).length > 0) return;
    const body = new FormData();
    const note = document.getElementById('supplement-note').value.trim();
    if (note) body.append('dossier', new Blob([JSON.stringify({ note })], { type: 'application/json' }));
    for (const { key, file } of sent) body.append(key, file, file.name);
    const progress = document.getElementById('supplement-progress');
    document.getElementById('supplement-upload').hidden = false;
    try {
      await send(`/api/dossiers/${encodeURIComponent(current.id)}/supplements`, body, {
        onProgress: (loaded, total) => { progress.value = Math.round((loaded / total) * 100); },
      });
      await load();
      say(message, 'Đã gửi giấy tờ bổ sung; hồ sơ được chuyển lại cơ quan xử lý.', 'ok');
    } catch (error) {
      say(box, [describeError(error), ...showFieldErrors(form, error.errors ?? {}, filePlace(sent))].join(' '));
    } finally {
      document.getElementById('supplement-upload').hidden = true;
    }
  };
}

function renderRating(dossier) {
  const form = document.getElementById('rating');
  const rated = document.getElementById('rated');
  rated.hidden = !dossier.rating;
  // A withdrawn dossier was never decided: nothing to rate.
  form.hidden = Boolean(dossier.rating) || !finalStatuses.has(dossier.status) || dossier.status === 'withdrawn';
  if (dossier.rating) {
    text('rated-text', `${dossier.rating.score}/5 — ${formatDateTime(dossier.rating.ratedAt)}${dossier.rating.comment ? ` — ${dossier.rating.comment}` : ''}`);
  }
  form.onsubmit = async (event) => {
    event.preventDefault();
    const box = document.getElementById('rating-message');
    const score = Number(form.elements.score.value);
    if (!score) {
      say(box, 'Chọn mức độ hài lòng từ 1 đến 5.');
      return;
    }
    const comment = document.getElementById('rating-comment').value.trim();
    try {
      await call(`/api/dossiers/${encodeURIComponent(current.id)}/rating`, { method: 'POST', body: comment ? { score, comment } : { score } });
      await load();
    } catch (error) {
      say(box, describeError(error));
    }
  };
}

function render(dossier) {
  text('dossier-title', dossier.procedureName);
  text('d-id', dossier.id);
  text('d-applicant', `${dossier.applicant.fullName} (${dossier.applicant.idNumberMasked})`);
  const status = document.getElementById('d-status');
  status.textContent = dossier.statusLabel;
  status.className = `status ${dossier.status}`;
  text('d-submitted', formatDateTime(dossier.submittedAt));
  text('d-due', formatDateTime(dossier.dueAt, false));
  renderPayments(dossier);
  renderDeliveries(dossier);
  fileList('results', dossier.results, 'results', 'Chưa có kết quả.');
  fileList('attachments', dossier.attachments, 'attachments', 'Không có giấy tờ đính kèm.');
  renderRating(dossier);
  document.getElementById('withdraw-actions').hidden = dossier.results.length > 0 || finalStatuses.has(dossier.status);
  section.hidden = false;
}

async function load() {
  const dossier = await call(`/api/dossiers/${encodeURIComponent(current.id)}`);
  current.several = dossier.deliveries.length > 1;
  render(dossier);
  await renderSupplement(dossier);
  return dossier;
}

const pause = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/** The gateway-return message for the payment as the API reports it; `told` is what the gateway told the browser. */
function sayReturn(payment, told, again) {
  if (payment.status === 'paid') {
    say(returnMessage, `Thanh toán thành công: ${payment.reason} ${formatVnd(payment.amountVnd)}.`, 'ok');
  } else if (payment.status === 'pending' && told === 'paid') {
    say(returnMessage, again
      ? ['Cổng thanh toán báo đã thanh toán nhưng hệ thống chưa nhận được xác nhận. Vui lòng bấm “Làm mới” sau ít phút. ', again]
      : 'Đang chờ cổng thanh toán xác nhận…', 'info');
  } else if (payment.status !== 'refunded') {
    say(returnMessage, 'Thanh toán không thành công, bạn có thể thử lại.');
  }
}

/**
 * What the page says on the way back from the gateway, following the payment's state in the API. After "paid", the page
 * reads again for a few seconds while the portal has not heard the gateway's own call yet (pending) or not yet forwarded
 * the paid dossier (received), then offers "Làm mới" if the payment is still pending.
 */
async function showGatewayReturn(dossier, paymentId, told) {
  const find = (d) => d.payments?.find((p) => p.id === paymentId);
  let payment = find(dossier);
  if (!payment) return;
  sayReturn(payment, told);
  const opened = current;
  for (let read = 0; read < RE_READS && told === 'paid' && (payment.status === 'pending' || dossier.status === 'received'); read += 1) {
    await pause(RE_READ_MS);
    if (current !== opened) return; // the citizen looked up another dossier meanwhile
    dossier = await load();
    payment = find(dossier) ?? payment;
    sayReturn(payment, told);
  }
  if (payment.status !== 'pending' || told !== 'paid') return;
  const again = el('button', { type: 'button', class: 'secondary' }, 'Làm mới');
  again.addEventListener('click', async () => {
    again.disabled = true;
    try {
      await showGatewayReturn(await load(), paymentId, told);
    } catch (error) {
      again.disabled = false;
      say(message, describeError(error));
    }
  });
  sayReturn(payment, told, again);
}

/** Signed in, the access key is needed only for a dossier submitted without the account: the field is optional and says so. */
function keyOptional(optional) {
  document.getElementById('access-key').required = !optional;
  document.querySelector('label[for="access-key"]').classList.toggle('required', !optional);
  document.getElementById('key-hint').hidden = !optional;
}

/** The session ended while the page is open: the key is needed again, and the citizen's own dossier (read with the token) is closed. */
function signedOut() {
  signedIn = false;
  keyOptional(false);
  if (current?.key !== null) return;
  current = null;
  section.hidden = true;
}

/** The part of the page the address's fragment names (#payments-card from "Hồ sơ của tôi"), if any. */
function namedPart() {
  return location.hash.length > 1 && !location.hash.startsWith('#key=') ? document.getElementById(location.hash.slice(1)) : null;
}

/** The access key in the address's fragment (#key=…, the receipt e-mail's link), taken out of the address bar as it is read. */
function takeKeyFromAddress() {
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (!fragment.has('key')) return null;
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  return fragment.get('key').trim() || null;
}

/** Opens dossier {id, key} (key null: the signed-in owner's token); kept in this tab for a reload while it stays open. */
async function open(id, key) {
  current = { id, key };
  section.hidden = true;
  say(returnMessage, '');
  const dossier = await load();
  if (key) keepDossier(id, key);
  document.getElementById('dossier-id').value = id;
  document.getElementById('access-key').value = key ?? '';
  if (new URLSearchParams(location.search).get('id') !== id) history.replaceState(history.state, '', `${location.pathname}?id=${encodeURIComponent(id)}`);
  return dossier;
}

function notFound(key) {
  return key
    ? 'Không tìm thấy hồ sơ với mã hồ sơ và mã truy cập này.'
    : 'Không tìm thấy hồ sơ này trong tài khoản của bạn. Hồ sơ nộp khi chưa đăng nhập được tra cứu bằng mã truy cập.';
}

/**
 * Opened with ?id=…: from the receipt e-mail's link (#key=…), the receipt's "Tra cứu hồ sơ", a reload, the gateway's return
 * (with &payment=…&gateway=…), or "Hồ sơ của tôi". The dossier opens at once when the address or this tab holds its key, or when
 * the citizen is signed in (their own dossier, read with the account's token); else the form waits for the key, with the id filled in.
 */
async function openFromAddress(params) {
  const id = params.get('id') ?? '';
  document.getElementById('dossier-id').value = id;
  const key = takeKeyFromAddress() ?? keptDossierKey(id);
  if (!key && !signedIn) {
    say(message, params.has('payment') ? 'Nhập mã truy cập để xem hồ sơ và kết quả thanh toán.' : 'Nhập mã truy cập để xem hồ sơ.', 'info');
    document.getElementById('access-key').focus();
    return;
  }
  try {
    const dossier = await open(id, key);
    const part = namedPart();
    document.getElementById('dossier-title').focus({ preventScroll: part !== null });
    part?.scrollIntoView();
    if (params.has('gateway')) await showGatewayReturn(dossier, params.get('payment'), params.get('gateway'));
  } catch (error) {
    current = null;
    leaveDossier();
    say(message, error.status === 404 ? notFound(key) : describeError(error));
  }
}

lookup.addEventListener('submit', async (event) => {
  event.preventDefault();
  const id = document.getElementById('dossier-id').value.trim();
  const key = document.getElementById('access-key').value.trim();
  say(message, '');
  if (!id || (!key && !signedIn)) {
    say(message, signedIn ? 'Nhập mã hồ sơ.' : 'Nhập mã hồ sơ và mã truy cập.');
    return;
  }
  try {
    await open(id, key || null);
    document.getElementById('dossier-title').focus();
  } catch (error) {
    current = null;
    leaveDossier();
    say(message, error.status === 404 ? notFound(key) : describeError(error));
  }
});

// Back to this page from the back-forward cache after leaving it: the key was forgotten then, so the dossier is not shown again.
window.addEventListener('pageshow', (event) => {
  if (!event.persisted || !current?.key || keptDossierKey(current.id) !== null) return;
  current = null;
  section.hidden = true;
  document.getElementById('access-key').value = '';
  say(message, 'Nhập mã truy cập để xem hồ sơ.', 'info');
});

const showKey = document.getElementById('show-key');
showKey.addEventListener('click', () => {
  const input = document.getElementById('access-key');
  const shown = input.type === 'text';
  input.type = shown ? 'password' : 'text';
  showKey.setAttribute('aria-pressed', String(!shown));
  showKey.textContent = shown ? 'Hiện mã truy cập' : 'Ẩn mã truy cập';
});

const refresh = document.getElementById('refresh');
refresh.addEventListener('click', async () => {
  refresh.disabled = true;
  say(message, '');
  try {
    await load();
    say(document.getElementById('refreshed'), `Đã cập nhật lúc ${new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date())}.`, 'info');
  } catch (error) {
    say(message, describeError(error));
  } finally {
    refresh.disabled = false;
  }
});

document.getElementById('withdraw').addEventListener('click', async () => {
  if (!window.confirm('Rút hồ sơ này? Sau khi rút, cơ quan sẽ dừng xử lý và không thể hoàn tác.')) return;
  try {
    await call(`/api/dossiers/${encodeURIComponent(current.id)}/withdraw`, { method: 'POST' });
    await load();
    say(document.getElementById('withdraw-message'), 'Đã rút hồ sơ.', 'ok');
  } catch (error) {
    say(document.getElementById('withdraw-message'), describeError(error));
  }
});

const params = new URLSearchParams(location.search);
if (params.has('id')) openFromAddress(params);
// Another link with a key (#key=…) followed while this page is open changes only the fragment: open it as a new visit would.
window.addEventListener('hashchange', () => {
  if (location.hash.startsWith('#key=')) openFromAddress(new URLSearchParams(location.search));
});
