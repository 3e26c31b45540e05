// Session: the safety gate and the hygiene checklist (both decided and worded by
// the server's use-case layer, as for the terminal), then
// a hands-free run of the Timeline (tones, speech, breathing circle, the step in
// large type), stop by one tap or the space bar, each step committed as it ends,
// ratings afterwards and aftercare offered.

import { api, ApiFailure, type Routine, type Timeline, type TimelineEvent } from '../api';
import { h, notice } from '../dom';
import { onLeave, type Route } from '../page';
import { TimelinePlayer } from '../player';
import { sensationLabels } from '../vocab';
import { refusalCard } from './today';

const kMaxSpeed = 100;
const kPhaseWords: Record<string, string> = {
  inhale: 'Breathe in',
  'hold-in': 'Hold',
  exhale: 'Breathe out',
  'hold-out': 'Rest',
};
// One pulse to breathe in, two to breathe out (milliseconds on, off, on).
const kInhaleVibration = [180];
const kExhaleVibration = [120, 100, 120];

interface Committed {
  index: number;
  stepId: string;
}

function setState(root: HTMLElement, state: string): void {
  root.dataset.state = state;
}

export async function renderSession(root: HTMLElement, route: Route): Promise<void> {
  const speed = Math.min(kMaxSpeed, Math.max(1, Number(route.params.get('speed')) || 1));
  // The plan of the routine asked for (the default one when none is): its stage
  // and whether it may start come from the server, which enforces the same.
  const requested = route.params.get('routine') ?? undefined;
  const plan = await api.plan(requested);
  const routine = await api.routine(plan.routine_id);
  const stage = plan.stage;
  const holdStage = plan.hold_stage;
  const start = plan.start;

  root.append(h('h1', {}, routine.title));
  setState(root, 'gate');

  if (start.refusal) {
    root.append(refusalCard(plan.routine_id, start.refusal));
    return;
  }

  root.append(h('p', {},
    `Stage ${stage} of ${routine.stage_count}, about ${Math.round(plan.minutes)} minutes. ${plan.explanation}`));
  if (plan.hold_explanation) root.append(h('p', {}, plan.hold_explanation));
  for (const warning of start.warnings) root.append(notice(warning, '', 'warn'));
  for (const reminder of start.reminders) root.append(h('p', { class: 'reminder' }, reminder));

  const form = h('form', { class: 'card checklist', id: 'checklist' });
  const questions = start.checklist;
  const feedback = h('div', { 'aria-live': 'polite' });
  if (questions.length > 0) form.append(h('h2', {}, 'Before you begin'));
  for (const question of questions) {
    const name = `c-${question.item}`;
    const yes = question.either_is_fine ? 'Glove' : 'Yes';
    const no = question.either_is_fine ? 'Bare, clean fingers' : 'No';
    form.append(h('fieldset', { class: 'yes-no', 'data-item': question.item },
      h('legend', {}, question.question),
      h('label', {}, h('input', { type: 'radio', name, value: 'yes' }), ` ${yes}`),
      h('label', {}, h('input', { type: 'radio', name, value: 'no' }), ` ${no}`)));
  }
  const begin = h('button', { type: 'submit', class: 'button start', id: 'begin' }, 'Begin');
  form.append(feedback, begin);
  root.append(form);

  form.addEventListener('change', () => {
    const notes: HTMLElement[] = [];
    for (const question of questions) {
      const chosen = form.querySelector<HTMLInputElement>(`input[name="c-${question.item}"]:checked`);
      if (chosen?.value === 'no' && !question.either_is_fine) {
        notes.push(notice(question.if_no, question.blocks ? 'The session has not started.' : '', question.blocks ? 'warn' : 'info'));
      }
    }
    feedback.replaceChildren(...notes);
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    for (const question of questions) {
      const chosen = form.querySelector<HTMLInputElement>(`input[name="c-${question.item}"]:checked`);
      if (!chosen) {
        feedback.replaceChildren(notice(`Please answer: ${question.question}`, '', 'warn'));
        return;
      }
      if (chosen.value === 'no' && question.blocks && !question.either_is_fine) {
        feedback.replaceChildren(notice(question.if_no, 'The session has not started.', 'warn'));
        return;
      }
    }
    // The audio context is made inside the tap, so the browser lets it sound.
    const AudioCtor = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    const audio = AudioCtor ? new AudioCtor() : null;
    begin.disabled = true;
    void run(root, routine, stage, holdStage, speed, audio).catch((error) => {
      audio?.close();
      if (error instanceof ApiFailure) root.append(notice(error.error.message, error.error.hint, 'warn'));
      else root.append(notice('The session could not start.', String(error), 'warn'));
    });
  });
}

