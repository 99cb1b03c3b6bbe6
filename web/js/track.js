// Tracking a dossier with its id and access key. The key lives only in the form field and in this module's
// memory: never in storage, the address or a cookie, so a shared computer keeps nothing.
import { api, describeError, el, formatDateTime, formatSize, say, showFieldErrors, upload } from './common.js';
import { collectFiles, documentInput, filePlace } from './files.js';
import { countVisit } from './visits.js';

countVisit();

const lookup = document.getElementById('lookup');
const message = document.getElementById('message');
const section = document.getElementById('dossier');
const finalStatuses = new Set(['approved', 'rejected', 'withdrawn']);
let current = null;

function text(id, value) {
  document.getElementById(id).textContent = value;
}

async function download(path, file, button) {
  button.disabled = true;
  try {
    const response = await api(path, { accessKey: current.key, json: false });
    const url = URL.createObjectURL(await response.blob());
    const link = el('a', { href: url, download: file.fileName, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (error) {
    say(message, describeError(error));
  } finally {
    button.disabled = false;
  }
}

function fileList(listId, files, kind, empty) {
  const list = document.getElementById(listId);
  list.replaceChildren(...(files.length === 0
    ? [el('li', {}, empty)]
    : files.map((file) => {
      const button = el('button', { type: 'button', class: 'secondary' }, `Tải về ${file.fileName}`);
      button.addEventListener('click', () => download(`/api/dossiers/${encodeURIComponent(current.id)}/${kind}/${encodeURIComponent(file.id)}`, file, button));
      return el('li', {}, button, ' ', el('span', { class: 'hint' }, formatSize(file.size)));
    })));
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
      await upload(`/api/dossiers/${encodeURIComponent(current.id)}/supplements`, body, {
        accessKey: current.key,
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
  form.hidden = Boolean(dossier.rating) || !finalStatuses.has(dossier.status);
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
      await api(`/api/dossiers/${encodeURIComponent(current.id)}/rating`, {
        method: 'POST', accessKey: current.key, body: comment ? { score, comment } : { score },
      });
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
  renderDeliveries(dossier);
  fileList('results', dossier.results, 'results', 'Chưa có kết quả.');
  fileList('attachments', dossier.attachments, 'attachments', 'Không có giấy tờ đính kèm.');
  renderRating(dossier);
  document.getElementById('withdraw-actions').hidden = dossier.results.length > 0 || finalStatuses.has(dossier.status);
  section.hidden = false;
}

async function load() {
  const dossier = await api(`/api/dossiers/${encodeURIComponent(current.id)}`, { accessKey: current.key });
  render(dossier);
  await renderSupplement(dossier);
}

lookup.addEventListener('submit', async (event) => {
  event.preventDefault();
  const id = document.getElementById('dossier-id').value.trim();
  const key = document.getElementById('access-key').value.trim();
  say(message, '');
  if (!id || !key) {
    say(message, 'Nhập mã hồ sơ và mã truy cập.');
    return;
  }
  current = { id, key };
  section.hidden = true;
  try {
    await load();
    document.getElementById('dossier-title').focus();
  } catch (error) {
    current = null;
    say(message, error.status === 404 ? 'Không tìm thấy hồ sơ với mã hồ sơ và mã truy cập này.' : describeError(error));
  }
});

document.getElementById('withdraw').addEventListener('click', async () => {
  if (!window.confirm('Rút hồ sơ này? Sau khi rút, cơ quan sẽ dừng xử lý và không thể hoàn tác.')) return;
  try {
    await api(`/api/dossiers/${encodeURIComponent(current.id)}/withdraw`, { method: 'POST', accessKey: current.key });
    await load();
    say(document.getElementById('withdraw-message'), 'Đã rút hồ sơ.', 'ok');
  } catch (error) {
    say(document.getElementById('withdraw-message'), describeError(error));
  }
});
