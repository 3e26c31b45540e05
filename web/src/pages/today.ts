// Today: the plan for today and why, and one big Start button.

import { api } from '../api';
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
  root.append(
    h('section', { class: 'card plan', 'aria-labelledby': 'plan-heading' },
      h('h2', { id: 'plan-heading' }, "Today's plan"),
      details,
      h('p', { class: 'why' }, plan.explanation),
      plan.hold_explanation ? h('p', {}, plan.hold_explanation) : null,
      h('p', {}, plan.week_explanation),
      plan.evening_suggested ? h('p', {}, 'Many people like to practise as the last thing before bed.') : null,
      h('a', { class: 'button start', href: '#/session', id: 'start' }, startLabel),
    ),
  );
  if (plan.clinician_explanation) root.append(notice(plan.clinician_explanation, '', 'warn'));
  if (plan.paused) {
    const button = h('button', { type: 'button', class: 'secondary' }, 'I feel well again');
    const box = h('section', { class: 'card' },
      h('p', {}, 'Progress is paused after two stopped sessions in a row. When you feel well again, say so and the plan moves on.'),
      button);
    button.addEventListener('click', async () => {
      await api.confirmWell();
      box.replaceChildren(notice('Noted. Thank you; the plan will move on from here.'));
    });
    root.append(box);
  }
  root.append(h('p', { class: 'screen-line' }, plan.screen.sentence, ' ', h('a', { href: '#/screen' }, 'Safety questions')));
}
