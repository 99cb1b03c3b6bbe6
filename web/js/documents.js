// "Kho dữ liệu của tôi": the account's documents (what it submitted, the results issued to its dossiers), each to open, and
// each with its access log: every read by an agency, when, for which dossier and why, loaded when the citizen opens it.
import { api, describeError, documentKindNames, el, formatDateTime, formatSize, saveFile, say } from './common.js';
import { accountApi, showAccountPage } from './account.js';
import { leaveDossier } from './session.js';
import { countVisit } from './visits.js';

countVisit();
leaveDossier();

const message = document.getElementById('message');

function trackLink(dossierId) {
  return el('a', { href: `/track.html?id=${encodeURIComponent(dossierId)}` }, dossierId);
}

function logTable(doc, entries) {
  const cell = (label, ...content) => el('td', { 'data-label': label }, ...content);
  return el('table', { class: 'access-log' },
    el('caption', { class: 'visually-hidden' }, `Lịch sử truy cập ${doc.fileName}`),
    el('thead', {}, el('tr', {}, ['Thời điểm', 'Cơ quan', 'Hồ sơ', 'Mục đích'].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, entries.map((entry) => el('tr', {},
      cell('Thời điểm', el('time', { datetime: entry.at }, formatDateTime(entry.at))),
      cell('Cơ quan', entry.agencyName ?? entry.agencyId),
      cell('Hồ sơ', trackLink(entry.dossierId)),
      cell('Mục đích', entry.purpose)))));
}

/** The access log in its <details>, read the first time it is opened (and again after a failure). */
function accessLog(doc) {
  const box = el('div', { class: 'log', 'aria-live': 'polite' });
  const details = el('details', {}, el('summary', {}, 'Lịch sử truy cập'), box);
  let read = false;
  details.addEventListener('toggle', async () => {
    if (!details.open || read) return;
    read = true;
    box.replaceChildren(el('p', { class: 'hint' }, 'Đang tải…'));
    try {
      const entries = await accountApi(`/api/me/documents/${encodeURIComponent(doc.id)}/access-log`);
      box.replaceChildren(entries.length === 0 ? el('p', {}, 'Chưa có cơ quan nào đọc giấy tờ này.') : logTable(doc, entries));
    } catch (error) {
      read = false;
      box.replaceChildren(el('p', { class: 'notice error' }, describeError(error)));
    }
  });
  return details;
}

function openButton(doc, titleId) {
  const button = el('button', { type: 'button', class: 'secondary', 'aria-describedby': titleId }, 'Mở tệp');
  button.addEventListener('click', async () => {
    button.disabled = true;
    say(message, '');
    try {
      await saveFile(await accountApi(`/api/me/documents/${encodeURIComponent(doc.id)}/content`, { json: false }), doc.fileName);
    } catch (error) {
      if (error.status !== 401) say(message, describeError(error));
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

/** The catalog's agency names by id, for the agency that issued a result (the list names it by id). */
let agencyNames = new Map();

function item(doc) {
  const titleId = `document-${doc.id}`;
  const result = doc.kind === 'result';
  return el('li', { class: 'card' },
    el('h2', { id: titleId }, el('span', {}, doc.fileName), el('span', { class: `badge ${doc.kind}` }, documentKindNames[doc.kind] ?? doc.kind)),
    el('dl', { class: 'facts' },
      el('dt', {}, 'Kích thước'), el('dd', {}, formatSize(doc.size)),
      el('dt', {}, result ? 'Kết quả của hồ sơ' : 'Đã nộp trong hồ sơ'), el('dd', {}, trackLink(doc.fromDossierId), ` — ${doc.procedureName}`),
      doc.issuedBy ? [el('dt', {}, 'Cơ quan cấp'), el('dd', {}, agencyNames.get(doc.issuedBy) ?? doc.issuedBy)] : null,
      el('dt', {}, result ? 'Ngày cấp' : 'Ngày nộp'), el('dd', {}, formatDateTime(doc.at))),
    el('div', { class: 'actions' }, openButton(doc, titleId)),
    accessLog(doc));
}

if (showAccountPage()) {
  try {
    const [documents, agencies] = await Promise.all([accountApi('/api/me/documents'), api('/api/agencies').catch(() => [])]);
    agencyNames = new Map(agencies.map((agency) => [agency.id, agency.name]));
    document.getElementById('documents').replaceChildren(...documents.map(item));
    document.getElementById('count').textContent = documents.length === 0
      ? 'Kho dữ liệu chưa có giấy tờ nào. Giấy tờ bạn nộp khi đăng nhập và kết quả được cấp cho hồ sơ của bạn sẽ có tại đây.'
      : `${documents.length} giấy tờ.`;
    document.getElementById('list').hidden = false;
  } catch (error) {
    if (error.status !== 401) say(message, describeError(error));
  }
}
