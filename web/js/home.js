// The catalog search: name (with or without diacritics, matched by the API), agency and level; the query
// is kept in the address so a search can be shared and the back button works.
import { api, el, formatFee, levelNames, say } from './common.js';
import { showAccount } from './account.js';
import { leaveDossier } from './session.js';
import { countVisit } from './visits.js';

countVisit();
leaveDossier();
showAccount();

const form = document.getElementById('search');
const results = document.getElementById('results');
const count = document.getElementById('count');
const message = document.getElementById('message');
const agencyNames = new Map();

/**
 * A level no procedure of the catalog has (today every procedure is mức độ 4) stays in the list, unselectable, saying so: a choice
 * that can only answer "nothing found" is no choice.
 */
async function markEmptyLevels() {
  const levels = new Set((await api('/api/procedures')).map((p) => p.level));
  for (const option of document.getElementById('level').options) {
    if (!option.value || levels.has(option.value)) continue;
    option.disabled = true;
    option.textContent = `${option.textContent} (chưa có thủ tục)`;
  }
}

async function loadAgencies() {
  const agencies = await api('/api/agencies');
  const select = document.getElementById('agency');
  for (const agency of agencies) {
    agencyNames.set(agency.id, agency.name);
    select.append(el('option', { value: agency.id }, agency.name));
  }
}

function render(procedures) {
  count.textContent = procedures.length === 0 ? 'Không tìm thấy thủ tục phù hợp.' : `Tìm thấy ${procedures.length} thủ tục.`;
  results.replaceChildren(...procedures.map((p) => el('li', {},
    el('a', { href: `/procedure.html?code=${encodeURIComponent(p.code)}` }, p.name),
    el('p', { class: 'meta' },
      el('span', { class: `badge ${p.level}` }, levelNames[p.level] ?? p.level),
      el('span', {}, `Lệ phí: ${formatFee(p.feeVnd)}`),
      el('span', {}, `${p.processingDays} ngày làm việc`),
      el('span', {}, p.agencyIds.length === 1 ? (agencyNames.get(p.agencyIds[0]) ?? p.agencyIds[0]) : `${p.agencyIds.length} cơ quan`)))));
}

async function search() {
  const query = new URLSearchParams();
  for (const [name, value] of new FormData(form)) if (value) query.set(name, value);
  history.replaceState(null, '', query.size ? `?${query}` : location.pathname);
  say(message, '');
  try {
    render(await api(`/api/procedures?${query}`));
  } catch (error) {
    say(message, error.message);
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  search();
});
for (const select of form.querySelectorAll('select')) select.addEventListener('change', search);

const initial = new URLSearchParams(location.search);
for (const name of ['q', 'agencyId', 'level']) if (initial.has(name)) form.elements[name].value = initial.get(name);
markEmptyLevels().catch(() => {}); // only a hint: the filter still works without it
try {
  await loadAgencies();
  if (initial.has('agencyId')) form.elements.agencyId.value = initial.get('agencyId');
} catch (error) {
  say(message, error.message);
}
await search();
