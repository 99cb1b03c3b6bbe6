// The ops dashboard. The function key lives only in sessionStorage and travels in the x-functions-key header,
// never in a URL; everything the API returns is put on the page as text, never parsed as HTML.

const KEY_STORAGE = 'motcua.ops.functionKey';
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000; // Asia/Ho_Chi_Minh has no daylight saving.
const CHART_DAYS = 30;
const POISON_PAGE = 32; // GET /api/ops/poison lists at most this many messages.
const SVG = 'http://www.w3.org/2000/svg';

const integer = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });
const twoDecimals = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

const $ = (id) => document.getElementById(id);

// ---- formatting -------------------------------------------------------------------------------------------

const formatNumber = (value) => (value == null ? '—' : integer.format(value));
const formatRate = (rate) => (rate == null ? '—' : `${oneDecimal.format(rate * 100)}\u00a0%`);
const formatAverage = (average) => (average == null ? '—' : twoDecimals.format(average));
const pad = (n) => String(n).padStart(2, '0');

/** The wall-clock fields of an instant in Vietnam, whatever offset the string carries. */
function vietnamClock(instant) {
  const shifted = new Date(new Date(instant).getTime() + VIETNAM_OFFSET_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: pad(shifted.getUTCMonth() + 1),
    day: pad(shifted.getUTCDate()),
    hour: pad(shifted.getUTCHours()),
    minute: pad(shifted.getUTCMinutes()),
  };
}

function formatDateTime(instant) {
  if (!instant) return '—';
  const t = vietnamClock(instant);
  return `${t.day}/${t.month}/${t.year} ${t.hour}:${t.minute}`;
}

/** yyyy-MM-dd of the Vietnam day containing the given instant. */
function vietnamDay(instant) {
  const t = vietnamClock(instant);
  return `${t.year}-${t.month}-${t.day}`;
}

function addDays(day, count) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + count);
  return date.toISOString().slice(0, 10);
}

const shortDay = (day) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;
const fullDay = (day) => `${shortDay(day)}/${day.slice(0, 4)}`;

// ---- DOM helpers ------------------------------------------------------------------------------------------

/** Creates an element; string children become text nodes (Element.append never parses HTML). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children.map((child) => (child == null ? '' : child)));
  return node;
}

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  node.append(...children);
  return node;
}

function cell(text, className) {
  return el('td', className ? { class: className } : {}, text);
}

function emptyRow(tbody, columns, text) {
  tbody.replaceChildren(el('tr', {}, el('td', { colspan: columns, class: 'empty' }, text)));
}

function say(id, text, kind = '') {
  const node = $(id);
  node.textContent = text;
  node.className = `section-status ${kind}`.trim();
}

// ---- the API ----------------------------------------------------------------------------------------------

class SignedOut extends Error {}

class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

async function problemDetail(response) {
  try {
    const problem = await response.json();
    if (typeof problem.detail === 'string' && problem.detail) return problem.detail;
  } catch {
    // Not problem+json: fall through to the status line.
  }
  return `Máy chủ trả lỗi HTTP ${response.status}.`;
}

async function api(path, method = 'GET') {
  const key = sessionStorage.getItem(KEY_STORAGE);
  if (!key) throw new SignedOut();
  let response;
  try {
    response = await fetch(path, { method, headers: { 'x-functions-key': key }, cache: 'no-store' });
  } catch {
    throw new ApiError(0, 'Không kết nối được máy chủ. Vui lòng thử lại.');
  }
  // Signed out while the request was in flight: render nothing the old key could read.
  if (!sessionStorage.getItem(KEY_STORAGE)) throw new SignedOut();
  if (response.status === 401) {
    signOut('Khóa chức năng không đúng hoặc không còn hiệu lực. Vui lòng nhập lại khóa.');
    throw new SignedOut();
  }
  if (!response.ok) throw new ApiError(response.status, await problemDetail(response));
  return response;
}

const getJson = async (path) => (await api(path)).json();

/** Runs one section's loader, reporting its failure in that section and nowhere else. */
async function guarded(statusId, work) {
  try {
    await work();
  } catch (error) {
    if (error instanceof SignedOut) return;
    const detail = error instanceof ApiError ? error.message : 'Dữ liệu trả về không đọc được.';
    say(statusId, `Không tải được: ${detail}`, 'error');
  }
}

// ---- today's figures --------------------------------------------------------------------------------------

