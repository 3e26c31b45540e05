// Learn: every routine step by step, each step with its illustration (one shared
// anatomy, an overlay per step), and the guidance for when the thumb will not pass.

import { api, type Routine } from '../api';
import { anatomySvg } from '../anatomy';
import { h, html, minutesText } from '../dom';
import { actionLabels, handLabels, landmarkLabels, sensationLabels } from '../vocab';

const kLabelsKey = 'velum.learn.labels';

function stepCard(routine: Routine, index: number): HTMLElement {
  const step = routine.steps[index]!;
  const figure = h('figure', { class: 'step-figure' });
  figure.append(html(anatomySvg(step)));
  const caption = [
    step.landmark !== 'none' ? landmarkLabels[step.landmark] : undefined,
    step.hand !== 'none' ? handLabels[step.hand] : undefined,
    actionLabels[step.action],
  ];
  figure.append(h('figcaption', {}, caption.filter(Boolean).join(' · ')));
  const length = step.repetitions
    ? `${step.repetitions} × ${minutesText(step.duration_seconds)}`
    : minutesText(step.total_seconds);
  return h('li', { class: 'step card', id: `${routine.id}-${step.id}`, 'data-step': step.id },
    h('h3', {}, `${index + 1}. ${step.title}`),
    figure,
    h('div', { class: 'step-text' },
      h('p', { class: 'meta' }, `Stage ${step.stage} · ${length}`),
      h('p', { class: 'instruction' }, step.instruction),
      step.detail ? h('p', {}, step.detail) : null,
      step.expect.length > 0
        ? h('p', { class: 'meta' }, 'You may notice: ', step.expect.map((s) => sensationLabels[s] ?? s).join(', ').toLowerCase(), '.')
        : null,
      step.pain_ceiling !== null ? h('p', { class: 'meta' }, `Keep the discomfort at ${step.pain_ceiling} out of 10 or below.`) : null,
    ),
  );
}

function guidance(): HTMLElement {
  return h('section', { class: 'card guidance', id: 'when-stuck', 'aria-labelledby': 'stuck-heading' },
    h('h2', { id: 'stuck-heading' }, 'When the thumb will not get past the uvula or the edge of the soft palate'),
    h('p', {}, 'This is common at the start, and pushing harder is not the answer. What helps:'),
    h('ul', {},
      h('li', {}, 'Check the hand first: turned fist-up, as if sucking your thumb, so the soft pad leads and faces up and forward. The nail stays short and points down.'),
      h('li', {}, 'Rest the pad against the place that stops you, keep still, and breathe slowly into your belly. The muscles often let you a little further after some minutes of calm breathing.'),
      h('li', {}, 'If you gag, take the thumb out, rest, and begin again. Gagging after a few swallows is usual in the early weeks.'),
      h('li', {}, 'Stay with finding and touching for as many days as you need. Each stage begins only when the one before feels manageable.'),
      h('li', {}, 'If even touching the uvula sets off spasms, start with the hands-free tongue suction and the breathing routine, then touch for only a split second at a time and build up slowly. Slow and careful: let the muscle learn to trust you.'),
    ),
    h('h3', {}, 'Where the discomfort should be'),
    h('p', {}, 'A raw, sore-throat kind of feeling, itching, watering eyes and more saliva are usual where the thumb works. Sharp or stabbing pain, bleeding, dizziness, difficulty breathing or numbness are signals to stop at once.'),
  );
}

export async function renderLearn(root: HTMLElement): Promise<void> {
  const summaries = await api.routines();
  const routines = await Promise.all(summaries.map((summary) => api.routine(summary.id)));
  const showLabels = localStorage.getItem(kLabelsKey) !== 'off';
  const toggle = h('button', { type: 'button', class: 'secondary', 'aria-pressed': String(showLabels), id: 'toggle-labels' },
    'Labels on the drawings');
  const container = h('div', { class: showLabels ? 'learn' : 'learn hide-labels' });
  toggle.addEventListener('click', () => {
    const on = toggle.getAttribute('aria-pressed') !== 'true';
    toggle.setAttribute('aria-pressed', String(on));
    container.classList.toggle('hide-labels', !on);
    localStorage.setItem(kLabelsKey, on ? 'on' : 'off');
  });

  const contents = h('nav', { class: 'card toc', 'aria-label': 'Routines' },
    h('ul', {}, routines.map((routine) => h('li', {}, h('a', { href: `#/learn?routine=${routine.id}` }, routine.title)))),
    h('p', {}, h('a', { href: '#/learn?routine=when-stuck' }, 'When the thumb will not get past')));
  contents.addEventListener('click', (event) => {
    const link = (event.target as HTMLElement).closest('a');
    if (!link) return;
    event.preventDefault();
    const id = new URL(link.href).hash.split('routine=')[1];
    document.getElementById(id ?? '')?.scrollIntoView({ behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
  });

  root.append(
    h('h1', {}, 'Learn'),
    h('p', {}, 'Each routine, step by step. The drawings show one side of the head cut down the middle, facing left; each step adds where the finger goes, which way to press, and the place it works on.'),
    h('p', {}, toggle),
    contents,
  );
  for (const routine of routines) {
    container.append(
      h('section', { class: 'routine', id: routine.id, 'aria-labelledby': `${routine.id}-heading` },
        h('h2', { id: `${routine.id}-heading` }, routine.title),
        h('p', {}, routine.summary),
        h('p', { class: 'meta' },
          `${routine.level[0]!.toUpperCase()}${routine.level.slice(1)} · about ${routine.minutes_per_day} minutes, ${routine.days_per_week} days a week`),
        h('ol', { class: 'steps' }, routine.steps.map((_, index) => stepCard(routine, index))),
        h('p', {}, h('a', { class: 'button secondary', href: `#/session?routine=${routine.id}` }, `Practise ${routine.title.toLowerCase()}`)),
      ),
    );
    if (routine.id === 'core-nasopharynx') container.append(guidance());
  }
  if (!routines.some((routine) => routine.id === 'core-nasopharynx')) container.append(guidance());
  root.append(container);
}
