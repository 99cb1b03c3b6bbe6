// Dates typed the Vietnamese way, dd/mm/yyyy, whatever the browser's language: a text input with a pattern, a calendar aid
// beside it (the browser's own picker, used only to fill the text), and the date echoed back in words ("ngày 15 tháng 3 năm
// 2018") so a misread is seen before sending. The API takes yyyy-MM-dd. Importing this module sends nothing.
import { el } from './common.js';

const vietnamDayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });

/** yyyy-MM-dd of today on Vietnam's clock (the portal's day, wherever the browser is). */
export function vietnamToday(now = Date.now()) {
  return vietnamDayFormat.format(now);
}

export const DATE_HINT = 'Nhập ngày/tháng/năm, ví dụ 15/03/2018.';

/**
 * What the citizen typed, read as day, month, year: "15/03/2018", "15-3-2018", "15.03.2018" or the eight digits "15032018".
 * Returns {iso: "2018-03-15"} or {problem} in Vietnamese; an empty text is {iso: null}.
 */
export function readDate(text) {
  const value = text.trim();
  if (value === '') return { iso: null };
  const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(value);
  if (!match) return { problem: `Ngày chưa đúng định dạng ngày/tháng/năm (ví dụ 15/03/2018).` };
  const [day, month, year] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || month < 1 || month > 12 || date.getUTCDate() !== day) {
    return { problem: `Không có ngày ${match[1]}/${match[2]}/${match[3]}.` };
  }
  return { iso: `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` };
}

/** yyyy-MM-dd → "15/03/2018". */
export function toDayMonthYear(iso) {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** yyyy-MM-dd → "ngày 15 tháng 3 năm 2018". */
export function dateInWords(iso) {
  return `ngày ${Number(iso.slice(8, 10))} tháng ${Number(iso.slice(5, 7))} năm ${iso.slice(0, 4)}`;
}

/**
 * A date field: the text input (id), its hint, the calendar aid and the echo in words. notFuture refuses a day after today
 * (Vietnam time). value() is yyyy-MM-dd, or null when empty; problem() is what is wrong with the text, or null.
 */
export function dateInput({ id, name = id, required = false, notFuture = false }) {
  const input = el('input', {
    type: 'text', id, name, required, inputmode: 'numeric', autocomplete: 'off', placeholder: 'dd/mm/yyyy',
    pattern: '[0-9]{1,2}[/.\\-][0-9]{1,2}[/.\\-][0-9]{4}|[0-9]{8}', maxlength: '10', 'aria-describedby': `${id}-hint ${id}-echo`,
  });
  const picker = el('input', { type: 'date', class: 'calendar-picker', tabindex: '-1', 'aria-hidden': 'true' });
  if (notFuture) picker.max = vietnamToday();
  const echo = el('span', { class: 'echo', id: `${id}-echo`, 'aria-live': 'polite' });
  const problem = () => {
    const read = readDate(input.value);
    if (read.problem) return read.problem;
    if (notFuture && read.iso && read.iso > vietnamToday()) return `Ngày không được sau hôm nay (${toDayMonthYear(vietnamToday())}).`;
    return null;
  };
  const showEcho = () => {
    const read = readDate(input.value);
    echo.textContent = read.iso && !problem() ? `Bạn đã nhập: ${dateInWords(read.iso)}.` : '';
  };
  input.addEventListener('input', showEcho);
  const calendar = el('button', { type: 'button', class: 'secondary calendar', 'aria-label': 'Chọn ngày trên lịch' }, 'Lịch');
  calendar.addEventListener('click', () => {
    const read = readDate(input.value);
    if (read.iso) picker.value = read.iso;
    try {
      picker.showPicker();
    } catch {
      picker.focus();
    }
  });
  picker.addEventListener('change', () => {
    if (!picker.value) return;
    input.value = toDayMonthYear(picker.value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    input.focus();
  });
  const hint = el('span', { class: 'hint', id: `${id}-hint` }, notFuture ? `${DATE_HINT} Không sau ngày hôm nay.` : DATE_HINT);
  const control = el('div', { class: 'date-control' }, input, calendar, picker);
  return {
    input, hint, control, echo, problem,
    value: () => readDate(input.value).iso ?? null,
    set: (iso) => { input.value = iso ? toDayMonthYear(iso) : ''; showEcho(); },
  };
}