const pick = (object, path) => path.split('.').reduce((value, key) => (value == null ? undefined : value[key]), object);

function renderStats(stats) {
  for (const node of document.querySelectorAll('[data-stat]')) {
    const value = stats ? pick(stats, node.dataset.stat) : null;
    node.textContent = node.dataset.format === 'rate' ? formatRate(value)
      : node.dataset.format === 'average' ? formatAverage(value)
        : formatNumber(value);
  }
}

async function loadStats() {
  say('stats-status', 'Đang tải…');
  const stats = await getJson('/api/ops/stats');
  renderStats(stats);
  say('stats-status', '');
}

// ---- 30-day chart -----------------------------------------------------------------------------------------

/** The smallest 1-2-5 step that fits max into four intervals, so both axes share their grid lines. */
function countStep(max) {
  const rough = Math.max(max / 4, 1);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  return [1, 2, 5, 10].map((m) => m * magnitude).find((step) => step >= rough);
}

function drawChart(days, reports) {
  const width = 960;
  const height = 320;
  const left = 56;
  const right = 64;
  const top = 16;
  const bottom = 40;
  const plotWidth = width - left - right;
  const plotHeight = height - top - bottom;
  const slot = plotWidth / days.length;
  const bar = slot * 0.34;

  const max = Math.max(0, ...days.map((day) => Math.max(reports.get(day)?.received ?? 0, reports.get(day)?.processed ?? 0)));
  const step = countStep(max);
  const axisMax = step * 4;
  const yCount = (n) => top + plotHeight - (n / axisMax) * plotHeight;
  const yRate = (rate) => top + plotHeight - rate * plotHeight;

  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'trend-svg-title trend-caption', class: 'trend',
  });
  chart.append(svg('title', { id: 'trend-svg-title' }, `Biểu đồ từ ${fullDay(days[0])} đến ${fullDay(days.at(-1))}`));

  for (let i = 0; i <= 4; i += 1) {
    const y = yCount(step * i);
    chart.append(
      svg('line', { x1: left, x2: width - right, y1: y, y2: y, class: i === 0 ? 'axis' : 'grid' }),
      svg('text', { x: left - 8, y: y + 4, 'text-anchor': 'end', class: 'tick' }, integer.format(step * i)),
      svg('text', { x: width - right + 8, y: y + 4, 'text-anchor': 'start', class: 'tick' }, `${i * 25}\u00a0%`),
    );
  }

  const ratePoints = [];
  days.forEach((day, i) => {
    const x = left + i * slot;
    const report = reports.get(day);
    if ((days.length - 1 - i) % 5 === 0) {
      chart.append(svg('text', { x: x + slot / 2, y: height - bottom + 20, 'text-anchor': 'middle', class: 'tick' }, shortDay(day)));
    }
    if (!report) {
      ratePoints.push(null);
      return;
    }
    const bars = [['received', report.received, 'tiếp nhận', x + slot / 2 - bar], ['processed', report.processed, 'đã xử lý', x + slot / 2]];
    for (const [kind, value, label, barX] of bars) {
      const y = yCount(value ?? 0);
      chart.append(svg('rect', { x: barX, y, width: bar, height: top + plotHeight - y, class: `bar ${kind}` },
        svg('title', {}, `${shortDay(day)}: ${formatNumber(value)} hồ sơ ${label}`)));
    }
    ratePoints.push(report.onTimeRate == null ? null : { x: x + slot / 2, y: yRate(report.onTimeRate), day, rate: report.onTimeRate });
  });

  // A day without a rate breaks the line rather than joining its neighbours across the gap.
  let run = [];
  const flush = () => {
    if (run.length > 1) chart.append(svg('polyline', { points: run.map((p) => `${p.x},${p.y}`).join(' '), class: 'rate-line' }));
    run = [];
  };
  for (const point of ratePoints) {
    if (point) run.push(point);
    else flush();
  }
  flush();
  for (const point of ratePoints.filter(Boolean)) {
    chart.append(svg('circle', { cx: point.x, cy: point.y, r: 4, class: 'rate-point' },
      svg('title', {}, `${shortDay(point.day)}: đúng hạn ${formatRate(point.rate)}`)));
  }
  return chart;
}