async function run(root: HTMLElement, routine: Routine, stage: number, holdStage: number, speed: number,
                   audio: AudioContext | null): Promise<void> {
  const [timeline, session] = await Promise.all([
    api.timeline(routine.id, stage, holdStage),
    api.startSession(routine.id, stage),
  ]);
  const plan = await api.plan(routine.id).catch(() => null);
  const holdSeconds = plan?.hold_seconds ?? 0;
  const committed: Committed[] = [];
  let currentStep = -1;
  let stopping = false;

  const stepCount = h('p', { class: 'hint', id: 'step-count' }, '');
  const stepTitle = h('p', { class: 'step-now', id: 'step-now', 'aria-live': 'polite' }, 'Get ready');
  const instruction = h('p', { class: 'step-instruction', id: 'step-instruction' }, '');
  const circle = h('div', { class: 'breath-circle', id: 'breath-circle', 'aria-hidden': 'true' });
  const phaseWord = h('p', { class: 'phase-word', id: 'phase-word' }, '');
  const stop = h('button', { type: 'button', class: 'button stop', id: 'stop' }, 'Stop');
  const progress = h('progress', { max: String(timeline.total_seconds), value: '0', 'aria-label': 'Session progress' });
  const stage_ = h('section', { class: 'player', 'aria-label': 'Session' },
    stepCount, stepTitle, instruction, h('div', { class: 'circle-box' }, circle, phaseWord), progress,
    stop, h('p', { class: 'hint' }, 'Tap Stop or press the space bar at any time.'));
  root.replaceChildren(h('h1', { class: 'visually-hidden' }, routine.title), stage_);
  setState(root, 'running');
  if (speed > 1) root.dataset.speed = String(speed);

  let wakeLock: WakeLockSentinel | null = null;
  try {
    wakeLock = (await navigator.wakeLock?.request('screen')) ?? null;
  } catch {
    wakeLock = null; // the screen may dim; the session runs on
  }

  const reducedMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
  const commit = async (index: number, actualSeconds: number) => {
    const step = timeline.steps[index];
    if (!step || committed.some((c) => c.index === index)) return;
    committed.push({ index, stepId: step.id });
    const routineStep = routine.steps.find((s) => s.id === step.id);
    await api.commitStep(session.id, {
      step_id: step.id,
      index,
      planned_seconds: step.end_seconds - step.start_seconds,
      actual_seconds: Math.max(0, actualSeconds),
      ...(routineStep?.hold_build_up && holdSeconds ? { hold_seconds: holdSeconds } : {}),
    } as Parameters<typeof api.commitStep>[1]);
  };

  const pending: Promise<unknown>[] = [];
  const onEvent = (event: TimelineEvent) => {
    if (event.kind === 'step-start') {
      currentStep = event.step;
      const step = timeline.steps[event.step];
      stepTitle.textContent = step?.title ?? '';
      stepCount.textContent = `Step ${event.step + 1} of ${timeline.steps.length}`;
      instruction.textContent = step?.instruction ?? '';
    } else if (event.kind === 'step-end') {
      const step = timeline.steps[event.step];
      if (step) pending.push(commit(event.step, step.end_seconds - step.start_seconds));
    } else if (event.kind === 'phase' && 'vibrate' in navigator) {
      if (event.phase === 'inhale') navigator.vibrate(kInhaleVibration);
      else if (event.phase === 'exhale') navigator.vibrate(kExhaleVibration);
    } else if (event.kind === 'preparation-start') {
      stepTitle.textContent = 'Get ready';
      instruction.textContent = 'Settle in and let your breath slow down.';
    } else if (event.kind === 'session-end') {
      void finish();
    }
  };
  const player = new TimelinePlayer(timeline as Timeline, speed, { onEvent });

  let frame = 0;
  const draw = () => {
    const seconds = player.elapsedSeconds();
    const { phase, progress: p } = player.phaseAt(seconds);
    const scale = phase === 'inhale' ? 0.45 + 0.55 * p
      : phase === 'hold-in' ? 1
        : phase === 'exhale' ? 1 - 0.55 * p
          : 0.45;
    circle.dataset.phase = phase;
    if (!reducedMotion) circle.style.transform = `scale(${scale.toFixed(3)})`;
    const word = kPhaseWords[phase] ?? '';
    if (phaseWord.textContent !== word) phaseWord.textContent = word;
    progress.value = seconds;
    if (player.isRunning()) frame = requestAnimationFrame(draw);
  };

  const cleanUp = () => {
    cancelAnimationFrame(frame);
    document.removeEventListener('keydown', onKey, true);
    void wakeLock?.release().catch(() => undefined);
    wakeLock = null;
    void audio?.close().catch(() => undefined);
  };

  const finish = async () => {
    if (stopping) return;
    stopping = true;
    player.stop();
    cleanUp();
    await Promise.allSettled(pending);
    await api.finishSession(session.id);
    setState(root, 'completed');
    root.replaceChildren(h('h1', {}, 'Well done'), h('p', {}, 'The session is complete and saved.'));
    await ratings(root, routine, session.id, committed);
  };

  const stopNow = async () => {
    if (stopping) return;
    stopping = true;
    const elapsed = player.stop();
    cleanUp();
    if (currentStep >= 0) {
      const step = timeline.steps[currentStep];
      if (step && elapsed < step.end_seconds) pending.push(commit(currentStep, elapsed - step.start_seconds));
    }
    await Promise.allSettled(pending);
    setState(root, 'stopped');
    await askStopReason(root, session.id);
    await ratings(root, routine, session.id, committed);
  };

  const onKey = (event: KeyboardEvent) => {
    if (event.code !== 'Space' && event.key !== ' ') return;
    event.preventDefault();
    void stopNow();
  };
  document.addEventListener('keydown', onKey, true);
  stop.addEventListener('click', () => void stopNow());
  onLeave(() => {
    if (!stopping && player.isRunning()) {
      // Leaving the page is not a stop reason, so nothing is claimed here: the
      // steps already committed stay, and the server closes the session as
      // interrupted when it next starts.
      player.stop();
    }
    cleanUp();
  });

  await audio?.resume().catch(() => undefined);
  player.start(audio);
  frame = requestAnimationFrame(draw);
  stop.focus();
}

