// Reminders: a daily practice reminder while the app is open (browser
// notifications at a time the person chooses, kept in localStorage), and the
// week's plan as a calendar file when the server offers it.

import { routeAnswers } from '../api';
import { h, notice, todayText } from '../dom';

const kTimeKey = 'velum.reminder.time';
const kShownKey = 'velum.reminder.shown';
const kCheckEveryMs = 30_000;

function reminderTime(): string | null {
  return localStorage.getItem(kTimeKey);
}

function remindIfDue(): void {
  const time = reminderTime();
  if (!time || !('Notification' in window) || Notification.permission !== 'granted') return;
  const now = new Date();
  const [hours, minutes] = time.split(':').map(Number);
  const due = new Date(now);
  due.setHours(hours ?? 0, minutes ?? 0, 0, 0);
  if (now < due || localStorage.getItem(kShownKey) === todayText(now)) return;
  localStorage.setItem(kShownKey, todayText(now));
  const notification = new Notification('velum', {
    body: 'A few calm minutes for your practice today, whenever suits you.',
    icon: '/icon.svg',
    tag: 'velum-daily',
  });
  notification.onclick = () => {
    window.focus();
    location.hash = '#/today';
  };
}

export function startReminderClock(): void {
  remindIfDue();
  window.setInterval(remindIfDue, kCheckEveryMs);
}

export async function renderReminders(root: HTMLElement): Promise<void> {
  root.append(h('h1', {}, 'Reminders'));
  const input = h('input', { type: 'time', id: 'reminder-time', value: reminderTime() ?? '21:00' });
  const status = h('div', { 'aria-live': 'polite', id: 'reminder-status' });
  const save = h('button', { type: 'submit', class: 'button' }, 'Remind me daily');
  const off = h('button', { type: 'button', class: 'secondary', hidden: !reminderTime() }, 'Turn the reminder off');
  const form = h('form', { class: 'card' },
    h('h2', {}, 'A daily reminder'),
    h('p', {}, 'While velum is open in a tab, it can send a gentle notification at the time you choose. Many people practise as the last thing before bed.'),
    h('label', { for: 'reminder-time' }, 'Time'), ' ', input,
    h('p', { class: 'actions' }, save, off), status);
  if (reminderTime()) status.append(notice(`The reminder is set for ${reminderTime()}.`));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!('Notification' in window)) {
      status.replaceChildren(notice('This browser cannot show notifications; the calendar file below works instead.', '', 'warn'));
      return;
    }
    const permission = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
    if (permission !== 'granted') {
      status.replaceChildren(notice('Notifications are turned off for this page in the browser, so no reminder can appear. The calendar file below works instead.', '', 'warn'));
      return;
    }
    localStorage.setItem(kTimeKey, input.value);
    localStorage.removeItem(kShownKey);
    off.hidden = false;
    status.replaceChildren(notice(`The reminder is set for ${input.value}.`));
  });
  off.addEventListener('click', () => {
    localStorage.removeItem(kTimeKey);
    off.hidden = true;
    status.replaceChildren(notice('The reminder is off.'));
  });
  root.append(form);

  const calendar = h('section', { class: 'card', id: 'ics' }, h('h2', {}, 'In your own calendar'));
  if (await routeAnswers('/reminders.ics')) {
    calendar.append(
      h('p', {}, "This week's plan as a calendar file. Open it with your calendar app; it reminds you even when velum is closed."),
      h('a', { class: 'button secondary', href: '/api/v1/reminders.ics', download: 'velum-week.ics' }, 'Download the week (.ics)'));
  } else {
    calendar.append(h('p', {}, 'A calendar file of the week arrives in a later version of velum.'));
  }
  root.append(calendar);
}