function renderTrendTable(days, reports) {
  $('trend-rows').replaceChildren(...days.map((day) => {
    const report = reports.get(day);
    return el('tr', {},
      el('th', { scope: 'row' }, fullDay(day)),
      cell(formatNumber(report?.received), 'number'),
      cell(formatNumber(report?.processed), 'number'),
      cell(formatNumber(report?.onTime), 'number'),
      cell(formatNumber(report?.late), 'number'),
      cell(report ? formatRate(report.onTimeRate) : 'Chưa có báo cáo', 'number'));
  }));
}

async function loadTrend() {
  say('trend-status', 'Đang tải…');
  const to = vietnamDay(Date.now());
  const from = addDays(to, -(CHART_DAYS - 1));
  const rows = await getJson(`/api/ops/reports?from=${from}&to=${to}`);
  const days = Array.from({ length: CHART_DAYS }, (_, i) => addDays(from, i));
  const reports = new Map(rows.map((row) => [row.date, row]));
  $('trend-chart').replaceChildren(drawChart(days, reports));
  renderTrendTable(days, reports);
  say('trend-status', rows.length === 0
    ? `Chưa có báo cáo ngày nào từ ${fullDay(from)} đến ${fullDay(to)}.`
    : `Từ ${fullDay(from)} đến ${fullDay(to)}: ${formatNumber(rows.length)} ngày có báo cáo.`);
}

// ---- failed deliveries and the poison queue ---------------------------------------------------------------

function failedRow(item) {
  const button = el('button', { type: 'button', class: 'small' }, 'Gửi lại',
    el('span', { class: 'visually-hidden' }, ` hồ sơ ${item.dossierId} tới ${item.agencyName ?? item.agencyId}`));
  button.addEventListener('click', () => replay(item.deliveryId, button));
  return el('tr', {},
    cell(item.dossierId, 'id'),
    cell(item.agencyName ?? item.agencyId, 'name'),
    cell(item.eventType),
    cell(formatNumber(item.attempts), 'number'),
    cell(formatDateTime(item.lastAttemptAt), 'nowrap'),
    cell(item.lastStatusCode == null ? '—' : String(item.lastStatusCode), 'number'),
    cell(item.lastError ?? '—', 'error-text'),
    el('td', {}, button));
}

async function loadFailed() {
  say('failed-status', 'Đang tải…');
  const { items } = await getJson('/api/ops/deliveries?state=failed');
  if (items.length === 0) emptyRow($('failed-rows'), 8, 'Không có chuyển giao nào thất bại.');
  else $('failed-rows').replaceChildren(...items.map(failedRow));
  say('failed-status', `${formatNumber(items.length)} chuyển giao thất bại.`);
}

async function replay(deliveryId, button) {
  button.disabled = true;
  try {
    const response = await api(`/api/ops/deliveries/${encodeURIComponent(deliveryId)}/replay`, 'POST');
    const { webhookIds = [] } = await response.json();
    say('failed-result', `Đã gửi lại chuyển giao ${deliveryId} tới ${formatNumber(webhookIds.length)} webhook.`, 'ok');
    await Promise.all([guarded('failed-status', loadFailed), guarded('stats-status', loadStats)]);
  } catch (error) {
    if (error instanceof SignedOut) return;
    button.disabled = false;
    say('failed-result', `Không gửi lại được ${deliveryId}: ${error.message}`, 'error');
  }
}

async function loadPoison() {
  const { items } = await getJson('/api/ops/poison');
  $('poison-count').textContent = items.length >= POISON_PAGE ? `ít nhất ${formatNumber(POISON_PAGE)}` : formatNumber(items.length);
  $('requeue').disabled = items.length === 0;
}

async function requeue() {
  const button = $('requeue');
  button.disabled = true;
  try {
    const { requeued } = await (await api('/api/ops/poison/requeue', 'POST')).json();
    say('poison-status', `Đã đưa ${formatNumber(requeued)} thông điệp trở lại hàng đợi deliver.`, 'ok');
    await Promise.all([guarded('poison-status', loadPoison), guarded('failed-status', loadFailed)]);
  } catch (error) {
    if (error instanceof SignedOut) return;
    button.disabled = false;
    say('poison-status', `Không đưa lại được: ${error.message}`, 'error');
  }
}

// ---- overdue dossiers -------------------------------------------------------------------------------------

