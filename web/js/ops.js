// The ops dashboard. The function key lives only in sessionStorage and travels in the x-functions-key header,
// never in a URL; everything the API returns is put on the page as text (common.js's el), never parsed as HTML.
import { ApiError, api, el, formatDateTime, formatVnd, say } from './common.js';
import { dateInput } from './dates.js';

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

/** "yyyy-MM-ddTHH:mm" of an instant on Vietnam's clock, as the API writes its times, for formatDateTime to show. */
const vietnamTime = (instant) => new Date(instant + VIETNAM_OFFSET_MS).toISOString().slice(0, 16);

/** yyyy-MM-dd of the Vietnam day containing the given instant. */
const vietnamDay = (instant) => vietnamTime(instant).slice(0, 10);

function addDays(day, count) {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + count);
  return date.toISOString().slice(0, 10);
}

/** yyyy-MM-dd → dd/MM, for the chart's axis. */
const shortDay = (day) => `${day.slice(8, 10)}/${day.slice(5, 7)}`;

// ---- DOM helpers ------------------------------------------------------------------------------------------

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  node.append(...children);
  return node;
}

const cell = (text, className) => el('td', { class: className }, text);

/** The webhook events a delivery carries, in Vietnamese; the technical name stays in the cell's tooltip. */
const eventNames = {
  'dossier.submitted': 'Chuyển hồ sơ mới',
  'dossier.supplemented': 'Chuyển giấy tờ bổ sung',
  'dossier.withdrawn': 'Báo rút hồ sơ',
  'dossier.overdue_reminder': 'Nhắc hồ sơ quá hạn',
  'dossier.payment_received': 'Báo đã thu phí',
  'dossier.payment_refunded': 'Báo đã hoàn tiền',
  'dossier.consent_withdrawn': 'Báo rút đồng ý dùng giấy tờ',
  'feedback.received': 'Chuyển phản ánh, kiến nghị',
};

const eventCell = (type) => el('td', { title: type }, eventNames[type] ?? type);

/** The e-mails to applicants, by the event they tell of. */
const mailNames = {
  received: 'Biên nhận hồ sơ',
  accepted: 'Cơ quan đã tiếp nhận',
  supplement_requested: 'Yêu cầu bổ sung',
  fee_due: 'Lệ phí cần nộp',
  fee_paid: 'Đã nộp lệ phí',
  approved: 'Đã có kết quả',
  rejected: 'Từ chối',
  delivery_failed: 'Chuyển thất bại',
};

/** The dashboard's two dates, typed dd/mm/yyyy whatever the browser's language (a date input would show 12/05/2026 for 5 December in English). */
function dateField(id) {
  const control = dateInput({ id, required: true, notFuture: true });
  $(`${id}-field`).append(control.hint, control.control, control.echo);
  return control;
}

const reportDate = dateField('report-date');
const paymentsDate = dateField('payments-date');

function emptyRow(tbody, columns, text) {
  tbody.replaceChildren(el('tr', {}, el('td', { colspan: columns, class: 'empty' }, text)));
}

/** Shows a section's message: 'info' for progress and counts, 'ok' or 'error' for the outcome of an action. */
const showStatus = (id, message, kind = 'info') => say($(id), message, kind);

// ---- the API ----------------------------------------------------------------------------------------------

class SignedOut extends Error {}

/**
 * Calls the ops API with this tab's key; resolves as common.js's api does. A refused key signs out, and an answer
 * that arrives after signing out is dropped: either way SignedOut, and nothing the old key could read is rendered.
 */
async function opsApi(path, options = {}) {
  const key = sessionStorage.getItem(KEY_STORAGE);
  if (!key) throw new SignedOut();
  const outcome = await api(path, { ...options, headers: { 'x-functions-key': key }, cache: 'no-store' })
    .then((value) => ({ value }), (error) => ({ error }));
  if (!sessionStorage.getItem(KEY_STORAGE)) throw new SignedOut();
  if (outcome.error instanceof ApiError && outcome.error.status === 401) {
    signOut('Khóa chức năng không đúng hoặc không còn hiệu lực. Vui lòng nhập lại khóa.');
    throw new SignedOut();
  }
  if (outcome.error) throw outcome.error;
  return outcome.value;
}

