// "Dùng giấy tờ đã có": beside a document's file input, a signed-in citizen may pick one of the account's documents of a type
// that document accepts, instead of uploading it again. The file input then stands aside, and the dossier names the document in
// "reuse"; the API checks that it is the account's and of an accepted type.
import { documentKindNames, el, formatDateTime, setFieldError } from './common.js';

function describe(doc) {
  return `${doc.fileName} — ${documentKindNames[doc.kind] ?? doc.kind}: ${doc.procedureName}, ${formatDateTime(doc.at, false)}`;
}

/**
 * The choice for one document input ({field, input, spec} of files.js), or null when the account holds nothing it accepts. Its
 * select's id is the API's error path "reuse.<key>".
 */
export function reuseChoice({ field, input, spec }, documents) {
  const usable = documents.filter((doc) => spec.accept.includes(doc.contentType));
  if (usable.length === 0) return null;
  const id = `reuse.${spec.key}`;
  const select = el('select', { id },
    el('option', { value: '' }, 'Không, tải tệp lên'),
    usable.map((doc) => el('option', { value: doc.id }, describe(doc))));
  select.addEventListener('change', () => {
    const reused = select.value !== '';
    input.disabled = reused;
    input.required = !reused && spec.required;
    if (reused) setFieldError(input, null);
  });
  field.append(el('div', { class: 'reuse' },
    el('label', { for: id }, 'Dùng giấy tờ đã có', el('span', { class: 'visually-hidden' }, ` thay cho “${spec.label}”`)),
    select,
    el('p', { class: 'error', id: `${id}-error` })));
  return { key: spec.key, select };
}

/** The dossier's "reuse": document key → the account's document id, for each choice made; undefined when none. */
export function reusedDocuments(choices) {
  const chosen = choices.filter((c) => c.select.value !== '');
  return chosen.length === 0 ? undefined : Object.fromEntries(chosen.map((c) => [c.key, c.select.value]));
}
