// The dossier open on the tracking page, {id, key}, in this tab's sessionStorage (gone when the tab closes): so a reload of
// the tracking page keeps it, the receipt's "Tra cứu hồ sơ" opens it, and the payment gateway's return
// (/track.html?id=…&payment=…&gateway=…, without the key) finds it. Every other citizen page forgets it (leaveDossier), so the
// key stays no longer than the citizen stays with that dossier. Never localStorage.

const STORAGE = 'motcua.dossier';

/** Keeps {id, key} in this tab for the tracking page. */
export function keepDossier(id, key) {
  sessionStorage.setItem(STORAGE, JSON.stringify({ id, key }));
}

/** The key kept for dossier id (it stays kept, for a reload); null when none was kept for it (another tab, another browser). */
export function keptDossierKey(id) {
  try {
    const kept = JSON.parse(sessionStorage.getItem(STORAGE) ?? 'null');
    return kept?.id === id && typeof kept.key === 'string' ? kept.key : null;
  } catch {
    return null;
  }
}

/** The dossier kept in this tab, {id, key}, or null. */
export function keptDossier() {
  try {
    const kept = JSON.parse(sessionStorage.getItem(STORAGE) ?? 'null');
    return typeof kept?.id === 'string' && typeof kept.key === 'string' ? kept : null;
  } catch {
    return null;
  }
}

/** Forgets the kept dossier: called by every citizen page but the tracking page, and when the tracking page closes a dossier. */
export function leaveDossier() {
  sessionStorage.removeItem(STORAGE);
}