/** Runs one section's loader, reporting its failure in that section and nowhere else. */
async function guarded(statusId, work) {
  try {
    await work();
  } catch (error) {
    if (error instanceof SignedOut) return;
    const detail = error instanceof ApiError ? error.message : 'Dữ liệu trả về không đọc được.';
    showStatus(statusId, `Không tải được: ${detail}`, 'error');
  }
}

// ---- today's figures --------------------------------------------------------------------------------------

const pick = (object, path) => path.split('.').reduce((value, key) => (value == null ? undefined : value[key]), object);

function renderStats(stats) {
  for (const node of document.querySelectorAll('[data-stat]')) {
    const value = stats ? pick(stats, node.dataset.stat) : null;
    node.textContent = node.dataset.format === 'rate' ? formatRate(value)
      : node.dataset.format === 'average' ? formatAverage(value)
        : node.dataset.format === 'vnd' ? (value == null ? '—' : formatVnd(value))
          : formatNumber(value);
  }
}

async function loadStats() {
  showStatus('stats-status', 'Đang tải…');
  const stats = await opsApi('/api/ops/stats');
  renderStats(stats);
  showStatus('stats-status', '');
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
  chart.append(svg('title', { id: 'trend-svg-title' }, `Biểu đồ từ ${formatDateTime(days[0])} đến ${formatDateTime(days.at(-1))}`));

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
      el('th', { scope: 'row' }, formatDateTime(day)),
      cell(formatNumber(report?.received), 'number'),
      cell(formatNumber(report?.processed), 'number'),
      cell(formatNumber(report?.onTime), 'number'),
      cell(formatNumber(report?.late), 'number'),
      cell(report ? formatRate(report.onTimeRate) : 'Chưa có báo cáo', 'number'));
  }));
}

async function loadTrend() {
  showStatus('trend-status', 'Đang tải…');
  const to = vietnamDay(Date.now());
  const from = addDays(to, -(CHART_DAYS - 1));
  const rows = await opsApi(`/api/ops/reports?from=${from}&to=${to}`);
  const days = Array.from({ length: CHART_DAYS }, (_, i) => addDays(from, i));
  const reports = new Map(rows.map((row) => [row.date, row]));
  $('trend-chart').replaceChildren(drawChart(days, reports));
  renderTrendTable(days, reports);
  showStatus('trend-status', rows.length === 0
    ? `Chưa có báo cáo ngày nào từ ${formatDateTime(from)} đến ${formatDateTime(to)}.`
    : `Từ ${formatDateTime(from)} đến ${formatDateTime(to)}: ${formatNumber(rows.length)} ngày có báo cáo.`);
}

// ---- failed deliveries and the poison queue ---------------------------------------------------------------

function failedRow(item) {
  const button = el('button', { type: 'button', class: 'small' }, 'Gửi lại',
    el('span', { class: 'visually-hidden' }, ` hồ sơ ${item.dossierId} tới ${item.agencyName ?? item.agencyId}`));
  button.addEventListener('click', () => replay(item.deliveryId, button));
  return el('tr', {},
    cell(item.dossierId, 'id'),
    cell(item.agencyName ?? item.agencyId, 'name'),
    eventCell(item.eventType),
    cell(formatNumber(item.attempts), 'number'),
    cell(formatDateTime(item.lastAttemptAt), 'nowrap'),
    cell(item.lastStatusCode == null ? '—' : String(item.lastStatusCode), 'number'),
    cell(item.lastError ?? '—', 'error-text'),
    el('td', {}, button));
}

async function loadFailedMail() {
  showStatus('mail-status', 'Đang tải…');
  const { items } = await opsApi('/api/ops/notifications?state=failed');
  if (items.length === 0) emptyRow($('mail-rows'), 5, 'Không có thư báo nào bị từ chối.');
  else {
    $('mail-rows').replaceChildren(...items.map((item) => el('tr', {},
      cell(item.dossierId, 'id'),
      el('td', { title: item.event }, mailNames[item.event] ?? item.event),
      cell(formatNumber(item.attempts), 'number'),
      cell(item.lastAttemptAt ? formatDateTime(item.lastAttemptAt) : '—', 'nowrap'),
      cell(item.lastError ?? '—', 'error-text'))));
  }
  showStatus('mail-status', `${formatNumber(items.length)} thư báo không gửi được.`);
}