async function askStopReason(root: HTMLElement, sessionId: string): Promise<void> {
  const reasons = await api.stopReasons();
  root.replaceChildren(h('h1', {}, 'Stopped'), h('p', {}, 'Stopping was right if something felt wrong. What happened?'));
  const text = h('input', { type: 'text', id: 'stop-text', maxlength: '500', 'aria-describedby': 'stop-text-hint' });
  const chosen = await new Promise<string>((resolve) => {
    const list = h('div', { class: 'reasons', role: 'group', 'aria-label': 'What happened' },
      reasons.map((reason) => h('button', { type: 'button', class: 'secondary reason', 'data-reason': reason.reason,
        onclick: () => resolve(reason.reason) }, reason.label)));
    root.append(
      h('label', { for: 'stop-text' }, 'A few words to add, if you like'),
      text,
      h('p', { class: 'hint', id: 'stop-text-hint' }, 'Optional. Then choose what happened; one tap saves it.'),
      list);
  });
  let words = text.value.trim();
  // The journal needs words for "something else" (not for a harmless
  // interruption); a skipped answer says so.
  if (chosen === 'other' && words === '') words = 'no details given';
  const result = await api.stopSession(sessionId, chosen, words);
  root.replaceChildren(
    h('h1', {}, 'Stopped'),
    h('div', { class: 'notice info', role: 'status', id: 'stop-advice' }, h('p', {}, result.advice)),
  );
}