async function loadOverdue() {
  say('overdue-status', 'Đang tải…');
  const { items, generatedAt } = await getJson('/api/ops/overdue');
  if (items.length === 0) {
    emptyRow($('overdue-rows'), 6, 'Không có hồ sơ quá hạn.');
  } else {
    $('overdue-rows').replaceChildren(...items.map((item) => el('tr', {},
      cell(item.dossierId, 'id'),
      cell(item.agencyName ?? item.agencyId, 'name'),
      cell(item.procedureName ?? item.procedureCode, 'name'),
      cell(item.statusLabel ?? item.status),
      cell(formatDateTime(item.dueAt), 'nowrap'),
      cell(formatNumber(item.daysLate), 'number'))));
  }
  say('overdue-status', `${formatNumber(items.length)} hồ sơ quá hạn lúc ${formatDateTime(generatedAt)}.`);
}

// ---- report download --------------------------------------------------------------------------------------

let reportUrl = null;

async function downloadReport(event) {
  event.preventDefault();
  const date = $('report-date').value;
  if (!date) return;
  const format = event.submitter?.value === 'csv' ? 'csv' : 'json';
  say('report-status', 'Đang tải…');
  try {
    const response = await api(`/api/ops/reports/${date}${format === 'csv' ? '?format=csv' : ''}`);
    const blob = await response.blob();
    if (reportUrl) URL.revokeObjectURL(reportUrl);
    reportUrl = URL.createObjectURL(blob);
    const name = `bao-cao-${date}.${format}`;
    const link = el('a', { href: reportUrl, download: name }, name);
    link.click();
    const status = $('report-status');
    status.className = 'section-status ok';
    status.replaceChildren(`Đã tải báo cáo ngày ${fullDay(date)}: `, link);
  } catch (error) {
    if (error instanceof SignedOut) return;
    const detail = error instanceof ApiError && error.status === 404
      ? `Chưa có báo cáo cho ngày ${fullDay(date)}.`
      : error.message;
    say('report-status', detail, 'error');
  }
}

// ---- signing in and out -----------------------------------------------------------------------------------

async function refreshAll() {
  const button = $('refresh');
  button.disabled = true;
  $('refreshed').textContent = 'Đang cập nhật…';
  say('failed-result', '');
  say('poison-status', '');
  await Promise.all([
    guarded('stats-status', loadStats),
    guarded('trend-status', loadTrend),
    guarded('failed-status', loadFailed),
    guarded('poison-status', loadPoison),
    guarded('overdue-status', loadOverdue),
  ]);
  $('refreshed').textContent = `Cập nhật lúc ${formatDateTime(Date.now())}`;
  button.disabled = false;
}

/** Empties everything the last key could read, so nothing lingers behind the key form. */
function clearDashboard() {
  renderStats(null);
  for (const id of ['trend-chart', 'trend-rows', 'failed-rows', 'overdue-rows']) $(id).replaceChildren();
  for (const id of ['stats-status', 'trend-status', 'failed-status', 'failed-result', 'poison-status', 'overdue-status', 'report-status']) {
    say(id, '');
  }
  $('poison-count').textContent = '—';
  if (reportUrl) URL.revokeObjectURL(reportUrl);
  reportUrl = null;
}

function showDashboard() {
  $('sign-in').hidden = true;
  $('dashboard').hidden = false;
  $('sign-out').hidden = false;
}

function signOut(message, kind = 'error') {
  const wasSignedIn = !$('dashboard').hidden;
  sessionStorage.removeItem(KEY_STORAGE);
  clearDashboard();
  $('dashboard').hidden = true;
  $('sign-out').hidden = true;
  $('sign-in').hidden = false;
  const note = $('key-message');
  note.textContent = message;
  note.className = `message ${kind}`;
  if (wasSignedIn) $('function-key').focus();
}

function signIn(event) {
  event.preventDefault();
  const input = $('function-key');
  const key = input.value.trim();
  if (!key) return;
  sessionStorage.setItem(KEY_STORAGE, key);
  input.value = '';
  $('key-message').textContent = '';
  showDashboard();
  $('today-title').focus();
  refreshAll();
}

$('key-form').addEventListener('submit', signIn);
$('sign-out').addEventListener('click', () => signOut('Đã đăng xuất. Khóa đã được xóa khỏi phiên này.', 'ok'));
$('refresh').addEventListener('click', refreshAll);
$('requeue').addEventListener('click', requeue);
$('report-form').addEventListener('submit', downloadReport);
$('report-date').value = addDays(vietnamDay(Date.now()), -1);
$('report-date').max = vietnamDay(Date.now());

if (sessionStorage.getItem(KEY_STORAGE)) {
  showDashboard();
  refreshAll();
}
