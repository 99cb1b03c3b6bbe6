// The submit form's draft, kept in this browser's localStorage per procedure so a reload or Back keeps what was typed, and
// removed once the dossier is sent. Only what was typed or chosen: never a file (the browser cannot keep one), an access key or
// a token. Importing this module reads and writes nothing.

const PREFIX = 'motcua.draft.';

/** The draft kept for procedure code, or null. */
export function readDraft(code) {
  try {
    const draft = JSON.parse(localStorage.getItem(PREFIX + code) ?? 'null');
    return draft && typeof draft === 'object' ? draft : null;
  } catch {
    return null;
  }
}

export function saveDraft(code, draft) {
  try {
    localStorage.setItem(PREFIX + code, JSON.stringify(draft));
  } catch {
    // Storage full or refused (private mode): the form still works, it just is not kept.
  }
}

export function removeDraft(code) {
  localStorage.removeItem(PREFIX + code);
}
