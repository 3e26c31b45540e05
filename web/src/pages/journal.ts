// Journal: the daily check-in (pain per region, calm, nasal breathing, a note),
// and the person's own entries, which they can edit or delete.

import { api, ApiFailure, type CheckIn, type CheckInBody } from '../api';
import { h, notice } from '../dom';
import { regionLabels, regions } from '../vocab';

interface Slider {
  input: HTMLInputElement;
  output: HTMLOutputElement;
  set(value: number | null | undefined): void;
  value(): number | null;
}

// A 0–10 slider that stays "not rated" until touched, so an untouched region is
// never stored as 0.
function slider(id: string, label: string, low: string, high: string): { element: HTMLElement; control: Slider } {
  const input = h('input', { type: 'range', min: '0', max: '10', step: '1', value: '0', id, 'aria-describedby': `${id}-scale` });
  const output = h('output', { for: id, class: 'unrated' }, 'not rated');
  const clear = h('button', { type: 'button', class: 'link', 'aria-label': `Clear ${label}` }, 'clear');
  let touched = false;
  const control: Slider = {
    input,
    output,
    set(value) {
      touched = value !== null && value !== undefined;
      input.value = String(value ?? 0);
      output.textContent = touched ? String(value) : 'not rated';
      output.classList.toggle('unrated', !touched);
    },
    value: () => (touched ? Number(input.value) : null),
  };
  input.addEventListener('input', () => control.set(Number(input.value)));
  clear.addEventListener('click', () => control.set(null));
  const element = h('div', { class: 'slider' },
    h('label', { for: id }, label), input, output, clear,
    h('span', { class: 'scale hint', id: `${id}-scale` }, `0 ${low}, 10 ${high}`));
  return { element, control };
}

function describe(checkin: CheckIn): string {
  const parts = Object.entries(checkin.pain ?? {}).map(([region, value]) => `${regionLabels[region] ?? region} ${value}`);
  if (checkin.calm !== null && checkin.calm !== undefined) parts.push(`calm ${checkin.calm}`);
  if (checkin.nasal !== null && checkin.nasal !== undefined) parts.push(`nasal breathing ${checkin.nasal}`);
  return parts.join(', ');
}

