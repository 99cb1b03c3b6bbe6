// Phản ánh, kiến nghị: the submit form with the content rules checked as the citizen types, the lookup of
// one's own feedback by id and key, and the answers published with their authors' consent.
import { api, clearFieldErrors, copyCodes, describeError, el, formatDateTime, say, setFieldError, showFieldErrors } from './common.js';
import { showAccount } from './account.js';
import { leaveDossier } from './session.js';
import { countVisit } from './visits.js';

countVisit();
leaveDossier();
showAccount();

const form = document.getElementById('feedback');
const content = document.getElementById('content');
const counter = document.getElementById('content-count');
const minWords = 10;
const diacriticWordPercent = 30;

// The same rules as the server's VietnameseText (words have a letter; ≥ 30 % of words carry a Vietnamese mark;
// no URL, "www." or bare domain, e-mail addresses excepted). The server stays the authority.
const vietnameseMark = /[đĐ\u0300\u0301\u0302\u0303\u0306\u0309\u031B\u0323]/u;
const emailPattern = /(?<![\p{L}\p{N}_.+-])[\p{L}\p{N}_.+-]+@[\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)+/gu;
const linkPattern = /(?:https?|ftp):\/\/|\bwww\.|(?<![\p{L}\p{N}_-])[a-z0-9-]+\.(?:com|net|org|vn|info|biz|io|co|me|xyz|top|site|online|app|dev|edu|gov|link|ly|gl|be|to|tk|ru|cn|us)(?![\p{L}\p{N}_-])/iu;

function words(text) {
  return text.split(/\s+/u).filter((token) => /\p{L}/u.test(token));
}

/** The first content rule the text breaks, in the server's words, or null. */
function contentProblem(text) {
  const normalized = text.normalize('NFC').trim();
  if (normalized.length > 5000) return 'Nội dung không được dài quá 5000 ký tự.';
  const list = words(normalized);
  if (list.length < minWords) return `Nội dung cần ít nhất ${minWords} từ (hiện có ${list.length} từ).`;
  const marked = list.filter((word) => vietnameseMark.test(word.normalize('NFD'))).length;
  if (marked * 100 < list.length * diacriticWordPercent) return 'Vui lòng viết bằng tiếng Việt có dấu.';
  return linkPattern.test(normalized.replace(emailPattern, ' ')) ? 'Nội dung không được chứa đường dẫn (link) hay địa chỉ trang web.' : null;
}

function checkContent() {
  const count = words(content.value.normalize('NFC')).length;
  counter.textContent = `${count} từ`;
  const problem = content.value.trim() ? contentProblem(content.value) : null;
  setFieldError(content, problem);
}

content.addEventListener('input', checkContent);

async function loadProcedures() {
  const select = document.getElementById('procedureCode');
  for (const procedure of await api('/api/procedures')) select.append(el('option', { value: procedure.code }, procedure.name));
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const value = (id) => document.getElementById(id).value.trim();
  const errors = {};
  if (!value('category')) errors.category = ['Chọn loại phản ánh.'];
  if (value('title').length < 5) errors.title = ['Tiêu đề cần từ 5 đến 200 ký tự.'];
  const problem = contentProblem(content.value);
  if (problem) errors.content = [problem];
  if (value('contact.fullName').length < 2) errors['contact.fullName'] = ['Họ và tên cần từ 2 đến 100 ký tự.'];
  const messageBox = document.getElementById('feedback-message');
  say(messageBox, '');
  if (Object.keys(errors).length > 0) {
    showFieldErrors(form, errors);
    return;
  }
  clearFieldErrors(form);
  const contact = { fullName: value('contact.fullName') };
  if (value('contact.email')) contact.email = value('contact.email');
  if (value('contact.phone')) contact.phone = value('contact.phone');
  const body = {
    category: value('category'),
    title: value('title'),
    content: content.value.trim(),
    contact,
    consentToPublish: document.getElementById('consentToPublish').checked,
  };
  if (value('procedureCode')) body.procedureCode = value('procedureCode');
  try {
    const receipt = await api('/api/feedback', { method: 'POST', body });
    document.getElementById('feedback-id').textContent = receipt.id;
    document.getElementById('feedback-key').textContent = receipt.accessKey;
    document.getElementById('feedback-title').textContent = body.title;
    document.getElementById('feedback-copy').addEventListener('click', () =>
      copyCodes(`Mã phản ánh: ${receipt.id}\nMã truy cập: ${receipt.accessKey}`, document.getElementById('feedback-copy-status')));
    document.getElementById('feedback-print').addEventListener('click', () => window.print());
    form.hidden = true;
    document.getElementById('feedback-receipt').hidden = false;
    document.getElementById('lookup-id').value = receipt.id;
    document.getElementById('feedback-receipt-title').focus();
  } catch (error) {
    say(messageBox, [describeError(error), ...showFieldErrors(form, error.errors ?? {})].join(' '));
  }
});