async function loadFailed() {
  showStatus('failed-status', 'Đang tải…');
  const { items } = await opsApi('/api/ops/deliveries?state=failed');
  if (items.length === 0) emptyRow($('failed-rows'), 8, 'Không có chuyển giao nào thất bại.');
  else $('failed-rows').replaceChildren(...items.map(failedRow));
  showStatus('failed-status', `${formatNumber(items.length)} chuyển giao thất bại.`);
}

async function replay(deliveryId, button) {
  button.disabled = true;
  try {
    const { webhookIds = [] } = await opsApi(`/api/ops/deliveries/${encodeURIComponent(deliveryId)}/replay`, { method: 'POST' });
    showStatus('failed-result', `Đã gửi lại chuyển giao ${deliveryId} tới ${formatNumber(webhookIds.length)} webhook.`, 'ok');
    await Promise.all([guarded('failed-status', loadFailed), guarded('stats-status', loadStats)]);
  } catch (error) {
    if (error instanceof SignedOut) return;
    button.disabled = false;
    showStatus('failed-result', `Không gửi lại được ${deliveryId}: ${error.message}`, 'error');
  }
}

async function loadPoison() {
  const { items } = await opsApi('/api/ops/poison');
  $('poison-count').textContent = items.length >= POISON_PAGE ? `ít nhất ${formatNumber(POISON_PAGE)}` : formatNumber(items.length);
  $('requeue').disabled = items.length === 0;
}

async function requeue() {
  const button = $('requeue');
  button.disabled = true;
  try {
    const { requeued } = await opsApi('/api/ops/poison/requeue', { method: 'POST' });
    showStatus('poison-status', `Đã đưa ${formatNumber(requeued)} thông điệp trở lại hàng đợi chuyển giao.`, 'ok');
    await Promise.all([guarded('poison-status', loadPoison), guarded('failed-status', loadFailed)]);
  } catch (error) {
    if (error instanceof SignedOut) return;
    button.disabled = false;
    showStatus('poison-status', `Không đưa lại được: ${error.message}`, 'error');
  }
}

// ---- overdue dossiers -------------------------------------------------------------------------------------

async function loadOverdue() {
  showStatus('overdue-status', 'Đang tải…');
  const { items, generatedAt } = await opsApi('/api/ops/overdue');
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
  showStatus('overdue-status', `${formatNumber(items.length)} hồ sơ quá hạn lúc ${formatDateTime(generatedAt)}.`);
}

// ---- payments ---------------------------------------------------------------------------------------------

const PAYMENTS_PAGE = 1000; // GET /api/ops/payments lists at most this many payments.

const PAYMENT_COLUMNS = 7;

/**
 * A payment's row; a mismatch (the gateway and the portal disagree) is marked and followed by a row across the table with
 * the explanation the API keeps, so it reads on a phone without scrolling sideways.
 */
function paymentRows(item) {
  const row = el('tr', { class: item.mismatch ? 'mismatch' : null },
    cell(item.dossierId, 'id'),
    cell(item.procedureCode, 'nowrap'),
    cell(item.agencyId ? `${item.reason} (do ${item.agencyId} yêu cầu)` : item.reason, 'name'),
    cell(formatVnd(item.amountVnd), 'number nowrap'),
    cell(formatDateTime(item.statusAt), 'nowrap'),
    cell(item.paidAt ? formatDateTime(item.paidAt) : '—', 'nowrap'),
    cell(item.gatewayTransactionNo ?? '—', 'id'));
  if (!item.mismatch) return [row];
  return [row, el('tr', { class: 'mismatch-note' },
    el('td', { colspan: PAYMENT_COLUMNS }, el('p', {}, el('strong', {}, 'Sai lệch: '), item.mismatch)))];
}

async function loadPayments() {
  showStatus('payments-status', 'Đang tải…');
  const state = $('payments-state').value;
  const query = new URLSearchParams({ state });
  const problem = paymentsDate.problem();
  if (problem) {
    showStatus('payments-status', problem, 'error');
    return;
  }
  if (paymentsDate.value()) query.set('date', paymentsDate.value());
  const list = await opsApi(`/api/ops/payments?${query}`);
  const label = $('payments-state').selectedOptions[0].textContent;
  if (list.items.length === 0) emptyRow($('payments-rows'), PAYMENT_COLUMNS, `Không có khoản nào “${label}” trong ngày ${formatDateTime(list.date)}.`);
  else $('payments-rows').replaceChildren(...list.items.flatMap(paymentRows));
  $('payments-total').textContent = formatVnd(list.totalVnd);
  const mismatches = list.items.filter((item) => item.mismatch).length;
  showStatus('payments-status', [
    `${list.items.length >= PAYMENTS_PAGE ? 'Ít nhất ' : ''}${formatNumber(list.items.length)} khoản “${label}” ngày ${formatDateTime(list.date)}, `,
    `tổng ${formatVnd(list.totalVnd)}.`,
    mismatches > 0 ? ` ${formatNumber(mismatches)} khoản sai lệch cần xử lý.` : '',
  ].join(''));
}

