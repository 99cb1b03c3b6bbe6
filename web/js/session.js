// The one time a dossier's access key leaves the page's memory: the trip to the payment gateway and back. The gateway
// returns the browser to /track.html?id=…&payment=…&gateway=… without the key, so the key waits in this tab's
// sessionStorage (gone when the tab closes) and is taken back, and forgotten, when the tracking page opens that dossier.

const STORAGE = 'motcua.dossier';

/** Keeps {id, key} in this tab until the tracking page takes it back (or the tab closes). */
export function keepDossier(id, key) {
  sessionStorage.setItem(STORAGE, JSON.stringify({ id, key }));
}

/** The key kept for dossier id, removed from storage as it is read; null when none was kept (another tab, another browser). */
export function takeDossierKey(id) {
  const raw = sessionStorage.getItem(STORAGE);
  if (raw === null) return null;
  sessionStorage.removeItem(STORAGE);
  try {
    const kept = JSON.parse(raw);
    return kept?.id === id && typeof kept.key === 'string' ? kept.key : null;
  } catch {
    return null;
  }
}
