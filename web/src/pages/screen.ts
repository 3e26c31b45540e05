// The safety questions, the same set and rules as `velum screen`: every
// question answered, any "yes" blocks the intra-oral routines and says why.

import { api, ApiFailure } from '../api';
import { h, notice } from '../dom';

export async function renderScreen(root: HTMLElement): Promise<void> {
  const screen = await api.screen();
  root.append(
    h('h1', {}, 'Safety questions'),
    h('p', { class: 'status', id: 'screen-status' }, screen.sentence),
    h('p', {}, 'Please answer each one honestly. A "yes" does not mean anything is wrong; it means this practice should wait until a clinician has had a look. Your answers stay in your own journal.'),
  );
  const form = h('form', { class: 'card screen-form', novalidate: true });
  for (const question of screen.questions) {
    const name = `q-${question.id}`;
    form.append(
      h('fieldset', { class: 'yes-no', 'data-question': question.id },
        h('legend', {}, question.question),
        h('label', {}, h('input', { type: 'radio', name, value: 'no', required: true }), ' No'),
        h('label', {}, h('input', { type: 'radio', name, value: 'yes' }), ' Yes'),
      ),
    );
  }
  const result = h('div', { 'aria-live': 'polite' });
  form.append(h('button', { type: 'submit', class: 'button' }, 'Save my answers'), result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const answers: Record<string, boolean> = {};
    const missing: string[] = [];
    for (const question of screen.questions) {
      const chosen = form.querySelector<HTMLInputElement>(`input[name="q-${question.id}"]:checked`);
      if (!chosen) missing.push(question.question);
      else answers[question.id] = chosen.value === 'yes';
    }
    if (missing.length > 0) {
      result.replaceChildren(notice(`Please answer every question; ${missing.length} still open.`, missing[0], 'warn'));
      return;
    }
    try {
      const saved = await api.answerScreen(answers);
      if (saved.allows_practice) {
        result.replaceChildren(
          h('div', { class: 'notice info', role: 'status' },
            h('p', {}, saved.sentence),
            h('a', { class: 'button', href: '#/today' }, 'Back to today')),
        );
      } else {
        result.replaceChildren(
          h('div', { class: 'notice warn', role: 'alert' },
            h('p', {}, saved.sentence),
            h('ul', {}, saved.advice.map((item) => h('li', {}, h('strong', {}, item.question), ' ', item.advice))),
            h('p', {}, screen.blocked_closing)),
        );
      }
      document.getElementById('screen-status')!.textContent = saved.sentence;
    } catch (error) {
      if (error instanceof ApiFailure) result.replaceChildren(notice(error.error.message, error.error.hint, 'warn'));
      else throw error;
    }
  });
  root.append(form);
}
