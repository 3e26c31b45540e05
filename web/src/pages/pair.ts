// Pairing a phone (or any other device) with velum on the home network: the
// person types, or arrives with, the one-time code the computer shows, and the
// server answers with the device's cookie. The code and its limits live on the
// server; this page only sends it.

import { api, ApiFailure } from '../api';
import { h, notice } from '../dom';
import type { Route } from '../page';

// Codes are shown as ABCD-EFGH; people type them in any case, with or without the dash.
function tidyCode(text: string): string {
  const letters = text.toUpperCase().replace(/[^0-9A-Z]/g, '');
  return letters.length === 8 ? `${letters.slice(0, 4)}-${letters.slice(4)}` : text.trim().toUpperCase();
}

export async function renderPair(root: HTMLElement, route: Route): Promise<void> {
  root.append(h('h1', {}, 'Pair this device'));
  const access = await api.access().catch(() => null);
  if (access) {
    root.append(notice(access.caller === 'device'
      ? 'This device is paired already. Your journal is open here.'
      : 'This is the computer velum runs on; it needs no pairing.'),
    h('p', {}, h('a', { class: 'button', href: '#/today' }, 'Go to Today')));
    return;
  }
  const input = h('input', {
    id: 'pairing-code', name: 'code', autocomplete: 'one-time-code', autocapitalize: 'characters',
    spellcheck: 'false', inputmode: 'text', maxlength: 12, required: true, placeholder: 'ABCD-EFGH',
    value: tidyCode(route.params.get('code') ?? ''),
  });
  const status = h('div', { 'aria-live': 'polite', id: 'pairing-status' });
  const submit = h('button', { type: 'submit', class: 'button', id: 'pair' }, 'Pair');
  const form = h('form', { class: 'card', id: 'pairing-form' },
    h('p', {}, 'velum keeps your journal on your computer. To use it from this device, enter the pairing code the computer shows: in the terminal where velum serve runs, or on its Devices page.'),
    h('label', { for: 'pairing-code' }, 'Pairing code'), ' ', input,
    h('p', { class: 'actions' }, submit), status,
    h('p', { class: 'hint' }, 'A code works once and for ten minutes. Once paired, this browser stays paired until you end it on the computer.'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      await api.pair(tidyCode(input.value));
      status.replaceChildren(notice('This device is paired. Your journal is open here.'));
      location.hash = '#/today';
    } catch (error) {
      const failure = error instanceof ApiFailure ? error.error : { message: String(error), hint: '' };
      status.replaceChildren(notice(failure.message, failure.hint, 'warn'));
    } finally {
      submit.disabled = false;
    }
  });
  root.append(form);
}
