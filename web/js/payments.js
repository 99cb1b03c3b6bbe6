// Paying a dossier's fee online (mức độ 4): which payments can be paid, and the checkout that sends the browser to the
// payment gateway. The gateway's answer reaches the portal by its own call (IPN); the pages only ever show the state the
// API reports.
import { api } from './common.js';
import { accountApi } from './account.js';
import { keepDossier } from './session.js';

/** Not yet paid, refused by the gateway, or left unpaid past its checkout: each can be checked out (again). */
const payableStates = new Set(['pending', 'failed', 'expired']);

export function isPayable(payment) {
  return payableStates.has(payment.status);
}

/**
 * Opens the payment's checkout and sends the browser to the gateway's page, keeping {id, key} in this tab first so that the
 * tracking page can open the dossier on the way back. Without an access key the signed-in owner checks out with the account's
 * token, and the tracking page opens the dossier with it again. Rejects with the API's error (409 with its detail when the
 * payment is already paid or no longer payable), and then stays on the page.
 */
export async function payOnline(dossierId, paymentId, accessKey) {
  const path = `/api/dossiers/${encodeURIComponent(dossierId)}/payments/${encodeURIComponent(paymentId)}/checkout`;
  const { payUrl } = accessKey ? await api(path, { method: 'POST', accessKey }) : await accountApi(path, { method: 'POST' });
  const target = new URL(payUrl, location.href);
  if (target.protocol !== 'https:' && target.protocol !== 'http:') throw new Error('Địa chỉ cổng thanh toán không hợp lệ.');
  if (accessKey) keepDossier(dossierId, accessKey);
  location.assign(target.href);
}
