// The submit form's draft, kept in this tab's sessionStorage per procedure so a reload or Back keeps what was typed, and
// removed once the dossier is sent. Only what was typed or chosen: never a file (the browser cannot keep one), an access key or
// a token. Not localStorage: the draft holds an identity number and a phone number, which must not outlive the tab on a shared
// computer. Importing this module reads and writes nothing.

const PREFIX = 'motcua.draft.';

/** The draft kept for procedure code, or null. */
export function readDraft(code) {
  try {
    const draft = JSON.parse(sessionStorage.getItem(PREFIX + code) ?? 'null');
    return draft && typeof draft === 'object' ? draft : null;
  } catch {
    return null;
  }
}

export function saveDraft(code, draft) {
  try {
    sessionStorage.setItem(PREFIX + code, JSON.stringify(draft));
  } catch {
    // Storage full or refused (private mode): the form still works, it just is not kept.
  }
}

export function removeDraft(code) {
  sessionStorage.removeItem(PREFIX + code);
}
