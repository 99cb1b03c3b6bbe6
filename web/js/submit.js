// Submitting a dossier: the form is built from the procedure's field schema, checked here for what the browser
// can know (an error leaves as soon as its field is right), kept as a local draft while it is filled in, sent as multipart with
// a progress bar, and answered by a printable receipt that shows the access key once (and, for a level-4 procedure with a fee,
// the fee due with a button to pay it at once). Signed in, the applicant comes from the account, each document may reuse one
// from the account's store, and the dossier is sent with the account's token: it is the account's.
import {
  api, clearFieldErrors, copyCodes, describeError, el, formatDateTime, formatFee, formatNumber, formatVnd, newIdempotencyKey, readNumber, say,
  setFieldError, showFieldErrors, upload,
} from './common.js';
import { accountApi, accountUpload, showAccount } from './account.js';
import { dateInput } from './dates.js';
import { readDraft, removeDraft, saveDraft } from './draft.js';
import { collectFiles, documentInput, filePlace } from './files.js';
import { payOnline } from './payments.js';
import { reuseChoice, reusedDocuments } from './reuse.js';
import { keepDossier, leaveDossier } from './session.js';
import { countVisit } from './visits.js';

countVisit();
leaveDossier();
const session = showAccount();

const code = new URLSearchParams(location.search).get('code') ?? '';
const form = document.getElementById('dossier');
const message = document.getElementById('message');
const formError = document.getElementById('form-error');
const applicantInputs = {
  fullName: document.getElementById('applicant.fullName'),
  idNumber: document.getElementById('applicant.idNumber'),
  taxCode: document.getElementById('applicant.taxCode'),
  phone: document.getElementById('applicant.phone'),
  email: document.getElementById('applicant.email'),
  address: document.getElementById('applicant.address'),
};
let procedure;
let documentInputs = [];
let reuseChoices = [];
let agencyBoxes = [];
// The date fields' controls (dates.js), by field key.
const dateControls = new Map();
let agencyNames = new Map();
// One key per dossier the citizen means to send, kept across retries of it (see send).
let idempotencyKey = newIdempotencyKey();

function fieldInput(field) {
  const id = `fields.${field.key}`;
  const common = { id, name: field.key, required: field.required };
  switch (field.type) {
    case 'select':
    case 'province':
      return el('select', common,
        el('option', { value: '' }, field.type === 'province' ? '— Chọn tỉnh, thành phố —' : '— Chọn —'),
        (field.options ?? []).map((option) => el('option', { value: option }, option)));
    case 'number':
      // Text, not type=number: "1.500.000" is how a Vietnamese amount is written, and a number input would refuse it.
      return el('input', { ...common, type: 'text', inputmode: 'decimal', autocomplete: 'off', 'aria-describedby': `${id}-hint` });
    case 'checkbox':
      return el('input', { ...common, type: 'checkbox' });
    default:
      return el('input', { ...common, type: 'text', maxlength: '500' });
  }
}

/** A date field: dd/mm/yyyy typed or picked, echoed in words, checked as soon as the citizen leaves it. */
function dateField(field, label, error) {
  const control = dateInput({ id: `fields.${field.key}`, name: field.key, required: field.required, notFuture: field.notFuture === true });
  dateControls.set(field.key, control);
  control.input.addEventListener('change', () => {
    if (control.input.value.trim()) setFieldError(control.input, control.problem(), error);
  });
  return el('div', { class: 'field' }, label, control.hint, control.control, control.echo, error);
}

/** An amount or quantity: written back the Vietnamese way (1.500.000) when the citizen leaves it. */
function numberField(input, label, error) {
  input.addEventListener('change', () => {
    const value = readNumber(input.value);
    if (Number.isFinite(value)) input.value = formatNumber(value);
  });
  const hint = el('span', { class: 'hint', id: `${input.id}-hint` }, 'Chỉ nhập số, ví dụ 1.500.000.');
  return el('div', { class: 'field' }, label, hint, input, error);
}

function buildFields() {
  const box = document.getElementById('fields');
  for (const field of procedure.fields) {
    const id = `fields.${field.key}`;
    const label = el('label', { for: id, class: field.required ? 'required' : false }, field.label);
    const error = el('p', { class: 'error', id: `${id}-error` });
    if (field.type === 'date') {
      box.append(dateField(field, label, error));
      continue;
    }
    const input = fieldInput(field);
    if (field.type === 'number') box.append(numberField(input, label, error));
    else if (field.type === 'checkbox') box.append(el('div', { class: 'field' }, el('div', { class: 'field inline' }, input, label), error));
    else box.append(el('div', { class: 'field' }, label, input, error));
  }
  box.hidden = procedure.fields.length === 0;
}

