// One procedure: what it is, what it costs, how long it takes and which documents to prepare.
import { api, el, formatFee, levelNames, say, typeNames } from './common.js';
import { showAccount } from './account.js';
import { leaveDossier } from './session.js';
import { countVisit } from './visits.js';

countVisit();
leaveDossier();
showAccount();

const code = new URLSearchParams(location.search).get('code') ?? '';
const message = document.getElementById('message');

function text(id, value) {
  document.getElementById(id).textContent = value;
}

try {
  const [procedure, agencies] = await Promise.all([api(`/api/procedures/${encodeURIComponent(code)}`), api('/api/agencies')]);
  const names = new Map(agencies.map((a) => [a.id, a.name]));
  document.title = `${procedure.name} — Cổng dịch vụ công một cửa`;
  text('name', procedure.name);
  text('description', procedure.description);
  text('code', procedure.code);
  text('level', levelNames[procedure.level] ?? procedure.level);
  document.getElementById('fee').replaceChildren(formatFee(procedure.feeVnd), procedure.level === 'full' && procedure.feeVnd > 0
    ? el('span', { class: 'hint' }, 'Nộp trực tuyến qua cổng thanh toán ngay sau khi nộp hồ sơ; hồ sơ được chuyển đến cơ quan xử lý khi đã nộp lệ phí.')
    : '');
  text('days', `${procedure.processingDays} ngày làm việc`);
  const agencyList = procedure.agencyIds.map((id) => names.get(id) ?? id);
  document.getElementById('agencies').replaceChildren(agencyList.length === 1
    ? agencyList[0]
    : el('ul', {}, agencyList.map((name) => el('li', {}, name))));
  document.getElementById('documents').replaceChildren(...(procedure.documents.length === 0
    ? [el('li', {}, 'Không yêu cầu giấy tờ đính kèm.')]
    : procedure.documents.map((d) => el('li', {},
      d.label,
      d.required ? ' (bắt buộc)' : ' (nếu có)',
      el('span', { class: 'hint' }, `Định dạng: ${typeNames(d.accept)}`)))));
  document.getElementById('submit-link').href = `/submit.html?code=${encodeURIComponent(procedure.code)}`;
  document.getElementById('procedure').hidden = false;
} catch (error) {
  say(message, error.status === 404 ? 'Không tìm thấy thủ tục này.' : error.message);
}
