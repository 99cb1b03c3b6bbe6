// Shared by every page: building DOM from data (always as text, never as markup), formats the portal promises
// (dd/MM/yyyy, 1.250.000 ₫, Vietnam time) and calls to the API. Importing it sends nothing.

/** Creates an element; string children become text nodes, so data from the API or the user is never parsed as HTML. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name in node && typeof value !== 'string') node[name] = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const money = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });

/** 1250000 → "1.250.000 ₫". */
export function formatVnd(vnd) {
  return `${money.format(vnd).replace(/[\u202f\u00a0,]/g, '.')} ₫`;
}

const decimal = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

/** 1500000 → "1.500.000", 12.5 → "12,5": a number written the Vietnamese way (dots group thousands, a comma marks decimals). */
export function formatNumber(value) {
  return decimal.format(value).replace(/[\u202f\u00a0]/g, '.');
}

/**
 * A number as a Vietnamese citizen writes it: "1.500.000", "1500000", "12,5" (and "12.5", which cannot be thousands). NaN when the
 * text is no number.
 */
export function readNumber(text) {
  const value = text.trim().replace(/\s/g, '');
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(value)) return Number(value.replaceAll('.', '').replace(',', '.'));
  if (/^\d+(,\d+)?$/.test(value)) return Number(value.replace(',', '.'));
  if (/^\d+\.\d+$/.test(value)) return Number(value);
  return Number.NaN;
}

/** A procedure's fee: formatVnd, or "Miễn phí" for a free one. */
export function formatFee(vnd) {
  return vnd === 0 ? 'Miễn phí' : formatVnd(vnd);
}

const vietnamClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

/** The digits of an instant written with another offset than Vietnam's, on Vietnam's clock. */
function inVietnam(iso) {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return null;
  const part = Object.fromEntries(vietnamClock.formatToParts(at).map((p) => [p.type, p.value]));
  return [part.year, part.month, part.day, part.hour, part.minute];
}

/**
 * "2026-11-23T09:05:00+07:00" → "23/11/2026 09:05". The API speaks Vietnam time, so its digits are read as written instead of
 * being converted to the browser's zone (a citizen abroad still sees the office's clock); a time with another offset ("Z") is
 * first brought to Vietnam time.
 */
export function formatDateTime(iso, withTime = true) {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::[\d.]+)?(Z|[+-]\d{2}:?\d{2})?)?/.exec(iso ?? '');
  if (!match) return iso ?? '';
  const offset = match[6];
  const [year, month, day, hour, minute] = offset && offset !== '+07:00' && offset !== '+0700' ? inVietnam(iso) ?? match.slice(1) : match.slice(1);
  const date = `${day}/${month}/${year}`;
  return withTime && hour !== undefined ? `${date} ${hour}:${minute}` : date;
}

export const levelNames = { partial: 'Mức độ 3 (một phần)', full: 'Mức độ 4 (toàn trình)' };

