// Devices: on the computer velum runs on, the pairing code and its QR code
// while velum serves the network, and the paired devices, each of which can be
// ended at once. A paired device is told that this page lives on the computer.

import { api, ApiFailure, type Device, type PairingState } from '../api';
import { h, notice } from '../dom';
import { onLeave } from '../page';

const kRefreshMs = 15_000;

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

function pairingCard(state: PairingState, refresh: () => void): HTMLElement {
  const card = h('section', { class: 'card', id: 'pairing' }, h('h2', {}, 'Pair a phone'));
  if (!state.network) {
    card.append(
      h('p', {}, 'velum is serving this computer only, so no other device can reach it.'),
      h('p', {}, 'To practise with your phone, stop velum and start it again with ', h('code', {}, 'velum serve --lan'),
        '. It then shows a code and a QR code here and in the terminal. Only devices you pair with that code can open your journal.'));
    return card;
  }
  const newCode = h('button', { type: 'button', class: 'secondary', id: 'new-code' }, 'Make a new code');
  newCode.addEventListener('click', async () => {
    newCode.disabled = true;
    try {
      await api.newPairingCode();
    } finally {
      refresh();
    }
  });
  if (!state.code || !state.url) {
    card.append(h('p', {}, 'No pairing code is waiting: the last one was used or has expired.'),
      h('p', { class: 'actions' }, newCode));
    return card;
  }
  const minutes = Math.max(1, Math.ceil(state.expires_in_seconds / 60));
  card.append(
    h('p', {}, 'Scan the QR code with the phone\'s camera, or open the link on it and enter the code.'),
    h('img', { class: 'qr', src: `/api/v1/pairing/qr.svg?code=${encodeURIComponent(state.code)}`, alt: `QR code of the pairing link ${state.url}`, width: 220, height: 220 }),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Code'), h('dd', { id: 'pairing-code-shown' }, state.code),
      h('dt', {}, 'Link'), h('dd', {}, state.url),
      h('dt', {}, 'Valid for'), h('dd', {}, `about ${minutes} more minute${minutes === 1 ? '' : 's'}, and once`)));
  if (state.fingerprint) {
    card.append(h('p', { class: 'hint' }, 'The phone will say the connection is not private, because velum made its own certificate. Accept it only if the certificate\'s SHA-256 fingerprint the phone shows is ',
      h('code', { class: 'fingerprint' }, state.fingerprint), '.'));
  }
  card.append(h('p', { class: 'actions' }, newCode));
  return card;
}

function deviceItem(device: Device, refresh: () => void, status: HTMLElement): HTMLElement {
  const ended = device.revoked_at !== null;
  const revoke = h('button', { type: 'button', class: 'secondary', 'aria-label': `End access for ${device.name}` }, 'End access');
  revoke.addEventListener('click', async () => {
    revoke.disabled = true;
    try {
      await api.revokeDevice(device.id);
      status.replaceChildren(notice(`${device.name} can no longer open your journal.`));
    } catch (error) {
      const failure = error instanceof ApiFailure ? error.error : { message: String(error), hint: '' };
      status.replaceChildren(notice(failure.message, failure.hint, 'warn'));
    } finally {
      refresh();
    }
  });
  return h('li', { class: 'entry', 'data-device': device.id },
    h('strong', {}, device.name),
    h('p', { class: 'hint' }, `Paired ${when(device.paired_at)} · last seen ${when(device.last_seen_at)}`),
    ended ? h('p', {}, `Access ended ${when(device.revoked_at ?? '')}.`) : h('p', { class: 'actions' }, revoke));
}

export async function renderDevices(root: HTMLElement): Promise<void> {
  root.append(h('h1', {}, 'Devices'));
  const access = await api.access();
  if (access.caller === 'device') {
    root.append(notice('Devices are managed on the computer velum runs on.',
      'Open velum there (Devices page), or run velum devices in its terminal.'));
    return;
  }
  const pairingSlot = h('div', {});
  const status = h('div', { 'aria-live': 'polite', id: 'devices-status' });
  const list = h('ol', { class: 'entries', id: 'devices' });
  root.append(pairingSlot, h('section', { class: 'card' }, h('h2', {}, 'Paired devices'), status, list));
  let alive = true;
  const refresh = async (): Promise<void> => {
    const [state, devices] = await Promise.all([api.pairing(), api.devices()]);
    if (!alive) return;
    pairingSlot.replaceChildren(pairingCard(state, () => void refresh()));
    list.replaceChildren(...devices.map((device) => deviceItem(device, () => void refresh(), status)));
    if (devices.length === 0) list.append(h('li', { class: 'empty' }, 'No device is paired.'));
  };
  await refresh();
  // The code expires and devices appear as they pair: keep the page current.
  const timer = window.setInterval(() => void refresh().catch(() => undefined), kRefreshMs);
  onLeave(() => {
    alive = false;
    window.clearInterval(timer);
  });
}
