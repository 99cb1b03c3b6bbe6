// Submitting a dossier: the form is built from the procedure's field schema, checked here for what the browser
// can know, sent as multipart with a progress bar, and answered by a receipt that shows the access key once (and, for a
// level-4 procedure with a fee, the fee due with a button to pay it at once). Signed in, the applicant comes from the account,
// each document may reuse one from the account's store, and the dossier is sent with the account's token: it is the account's.
import {
  api, clearFieldErrors, describeError, el, formatDateTime, formatVnd, newIdempotencyKey, say, setFieldError, showFieldErrors, upload,
} from './common.js';
import { accountApi, accountUpload, showAccount } from './account.js';
import { collectFiles, documentInput, filePlace } from './files.js';
import { payOnline } from './payments.js';
import { reuseChoice, reusedDocuments } from './reuse.js';
import { countVisit } from './visits.js';

countVisit();
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
      return el('input', { ...common, type: 'number', min: '0', step: 'any', inputmode: 'decimal' });
    case 'date':
      return el('input', { ...common, type: 'date' });
    case 'checkbox':
      return el('input', { ...common, type: 'checkbox' });
    default:
      return el('input', { ...common, type: 'text', maxlength: '500' });
  }
}

function buildFields() {
  const box = document.getElementById('fields');
  for (const field of procedure.fields) {
    const input = fieldInput(field);
    const id = input.id;
    const label = el('label', { for: id, class: field.required ? 'required' : false }, field.label);
    const error = el('p', { class: 'error', id: `${id}-error` });
    box.append(field.type === 'checkbox'
      ? el('div', { class: 'field' }, el('div', { class: 'field inline' }, input, label), error)
      : el('div', { class: 'field' }, label, input, error));
  }
  box.hidden = procedure.fields.length === 0;
}

async function buildAgencies() {
  if (!procedure.fanOut) return;
  const names = new Map((await api('/api/agencies')).map((a) => [a.id, a.name]));
  const list = document.getElementById('agency-list');
  const all = document.getElementById('all-agencies');
  agencyBoxes = procedure.agencyIds.map((id) => el('input', { type: 'checkbox', id: `agency-${id}`, value: id }));
  list.replaceChildren(...agencyBoxes.map((box) =>
    el('div', { class: 'field inline' }, box, el('label', { for: box.id }, names.get(box.value) ?? box.value))));
  all.addEventListener('change', () => {
    for (const box of agencyBoxes) box.checked = all.checked;
    if (all.checked) setFieldError(all, null, document.getElementById('agencyIds-error'));
  });
  list.addEventListener('change', () => {
    const checked = agencyBoxes.filter((box) => box.checked).length;
    all.checked = checked === agencyBoxes.length;
    all.indeterminate = checked > 0 && checked < agencyBoxes.length;
    if (checked > 0) setFieldError(all, null, document.getElementById('agencyIds-error'));
  });
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
  const text = input.value.trim();
  if (text === '') return null;
  return field.type === 'number' ? Number(text) : text;
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
    if (value === null || (field.type === 'checkbox' && field.required && !value)) {
      if (field.required) errors[path] = [field.type === 'checkbox' ? `Cần xác nhận "${field.label}".` : `Vui lòng nhập "${field.label}".`];
      if (value === null) continue;
    }
    if (field.type === 'number' && !(Number.isFinite(value) && value >= 0)) errors[path] = ['Phải là một số không âm.'];
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

function showReceipt(receipt) {
  const text = (id, value) => { document.getElementById(id).textContent = value; };
  text('receipt-procedure', procedure.name);
  text('receipt-id', receipt.id);
  text('receipt-key', receipt.accessKey);
  text('receipt-submitted', formatDateTime(receipt.submittedAt));
  text('receipt-due', formatDateTime(receipt.dueAt, false));
  document.getElementById('copy').addEventListener('click', async () => {
    const status = document.getElementById('copy-status');
    try {
      await navigator.clipboard.writeText(`Mã hồ sơ: ${receipt.id}\nMã truy cập: ${receipt.accessKey}`);
      status.textContent = 'Đã sao chép vào bộ nhớ tạm.';
    } catch {
      status.textContent = 'Trình duyệt không cho sao chép tự động; hãy chọn và sao chép mã bằng tay.';
    }
  });
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
    showReceipt(await (session ? accountUpload('/api/dossiers', body, options) : upload('/api/dossiers', body, options)));
    idempotencyKey = newIdempotencyKey();
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
  form.addEventListener('submit', send);
  form.hidden = false;
} catch (error) {
  say(message, error.status === 404 ? 'Không tìm thấy thủ tục này.' : describeError(error));
}