/** MIME types the API accepts, with the extensions that go with them (for the file picker and a first check). */
export const fileTypes = {
  'application/pdf': { name: 'PDF', extensions: ['.pdf'] },
  'image/jpeg': { name: 'JPEG', extensions: ['.jpg', '.jpeg'] },
  'image/png': { name: 'PNG', extensions: ['.png'] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { name: 'DOCX', extensions: ['.docx'] },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { name: 'XLSX', extensions: ['.xlsx'] },
};

/** What a document in the account's store is ("Kho dữ liệu của tôi"): one the citizen submitted, or a result issued to them. */
export const documentKindNames = { attachment: 'Giấy tờ đã nộp', result: 'Kết quả' };

export function typeNames(accept) {
  return accept.map((type) => fileTypes[type]?.name ?? type).join(', ');
}

export const maxFileBytes = 10 * 1024 * 1024;

const oneDecimal = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

/** 10485760 → "10 MB", 1572864 → "1,5 MB", 2048 → "2 KB". */
export function formatSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${oneDecimal.format(bytes / 1024)} KB`;
  return `${oneDecimal.format(bytes / 1024 / 1024)} MB`;
}

/** The API's error for a failed call: its Vietnamese detail (problem+json), or a plain message when it has none. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `Lỗi ${status}.`);
    this.status = status;
    this.errors = problem?.errors ?? {};
  }
}

const offline = { detail: 'Không kết nối được máy chủ. Vui lòng kiểm tra kết nối mạng và thử lại.' };

async function readProblem(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** The headers that say who calls: a dossier's access key, or a signed-in citizen's access token. */
function credentials(accessKey, token) {
  if (accessKey) return { 'X-Access-Key': accessKey };
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/**
 * Calls the API: resolves with the parsed JSON body (or, with json: false, the response), rejects with an ApiError.
 * headers and cache go to fetch as they are (the ops dashboard sends its function key and reads nothing from cache).
 */
export async function api(path, { method = 'GET', body, accessKey, token, headers: extra, cache, json = true } = {}) {
  const headers = { ...extra, ...credentials(accessKey, token) };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, { method, headers, cache, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, offline);
  }
  if (!response.ok) throw new ApiError(response.status, await readProblem(response));
  return json ? response.json() : response;
}

/**
 * Posts multipart form data with XMLHttpRequest, the only browser API that reports upload progress.
 * Resolves with the parsed JSON body, rejects with an ApiError.
 */
export function upload(path, form, { accessKey, token, idempotencyKey, onProgress } = {}) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', path);
    for (const [name, value] of Object.entries(credentials(accessKey, token))) request.setRequestHeader(name, value);
    if (idempotencyKey) request.setRequestHeader('Idempotency-Key', idempotencyKey);
    request.responseType = 'json';
    request.upload.addEventListener('progress', (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded, e.total);
    });
    request.addEventListener('load', () => {
      if (request.status >= 200 && request.status < 300) resolve(request.response);
      else reject(new ApiError(request.status, request.response));
    });
    request.addEventListener('error', () => reject(new ApiError(0, offline)));
    request.send(form);
  });
}

/** Hands a file the API sent (a response from api with json: false) to the browser, which saves it under fileName. */
export async function saveFile(response, fileName) {
  const url = URL.createObjectURL(await response.blob());
  const link = el('a', { href: url, download: fileName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Copies a receipt's codes for the citizen and says in status whether it worked (a browser may refuse). */
export async function copyCodes(text, status) {
  try {
    await navigator.clipboard.writeText(text);
    status.textContent = 'Đã sao chép vào bộ nhớ tạm.';
  } catch {
    status.textContent = 'Trình duyệt không cho sao chép tự động; hãy chọn và sao chép mã bằng tay.';
  }
}

/** A fresh Idempotency-Key: 128 random bits in hex (crypto.getRandomValues works on plain http too). */
export function newIdempotencyKey() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Shows a message for an error status the citizen can act on. */
export function describeError(error) {
  if (error.status === 413) return `Tệp hoặc hồ sơ quá lớn (tối đa 10 MB mỗi tệp, 50 MB mỗi hồ sơ). ${error.message}`;
  if (error.status === 415) return `Loại tệp không được chấp nhận (chỉ PDF, JPEG, PNG, DOCX, XLSX theo đúng nội dung tệp). ${error.message}`;
  if (error.status === 429) return 'Bạn thao tác quá nhanh. Vui lòng thử lại sau ít phút.';
  if (error.status >= 500) return 'Hệ thống đang gặp sự cố. Vui lòng thử lại sau.';
  return error.message;
}

/** Replaces the content of a status region (role=alert or status) with a message. */
export function say(region, message, kind = 'error') {
  region.replaceChildren(message ? el('p', { class: `notice ${kind}` }, message) : '');
}

/** Shows (or clears, with no message) the error beside an input: the element "<input id>-error", which describes the input. */
export function setFieldError(input, message, box = document.getElementById(`${input.id}-error`)) {
  box.textContent = message ?? '';
  if (!message) {
    input.removeAttribute('aria-invalid');
    return;
  }
  input.setAttribute('aria-invalid', 'true');
  const described = (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
  if (!described.includes(box.id)) input.setAttribute('aria-describedby', [...described, box.id].join(' '));
}

export function clearFieldErrors(form) {
  for (const box of form.querySelectorAll('.error')) box.textContent = '';
  for (const input of form.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
}

/**
 * Field errors keyed by API path ("applicant.idNumber", "fields.plate"): each message goes beside the input whose
 * id is the path (mapped by placeOf), and focus moves to the first of them. Errors with no such place are returned
 * so the caller can show them above the submit button.
 */
export function showFieldErrors(form, errors, placeOf = (path) => path) {
  clearFieldErrors(form);
  const unplaced = [];
  let first = null;
  for (const [path, messages] of Object.entries(errors)) {
    const place = placeOf(path);
    const box = place && document.getElementById(`${place}-error`);
    const input = box && (document.getElementById(place) ?? box.closest('fieldset')?.querySelector('input, select, textarea'));
    if (!input) {
      unplaced.push(...messages);
      continue;
    }
    setFieldError(input, messages.join(' '), box);
    if (!first || input.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING) first = input;
  }
  first?.focus();
  return unplaced;
}
