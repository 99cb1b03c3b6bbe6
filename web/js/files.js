// File inputs for a procedure's documents, used by submission and by supplements: the picker offers the accepted
// types, and a file too large or of another type is refused beside its input before anything is sent. The server
// checks types by content and stays the authority; this only saves the citizen a slow upload that would fail.
import { el, fileTypes, formatSize, maxFileBytes, setFieldError, typeNames } from './common.js';

/** The input for one document; its id is the API's error path "documents.<key>". */
export function documentInput(spec, { required = spec.required } = {}) {
  const id = `documents.${spec.key}`;
  const extensions = spec.accept.flatMap((type) => fileTypes[type]?.extensions ?? []);
  const input = el('input', {
    type: 'file',
    id,
    name: spec.key,
    accept: [...spec.accept, ...extensions].join(','),
    required,
    'aria-describedby': `${id}-hint`,
  });
  input.addEventListener('change', () => setFieldError(input, fileProblem(input.files[0], spec.accept)));
  const field = el('div', { class: 'field' },
    el('label', { for: id, class: required ? 'required' : false }, spec.label),
    input,
    el('span', { class: 'hint', id: `${id}-hint` }, `Định dạng: ${typeNames(spec.accept)}; tối đa ${formatSize(maxFileBytes)}.`),
    el('p', { class: 'error', id: `${id}-error` }));
  return { field, input, spec };
}

/** Why the browser already knows this file will be refused, or null. */
export function fileProblem(file, accept) {
  if (!file) return null;
  if (file.size > maxFileBytes) return `Tệp "${file.name}" (${formatSize(file.size)}) vượt quá ${formatSize(maxFileBytes)}.`;
  if (file.size === 0) return `Tệp "${file.name}" rỗng.`;
  const name = file.name.toLowerCase();
  const known = accept.some((type) => file.type === type || (fileTypes[type]?.extensions ?? []).some((ext) => name.endsWith(ext)));
  return known ? null : `Tệp "${file.name}" không đúng định dạng; chấp nhận ${typeNames(accept)}.`;
}

/**
 * Client-side checks of every document input: missing required files and refused files, as API-style errors
 * ("documents.<key>"). Returns the files to send, in order, so that a server error "files[i]" can be placed.
 */
export function collectFiles(inputs, errors) {
  const sent = [];
  for (const { input, spec } of inputs) {
    if (input.disabled) continue; // stood aside for a document reused from the account's store
    const file = input.files[0];
    if (!file) {
      if (input.required) errors[input.id] = [`Thiếu giấy tờ bắt buộc "${spec.label}".`];
      continue;
    }
    const problem = fileProblem(file, spec.accept);
    if (problem) errors[input.id] = [problem];
    else sent.push({ key: spec.key, file });
  }
  return sent;
}

/** Maps the server's "files[i]" to the input of the i-th file sent. */
export function filePlace(sent) {
  return (path) => {
    const match = /^files\[(\d+)\]$/.exec(path);
    if (!match) return path;
    const file = sent[Number(match[1])];
    return file ? `documents.${file.key}` : null;
  };
}