export async function renderJournal(root: HTMLElement): Promise<void> {
  root.append(h('h1', {}, 'Journal'), h('p', {}, 'A short note on how you feel, as often as you like. Move only the sliders that matter today; the rest stay unrated.'));
  const painSliders = new Map<string, Slider>();
  const painBox = h('fieldset', { class: 'sliders' }, h('legend', {}, 'Discomfort by region'));
  for (const region of regions) {
    const { element, control } = slider(`pain-${region}`, regionLabels[region]!, 'none', 'worst');
    painSliders.set(region, control);
    painBox.append(element);
  }
  const calm = slider('calm', 'Calm', 'tense', 'very calm');
  const nasal = slider('nasal', 'Nasal breathing', 'blocked', 'completely free');
  const note = h('textarea', { id: 'note', rows: '3', maxlength: '2000' });
  const status = h('div', { 'aria-live': 'polite' });
  const save = h('button', { type: 'submit', class: 'button', id: 'save-checkin' }, 'Save check-in');
  const cancel = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Cancel editing');
  const form = h('form', { class: 'card checkin', id: 'checkin-form' },
    h('h2', { id: 'form-heading' }, 'Check in'), painBox,
    h('fieldset', { class: 'sliders' }, h('legend', {}, 'Overall'), calm.element, nasal.element),
    h('label', { for: 'note' }, 'Note'), note, h('p', { class: 'actions' }, save, cancel), status);
  const list = h('ol', { class: 'entries', id: 'entries' });
  // Entries come a page at a time, newest first; older ones on request.
  const more = h('button', { type: 'button', class: 'secondary', id: 'more-entries', hidden: true }, 'Show older entries');
  root.append(form, h('h2', {}, 'Your entries'), list, h('p', { class: 'actions' }, more));

  let editing: CheckIn | null = null;
  const fill = (checkin: CheckIn | null) => {
    editing = checkin;
    for (const [region, control] of painSliders) control.set(checkin?.pain?.[region]);
    calm.control.set(checkin?.calm);
    nasal.control.set(checkin?.nasal);
    note.value = checkin?.note ?? '';
    save.textContent = checkin ? 'Save changes' : 'Save check-in';
    cancel.hidden = !checkin;
    form.querySelector('#form-heading')!.textContent = checkin ? `Edit the entry of ${checkin.date}` : 'Check in';
  };
  cancel.addEventListener('click', () => fill(null));

  let nextCursor: string | null = null;
  const entry = (checkin: CheckIn): HTMLElement => {
    const edit = h('button', { type: 'button', class: 'secondary', 'aria-label': `Edit the entry of ${checkin.date}` }, 'Edit');
    const remove = h('button', { type: 'button', class: 'secondary', 'aria-label': `Delete the entry of ${checkin.date}` }, 'Delete');
    edit.addEventListener('click', () => {
      fill(checkin);
      form.scrollIntoView();
      (form.querySelector('input') as HTMLInputElement).focus();
    });
    remove.addEventListener('click', async () => {
      if (!confirm(`Delete the entry of ${checkin.date}? This cannot be undone.`)) return;
      try {
        await api.deleteCheckin(checkin.id);
        if (editing?.id === checkin.id) fill(null);
        status.replaceChildren(notice('The entry is deleted.'));
        await refresh();
      } catch (error) {
        status.replaceChildren(failureNotice(error));
      }
    });
    return h('li', { class: 'entry', 'data-id': checkin.id },
      h('p', {}, h('strong', {}, checkin.date), ' ', describe(checkin) || 'a note'),
      checkin.note ? h('p', { class: 'note' }, checkin.note) : null,
      h('p', { class: 'actions' }, edit, remove));
  };
  const showPage = (page: { checkins: CheckIn[]; next_cursor: string | null }) => {
    list.append(...page.checkins.map(entry));
    nextCursor = page.next_cursor;
    more.hidden = nextCursor === null;
  };
  // Back to the newest page (after a save, an edit or a delete).
  const refresh = async () => {
    const page = await api.checkins();
    list.replaceChildren();
    showPage(page);
    if (page.checkins.length === 0) list.append(h('li', { class: 'empty' }, 'No entries yet.'));
  };
  more.addEventListener('click', async () => {
    if (nextCursor === null) return;
    more.disabled = true;
    try {
      showPage(await api.checkins(nextCursor));
    } catch (error) {
      status.replaceChildren(failureNotice(error));
    } finally {
      more.disabled = false;
    }
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body: CheckInBody = {};
    const pain: Record<string, number> = {};
    for (const [region, control] of painSliders) {
      const value = control.value();
      if (value !== null) pain[region] = value;
    }
    if (Object.keys(pain).length > 0) body.pain = pain;
    if (calm.control.value() !== null) body.calm = calm.control.value()!;
    if (nasal.control.value() !== null) body.nasal = nasal.control.value()!;
    if (note.value.trim()) body.note = note.value.trim();
    if (Object.keys(body).length === 0 && !editing) {
      status.replaceChildren(notice('Move at least one slider or write a note first.', '', 'warn'));
      return;
    }
    try {
      if (editing) await api.editCheckin(editing.id, body);
      else await api.addCheckin(body);
      status.replaceChildren(notice(editing ? 'Your changes are saved.' : 'Saved. Thank you for checking in.'));
      fill(null);
      await refresh();
    } catch (error) {
      status.replaceChildren(failureNotice(error));
    }
  });
  await refresh();
}

function failureNotice(error: unknown): HTMLElement {
  if (error instanceof ApiFailure) {
    if (error.status === 404 && error.error.field === 'path') {
      return notice('Editing and deleting entries is not available in this version of velum yet.', '', 'info');
    }
    return notice(error.error.message, error.error.hint, 'warn');
  }
  return notice('That did not work; is velum serve still running?', String(error), 'warn');
}
