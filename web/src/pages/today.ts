// Today: the plan for today and why, and one big Start button.

import { api, ApiFailure, type Plan } from '../api';
import { h, notice } from '../dom';

export async function renderToday(root: HTMLElement): Promise<void> {
  const [plan, screen] = await Promise.all([api.plan(), api.screen()]);
  root.append(h('h1', {}, 'Today'));

  if (screen.status === 'never-taken') {
    root.append(
      h('section', { class: 'card welcome' },
        h('h2', {}, 'Welcome'),
        h('p', {}, 'velum walks you through a gentle release of the soft palate and the space behind the nose, one timed step at a time, with a calm breath to follow. Afterwards you note how it felt, so over the weeks you can see for yourself whether it helps.'),
        h('p', {}, 'Before the first session there are a few safety questions. They take a minute.'),
        h('a', { class: 'button', href: '#/screen' }, 'Answer the safety questions'),
      ),
    );
  }

  const startLabel = plan.practised_today ? 'Start another session' : 'Start';
  const details = h('dl', { class: 'facts' },
    h('dt', {}, 'Routine'), h('dd', {}, plan.routine_title),
    h('dt', {}, 'Stage'), h('dd', {}, `${plan.stage} of ${plan.stage_count}`),
    h('dt', {}, 'Length'), h('dd', {}, `about ${Math.round(plan.minutes)} minutes`),
    h('dt', {}, 'This week'), h('dd', {}, `${plan.days_practised_this_week} of ${plan.sessions_per_week} days`),
  );
  const start = plan.start;
  root.append(
    h('section', { class: 'card plan', 'aria-labelledby': 'plan-heading' },
      h('h2', { id: 'plan-heading' }, "Today's plan"),
      details,
      h('p', { class: 'why' }, plan.explanation),
      plan.hold_explanation ? h('p', {}, plan.hold_explanation) : null,
      h('p', {}, plan.week_explanation),
      plan.evening_suggested ? h('p', {}, 'Many people like to practise as the last thing before bed.') : null,
      start.allowed ? h('a', { class: 'button start', href: '#/session', id: 'start' }, startLabel) : null,
    ),
  );
  // The server decides what may start and why; the page only shows it.
  for (const warning of start.warnings) root.append(notice(warning, '', 'warn'));
  if (start.refusal) root.append(refusalCard(plan.routine_id, start.refusal));
  root.append(h('p', { class: 'screen-line' }, plan.screen.sentence, ' ', h('a', { href: '#/screen' }, 'Safety questions')));
}

// Why a session cannot start today and the one thing that lifts it: the safety
// questions, a clinician's word, or "I feel well again" (stored by the server).
export function refusalCard(routineId: string, refusal: NonNullable<Plan['start']['refusal']>): HTMLElement {
  const box = h('section', { class: 'card refusal', id: 'start-refusal', role: 'alert', 'data-reason': refusal.reason },
    h('h2', {}, 'Not today'),
    h('p', {}, refusal.message),
    h('p', {}, refusal.advice));
  if (refusal.unblock === 'confirm-well') {
    const button = h('button', { type: 'button', class: 'secondary', id: 'confirm-well' }, 'I feel well again');
    const status = h('div', { 'aria-live': 'polite', id: 'confirm-status' });
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const after = await api.confirmWell(routineId);
        status.replaceChildren(after.start.allowed
          ? notice('Noted. Thank you; the plan goes on from here.', '', 'info')
          : notice(`Noted. ${after.explanation}`, '', 'info'));
        if (after.start.allowed) {
          box.append(h('a', { class: 'button start', href: '#/session', id: 'start' }, 'Start'));
        }
      } catch (error) {
        button.disabled = false;
        if (error instanceof ApiFailure) status.replaceChildren(notice(error.error.message, error.error.hint, 'warn'));
        else throw error;
      }
    });
    box.append(button, status);
  } else {
    box.append(h('a', { class: 'button', href: '#/screen' }, 'Answer the safety questions'));
  }
  return box;
}