function showPayments(event) {
  event.preventDefault();
  guarded('payments-status', loadPayments);
}

// ---- report download --------------------------------------------------------------------------------------

let reportUrl = null;

async function downloadReport(event) {
  event.preventDefault();
  const date = reportDate.value();
  const problem = reportDate.problem() ?? (date ? null : 'Nhập ngày báo cáo.');
  if (problem) {
    showStatus('report-status', problem, 'error');
    return;
  }
  const format = event.submitter?.value === 'csv' ? 'csv' : 'json';
  showStatus('report-status', 'Đang tải…');
  try {
    const response = await opsApi(`/api/ops/reports/${date}${format === 'csv' ? '?format=csv' : ''}`, { json: false });
    const blob = await response.blob();
    if (reportUrl) URL.revokeObjectURL(reportUrl);
    reportUrl = URL.createObjectURL(blob);
    const name = `bao-cao-${date}.${format}`;
    const link = el('a', { href: reportUrl, download: name }, name);
    link.click();
    showStatus('report-status', [`Đã tải báo cáo ngày ${formatDateTime(date)}: `, link], 'ok');
  } catch (error) {
    if (error instanceof SignedOut) return;
    const detail = error instanceof ApiError && error.status === 404
      ? `Chưa có báo cáo cho ngày ${formatDateTime(date)}.`
      : error.message;
    showStatus('report-status', detail, 'error');
  }
}

// ---- signing in and out -----------------------------------------------------------------------------------

async function refreshAll() {
  const button = $('refresh');
  button.disabled = true;
  $('refreshed').textContent = 'Đang cập nhật…';
  showStatus('failed-result', '');
  showStatus('poison-status', '');
  await Promise.all([
    guarded('stats-status', loadStats),
    guarded('trend-status', loadTrend),
    guarded('failed-status', loadFailed),
    guarded('poison-status', loadPoison),
    guarded('mail-status', loadFailedMail),
    guarded('overdue-status', loadOverdue),
    guarded('payments-status', loadPayments),
  ]);
  $('refreshed').textContent = `Cập nhật lúc ${formatDateTime(vietnamTime(Date.now()))}`;
  button.disabled = false;
}

/** Empties everything the last key could read, so nothing lingers behind the key form. */
function clearDashboard() {
  renderStats(null);
  for (const id of ['trend-chart', 'trend-rows', 'failed-rows', 'mail-rows', 'overdue-rows', 'payments-rows']) $(id).replaceChildren();
  $('payments-total').textContent = '—';
  for (const id of ['stats-status', 'trend-status', 'failed-status', 'failed-result', 'poison-status', 'mail-status', 'overdue-status', 'payments-status',
    'report-status']) {
    showStatus(id, '');
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
  say($('key-message'), message, kind);
  if (wasSignedIn) $('function-key').focus();
}

function signIn(event) {
  event.preventDefault();
  const input = $('function-key');
  const key = input.value.trim();
  if (!key) return;
  sessionStorage.setItem(KEY_STORAGE, key);
  input.value = '';
  say($('key-message'), '');
  showDashboard();
  $('today-title').focus();
  refreshAll();
}

$('key-form').addEventListener('submit', signIn);
$('sign-out').addEventListener('click', () => signOut('Đã đăng xuất. Khóa đã được xóa khỏi phiên này.', 'ok'));
$('refresh').addEventListener('click', refreshAll);
$('requeue').addEventListener('click', requeue);
$('report-form').addEventListener('submit', downloadReport);
$('payments-form').addEventListener('submit', showPayments);
reportDate.set(addDays(vietnamDay(Date.now()), -1));
paymentsDate.set(vietnamDay(Date.now()));

if (sessionStorage.getItem(KEY_STORAGE)) {
  showDashboard();
  refreshAll();
}