async function ratings(root: HTMLElement, routine: Routine, sessionId: string, committed: Committed[]): Promise<void> {
  const form = h('form', { class: 'card ratings', id: 'ratings' }, h('h2', {}, 'How did each step feel?'),
    h('p', {}, '0 means no discomfort at all, 10 the worst you can imagine.'));
  for (const { index, stepId } of committed) {
    const step = routine.steps.find((s) => s.id === stepId);
    const slider = h('input', { type: 'range', min: '0', max: '10', step: '1', value: '0', name: `pain-${index}`, id: `pain-${index}` });
    const shown = h('output', { for: `pain-${index}` }, '0');
    slider.addEventListener('input', () => { shown.textContent = slider.value; });
    const sensations = [...new Set([...(step?.expect ?? []), 'sharp-pain'])];
    form.append(h('fieldset', { 'data-index': String(index) },
      h('legend', {}, step?.title ?? stepId),
      h('label', { for: `pain-${index}` }, 'Discomfort '), slider, ' ', shown,
      h('div', { class: 'chips' }, sensations.map((s) =>
        h('label', { class: 'chip' }, h('input', { type: 'checkbox', name: `s-${index}`, value: s }), ` ${sensationLabels[s] ?? s}`)))));
  }
  const status = h('div', { 'aria-live': 'polite' });
  form.append(h('button', { type: 'submit', class: 'button', id: 'save-ratings' }, committed.length ? 'Save ratings' : 'Continue'), status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      for (const { index } of committed) {
        const pain = Number(form.querySelector<HTMLInputElement>(`#pain-${index}`)!.value);
        const sensations = [...form.querySelectorAll<HTMLInputElement>(`input[name="s-${index}"]:checked`)].map((i) => i.value);
        await api.rateStep(sessionId, index, pain, sensations);
      }
      form.replaceWith(aftercare(committed.length > 0));
    } catch (error) {
      if (error instanceof ApiFailure) status.replaceChildren(notice(error.error.message, error.error.hint, 'warn'));
      else throw error;
    }
  });
  root.append(form);
}

function aftercare(saved: boolean): HTMLElement {
  return h('section', { class: 'card aftercare', id: 'aftercare', 'aria-labelledby': 'aftercare-heading' },
    saved ? h('p', { role: 'status' }, 'Your ratings are saved.') : null,
    h('h2', { id: 'aftercare-heading' }, 'Aftercare, if you have a few minutes'),
    h('ul', {},
      h('li', {}, 'Lie down with your eyes closed and notice the muscles tightening and letting go. Remember how the released feeling is, and try to keep it.'),
      h('li', {}, 'Flare and narrow your nostrils a few times, to link the new feeling to muscles you already know.'),
      h('li', {}, 'Take a calm walk with a relaxed face, breathing slowly and evenly, eyes wide and gaze a little up.')),
    h('p', { class: 'actions' },
      h('a', { class: 'button', href: '#/session?routine=aftercare' }, 'Guided aftercare'),
      h('a', { class: 'button secondary', href: '#/journal' }, 'Note how you feel'),
      h('a', { class: 'button secondary', href: '#/today' }, 'Back to today')),
  );
}