document.getElementById('lookup').addEventListener('submit', async (event) => {
  event.preventDefault();
  const id = document.getElementById('lookup-id').value.trim();
  const key = document.getElementById('lookup-key').value.trim();
  const box = document.getElementById('lookup-message');
  const result = document.getElementById('lookup-result');
  say(box, '');
  result.hidden = true;
  if (!id || !key) {
    say(box, 'Nhập mã phản ánh và mã truy cập.');
    return;
  }
  try {
    const feedback = await api(`/api/feedback/${encodeURIComponent(id)}`, { accessKey: key });
    result.replaceChildren(
      el('h2', {}, feedback.title),
      el('p', {}, 'Trạng thái: ', el('span', { class: `status ${feedback.status}` }, feedback.statusLabel)),
      el('p', { class: 'content' }, feedback.content),
      feedback.answer
        ? el('div', { class: 'answer' }, el('strong', {}, `${feedback.agencyName} trả lời (${formatDateTime(feedback.answeredAt)}): `), feedback.answer)
        : el('p', { class: 'hint' }, 'Cơ quan chưa trả lời.'),
      el('ol', { class: 'timeline' }, feedback.history.map((h) =>
        el('li', {}, el('time', { datetime: h.at }, formatDateTime(h.at)), el('span', { class: 'status' }, h.statusLabel)))));
    result.hidden = false;
  } catch (error) {
    say(box, error.status === 404 ? 'Không tìm thấy phản ánh với mã và mã truy cập này.' : describeError(error));
  }
});

let page = 1;

async function showPublished() {
  const list = document.getElementById('published');
  try {
    const result = await api(`/api/feedback/published?page=${page}`);
    list.replaceChildren(...(result.items.length === 0
      ? [el('p', { class: 'hint' }, 'Chưa có phản ánh nào được công khai.')]
      : result.items.map((item) => el('article', {},
        el('h3', {}, item.title),
        el('p', { class: 'meta' }, el('span', {}, item.categoryName), el('span', {}, `Trả lời ngày ${formatDateTime(item.answeredAt, false)}`)),
        el('p', { class: 'content' }, item.content),
        el('div', { class: 'answer' }, el('strong', {}, `${item.agencyName} trả lời: `), item.answer)))));
    document.getElementById('page-label').textContent = `Trang ${result.page}`;
    document.getElementById('pager').hidden = result.page === 1 && !result.hasMore;
    document.getElementById('previous').disabled = result.page <= 1;
    document.getElementById('next').disabled = !result.hasMore;
  } catch (error) {
    say(list, describeError(error));
  }
}

document.getElementById('previous').addEventListener('click', () => { page -= 1; showPublished(); });
document.getElementById('next').addEventListener('click', () => { page += 1; showPublished(); });

// The procedure list only refines routing; the form works without it.
await Promise.all([loadProcedures().catch(() => {}), showPublished()]);