/** "Sở Công Thương Thành phố Hồ Chí Minh" → "so cong thuong thanh pho ho chi minh": what a search without diacritics matches. */
function plain(text) {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

/** "3/34 đã chọn", "Chọn tất cả" checked or half-checked, and the error gone once one is chosen. */
function countAgencies() {
  const all = document.getElementById('all-agencies');
  const checked = agencyBoxes.filter((box) => box.checked).length;
  all.checked = checked === agencyBoxes.length;
  all.indeterminate = checked > 0 && checked < agencyBoxes.length;
  document.getElementById('agency-count').textContent = `${checked}/${agencyBoxes.length} đã chọn`;
  if (checked > 0) setFieldError(all, null, document.getElementById('agencyIds-error'));
}

/** The fan-out picker (34 Sở Công Thương): a search by name with or without diacritics, the count chosen, two columns on desktop. */
async function buildAgencies() {
  agencyNames = new Map((await api('/api/agencies')).map((a) => [a.id, a.name]));
  if (!procedure.fanOut) return;
  const list = document.getElementById('agency-list');
  const all = document.getElementById('all-agencies');
  agencyBoxes = procedure.agencyIds.map((id) => el('input', { type: 'checkbox', id: `agency-${id}`, value: id }));
  const rows = agencyBoxes.map((box) => {
    const name = agencyNames.get(box.value) ?? box.value;
    return { name: plain(name), row: el('div', { class: 'field inline' }, box, el('label', { for: box.id }, name)) };
  });
  list.replaceChildren(...rows.map((r) => r.row));
  const search = document.getElementById('agency-search');
  const found = document.getElementById('agency-found');
  search.addEventListener('input', () => {
    const words = plain(search.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const { name, row } of rows) {
      row.hidden = !words.every((word) => name.includes(word));
      if (!row.hidden) shown += 1;
    }
    found.textContent = words.length === 0 ? '' : shown === 0 ? 'Không có cơ quan nào khớp.' : `Hiện ${shown} cơ quan khớp.`;
  });
  all.addEventListener('change', () => {
    for (const box of agencyBoxes) box.checked = all.checked;
    countAgencies();
  });
  list.addEventListener('change', countAgencies);
  countAgencies();
  document.getElementById('agencies').hidden = false;
}

/** The document inputs, and beside each the account's documents it accepts ("Dùng giấy tờ đã có") when signed in. */
function buildDocuments(stored) {
  const box = document.getElementById('documents');
  documentInputs = procedure.documents.map((d) => documentInput(d));
  reuseChoices = documentInputs.map((d) => reuseChoice(d, stored)).filter(Boolean);
  box.append(...documentInputs.map((d) => d.field));
  box.hidden = documentInputs.length === 0;
}

/**
 * The applicant as the account is (/api/me, or the id_token's claims when it cannot be read): its kind (the other one offered no
 * more), its name, and its identity number (from the id_token: /api/me shows it masked) or tax code, read-only, since the API
 * takes only the account's own.
 */
function fillApplicant(me) {
  const { claims } = session;
  const accountKind = me?.kind ?? (claims.tax_code ? 'business' : 'citizen');
  for (const radio of form.elements.kind) {
    radio.checked = radio.value === accountKind;
    radio.disabled = radio.value !== accountKind;
  }
  switchKind();
  applicantInputs.fullName.value = me?.fullName ?? claims.name ?? '';
  const business = accountKind === 'business';
  const number = business ? me?.taxCode ?? claims.tax_code : claims.id_number;
  const input = business ? applicantInputs.taxCode : applicantInputs.idNumber;
  if (number) {
    input.value = number;
    input.readOnly = true;
  }
  document.getElementById('account-note').hidden = false;
}

/**
 * What the signed-in citizen brings to the form: the account, and its documents (none when the store cannot be read). Null when
 * the account cannot be read: the form is then filled by hand (and still sent with the token while the session lasts).
 */
async function readAccount() {
  try {
    const [me, stored] = await Promise.all([
      accountApi('/api/me'),
      accountApi('/api/me/documents').catch((error) => {
        say(message, `Chưa đọc được kho dữ liệu của bạn, hãy tải giấy tờ lên. ${describeError(error)}`, 'info');
        return [];
      }),
    ]);
    return { me, stored };
  } catch (error) {
    if (error.status !== 401) say(message, `Chưa đọc được thông tin tài khoản, hãy điền thông tin người nộp. ${describeError(error)}`, 'info');
    return null;
  }
}

function kind() {
  return form.elements.kind.value;
}

function switchKind() {
  const business = kind() === 'business';
  document.getElementById('idNumber-field').hidden = business;
  document.getElementById('taxCode-field').hidden = !business;
  applicantInputs.idNumber.required = !business;
  applicantInputs.taxCode.required = business;
  document.getElementById('fullName-label').textContent = business ? 'Tên doanh nghiệp, tổ chức' : 'Họ và tên';
}

function fieldValue(field, input) {
  if (field.type === 'checkbox') return input.checked;
  if (field.type === 'date') return dateControls.get(field.key).value();
  const text = input.value.trim();
  if (text === '') return null;
  return field.type === 'number' ? readNumber(text) : text;
}

/** What a required field left empty says: a list is chosen ("chọn"), a box confirmed, the rest typed ("nhập"). */
function missing(field) {
  if (field.type === 'checkbox') return `Cần xác nhận "${field.label}".`;
  return field.type === 'select' || field.type === 'province' ? `Vui lòng chọn "${field.label}".` : `Vui lòng nhập "${field.label}".`;
}

/** The dossier object and the errors the browser can already see (the server re-checks everything). */
function readDossier(errors) {
  const trimmed = (input) => input.value.trim();
  const applicant = { kind: kind(), fullName: trimmed(applicantInputs.fullName), phone: trimmed(applicantInputs.phone) };
  if (!applicant.fullName) errors['applicant.fullName'] = ['Không được để trống.'];
  if (applicant.kind === 'citizen') {
    applicant.idNumber = trimmed(applicantInputs.idNumber);
    if (!/^[0-9]{12}$/.test(applicant.idNumber)) errors['applicant.idNumber'] = ['Số định danh cá nhân gồm đúng 12 chữ số.'];
  } else {
    applicant.taxCode = trimmed(applicantInputs.taxCode);
    if (!/^[0-9]{10}(-[0-9]{3})?$/.test(applicant.taxCode)) errors['applicant.taxCode'] = ['Mã số thuế gồm 10 chữ số, chi nhánh thêm "-" và 3 chữ số.'];
  }
  if (!applicant.phone) errors['applicant.phone'] = ['Thiếu số điện thoại di động.'];
  for (const name of ['email', 'address']) {
    if (trimmed(applicantInputs[name])) applicant[name] = trimmed(applicantInputs[name]);
  }

  const fields = {};
  for (const field of procedure.fields) {
    const value = fieldValue(field, document.getElementById(`fields.${field.key}`));
    const path = `fields.${field.key}`;
    const dateProblem = dateControls.get(field.key)?.problem();
    if (dateProblem) {
      errors[path] = [dateProblem];
      continue;
    }
    if (value === null || (field.type === 'checkbox' && field.required && !value)) {
      if (field.required) errors[path] = [missing(field)];
      if (value === null) continue;
    }
    if (field.type === 'number' && !(Number.isFinite(value) && value >= 0)) errors[path] = ['Phải là một số không âm, ví dụ 1.500.000.'];
    if (field.type === 'text' && field.pattern && !new RegExp(field.pattern, 'u').test(value)) errors[path] = [`"${field.label}" không đúng định dạng.`];
    fields[field.key] = value;
  }

  const dossier = { procedureCode: procedure.code, applicant, fields, reuse: reusedDocuments(reuseChoices) };
  if (procedure.fanOut) {
    dossier.agencyIds = agencyBoxes.filter((box) => box.checked).map((box) => box.value);
    if (dossier.agencyIds.length === 0) errors.agencyIds = ['Chọn ít nhất một cơ quan nhận hồ sơ.'];
  }
  return dossier;
}

/** The fee the dossier waits for, with "Nộp lệ phí ngay": checkout straight from the receipt. */
function showFeeDue(receipt) {
  const fee = receipt.status === 'awaiting_payment' ? receipt.payments?.find((p) => p.status === 'pending') : undefined;
  if (!fee) return;
  document.getElementById('fee-amount').textContent = formatVnd(fee.amountVnd);
  const button = document.getElementById('pay-now');
  button.addEventListener('click', async () => {
    const box = document.getElementById('pay-message');
    say(box, '');
    button.disabled = true;
    try {
      await payOnline(receipt.id, fee.id, receipt.accessKey);
    } catch (error) {
      button.disabled = false;
      say(box, describeError(error));
    }
  });
  document.getElementById('fee-due').hidden = false;
}

/** How the result reaches the applicant, for the receipt: online for a level-4 procedure, and by post where the form asked where to. */
function resultDelivery(dossier) {
  const address = procedure.fields.find((f) => /address/i.test(f.key) && typeof dossier.fields[f.key] === 'string');
  const online = procedure.level === 'full'
    ? 'Trực tuyến: tải kết quả tại trang Tra cứu hồ sơ của cổng.'
    : 'Nhận tại cơ quan giải quyết; theo dõi tại trang Tra cứu hồ sơ của cổng.';
  return address ? `${online} Bản giấy gửi qua bưu chính đến: ${dossier.fields[address.key]}.` : online;
}

/** The documents the portal received, as the receipt lists them: each file's name, or the stored document reused. */
function receivedDocuments(sent, dossier) {
  const label = (key) => procedure.documents.find((d) => d.key === key)?.label ?? key;
  const items = sent.map(({ key, file }) => el('li', {}, `${label(key)}: ${file.name}`));
  for (const key of Object.keys(dossier.reuse ?? {})) items.push(el('li', {}, `${label(key)}: giấy tờ đã có trong Kho dữ liệu của tôi`));
  return items.length > 0 ? items : [el('li', {}, 'Không có giấy tờ đính kèm.')];
}

/** The receipt's facts beyond the codes and dates: agency, applicant, fee, documents received and how the result is delivered. */
function describeReceipt(receipt, dossier, sent) {
  const text = (id, value) => { document.getElementById(id).textContent = value; };
  text('receipt-agencies', receipt.deliveries.map((d) => agencyNames.get(d.agencyId) ?? d.agencyId).join('; '));
  const { applicant } = dossier;
  text('receipt-applicant', `${applicant.fullName} — ${applicant.kind === 'business' ? `mã số thuế ${applicant.taxCode}` : 'công dân'}`);
  text('receipt-fee', formatFee(procedure.feeVnd));
  document.getElementById('receipt-documents').replaceChildren(...receivedDocuments(sent, dossier));
  text('receipt-delivery', resultDelivery(dossier));
  text('receipt-printed', `In lúc ${formatDateTime(new Date().toISOString())} (giờ Việt Nam)`);
}

function showReceipt(receipt, dossier, sent) {
  const text = (id, value) => { document.getElementById(id).textContent = value; };
  text('receipt-procedure', procedure.name);
  text('receipt-id', receipt.id);
  text('receipt-key', receipt.accessKey);
  text('receipt-submitted', formatDateTime(receipt.submittedAt));
  text('receipt-due', formatDateTime(receipt.dueAt, false));
  describeReceipt(receipt, dossier, sent);
  const track = document.getElementById('track-link');
  track.href = `/track.html?id=${encodeURIComponent(receipt.id)}`;
  // The tracking page opens this dossier with the key this tab keeps for it (and forgets once the citizen leaves tracking).
  track.addEventListener('click', () => keepDossier(receipt.id, receipt.accessKey));
  document.getElementById('copy').addEventListener('click', () =>
    copyCodes(`Mã hồ sơ: ${receipt.id}\nMã truy cập: ${receipt.accessKey}`, document.getElementById('copy-status')));
  document.getElementById('print').addEventListener('click', () => window.print());
  showFeeDue(receipt);
  document.getElementById('receipt-account').hidden = session === null;
  form.remove();
  const section = document.getElementById('receipt');
  section.hidden = false;
  document.title = `Biên nhận hồ sơ ${receipt.id} — Cổng dịch vụ công một cửa`;
  document.getElementById('receipt-title').focus();
}

async function send(event) {
  event.preventDefault();
  say(formError, '');
  const errors = {};
  const dossier = readDossier(errors);
  const sent = collectFiles(documentInputs, errors);
  if (Object.keys(errors).length > 0) {
    showFieldErrors(form, errors);
    return;
  }
  clearFieldErrors(form);

  const body = new FormData();
  body.append('dossier', new Blob([JSON.stringify(dossier)], { type: 'application/json' }));
  for (const { key, file } of sent) body.append(key, file, file.name);
  const button = document.getElementById('send');
  // Held here: on success the receipt replaces the form, and these leave the document with it.
  const uploading = document.getElementById('upload');
  const progress = document.getElementById('progress');
  button.disabled = true;
  progress.value = 0;
  uploading.hidden = false;
  try {
    const options = { idempotencyKey, onProgress: (loaded, total) => { progress.value = Math.round((loaded / total) * 100); } };
    showReceipt(await (session ? accountUpload('/api/dossiers', body, options) : upload('/api/dossiers', body, options)), dossier, sent);
    idempotencyKey = newIdempotencyKey();
    removeDraft(procedure.code);
  } catch (error) {
    // Refused outright, nothing was stored: the corrected dossier is a new request. After a lost connection or
    // a 503 the dossier may have been stored, so sending it again under the same key returns that receipt.
    if (error.status >= 400 && error.status < 500) idempotencyKey = newIdempotencyKey();
    const place = filePlace(sent);
    const unplaced = showFieldErrors(form, error.errors, (path) => (path.startsWith('agencyIds') ? 'agencyIds' : place(path)));
    const marked = form.querySelector('[aria-invalid="true"]') !== null;
    const summary = error.status === 400 && marked ? 'Hồ sơ chưa hợp lệ, vui lòng sửa các mục được đánh dấu.' : describeError(error);
    say(formError, [summary, ...unplaced].join(' '));
    if (!marked) formError.focus();
  } finally {
    button.disabled = false;
    uploading.hidden = true;
  }
}

/** An error leaves as soon as its field is right (the browser's checks; the server's own are re-checked on sending). */
function recheck(event) {
  const input = event.target;
  if (input.getAttribute?.('aria-invalid') !== 'true' || !input.id || input.type === 'file') return;
  const errors = {};
  readDossier(errors);
  if (!errors[input.id]) setFieldError(input, null);
  if (!form.querySelector('[aria-invalid="true"]')) say(formError, '');
}

/** What was typed and chosen, for the draft: no file, no access key, no token. */
function draftOf() {
  const values = (inputs) => Object.fromEntries(Object.entries(inputs).map(([name, input]) => [name, input.value]));
  return {
    kind: kind(),
    applicant: values(applicantInputs),
    fields: Object.fromEntries(procedure.fields.map((f) => {
      const input = document.getElementById(`fields.${f.key}`);
      return [f.key, f.type === 'checkbox' ? input.checked : input.value];
    })),
    agencyIds: agencyBoxes.filter((box) => box.checked).map((box) => box.value),
  };
}

/** Puts a kept draft back; what the account fills (read-only) stays the account's. True when something was restored. */
function restoreDraft(draft) {
  if (!draft) return false;
  const kindRadio = [...form.elements.kind].find((radio) => radio.value === draft.kind && !radio.disabled);
  if (kindRadio) kindRadio.checked = true;
  switchKind();
  for (const [name, input] of Object.entries(applicantInputs)) {
    if (!input.readOnly && typeof draft.applicant?.[name] === 'string') input.value = draft.applicant[name];
  }
  for (const field of procedure.fields) {
    const value = draft.fields?.[field.key];
    const input = document.getElementById(`fields.${field.key}`);
    if (field.type === 'checkbox') input.checked = value === true;
    else if (typeof value === 'string') input.value = value;
    if (field.type === 'date') input.dispatchEvent(new Event('input'));
  }
  const chosen = new Set(Array.isArray(draft.agencyIds) ? draft.agencyIds : []);
  for (const box of agencyBoxes) box.checked = chosen.has(box.value);
  if (agencyBoxes.length > 0) countAgencies();
  return true;
}

function keepDrafting() {
  const restored = restoreDraft(readDraft(procedure.code));
  document.getElementById('draft-restored').hidden = !restored;
  const save = () => saveDraft(procedure.code, draftOf());
  form.addEventListener('input', save);
  form.addEventListener('change', save);
  document.getElementById('clear-draft').addEventListener('click', () => {
    removeDraft(procedure.code);
    location.reload();
  });
}

try {
  procedure = await api(`/api/procedures/${encodeURIComponent(code)}`);
  document.getElementById('title').textContent = `Nộp hồ sơ: ${procedure.name}`;
  document.title = `Nộp hồ sơ: ${procedure.name} — Cổng dịch vụ công một cửa`;
  const account = session ? await readAccount() : null;
  buildFields();
  await buildAgencies();
  buildDocuments(account?.stored ?? []);
  for (const radio of form.elements.kind) radio.addEventListener('change', switchKind);
  switchKind();
  if (session) fillApplicant(account?.me);
  keepDrafting();
  form.addEventListener('input', recheck);
  form.addEventListener('change', recheck);
  form.addEventListener('submit', send);
  form.hidden = false;
} catch (error) {
  say(message, error.status === 404 ? 'Không tìm thấy thủ tục này.' : describeError(error));
}
