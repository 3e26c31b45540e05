// The app shell: navigation, a hash router (#/today, #/learn, ...) and the
// service worker that keeps the shell available offline once loaded.

import './styles.css';
import { ApiFailure, needsPairing } from './api';
import { notice } from './dom';
import { leavePage, type Route } from './page';
import { renderToday } from './pages/today';
import { renderLearn } from './pages/learn';
import { renderSession } from './pages/session';
import { renderJournal } from './pages/journal';
import { renderProgress } from './pages/progress';
import { renderScreen } from './pages/screen';
import { renderReminders, startReminderClock } from './pages/reminders';
import { renderVoice } from './pages/voice';
import { renderPair } from './pages/pair';
import { renderDevices } from './pages/devices';

type Page = (root: HTMLElement, route: Route) => Promise<void> | void;

const pages: Record<string, { title: string; render: Page }> = {
  today: { title: 'Today', render: renderToday },
  learn: { title: 'Learn', render: renderLearn },
  session: { title: 'Session', render: renderSession },
  journal: { title: 'Journal', render: renderJournal },
  progress: { title: 'Progress', render: renderProgress },
  screen: { title: 'Safety questions', render: renderScreen },
  reminders: { title: 'Reminders', render: renderReminders },
  voice: { title: 'Voice', render: renderVoice },
  devices: { title: 'Devices', render: renderDevices },
  pair: { title: 'Pair this device', render: renderPair },
};

function parseRoute(): Route {
  const hash = location.hash.replace(/^#\/?/, '');
  const [name = '', query = ''] = hash.split('?');
  return { name: name in pages ? name : 'today', params: new URLSearchParams(query) };
}

async function show(): Promise<void> {
  leavePage();
  const route = parseRoute();
  const page = pages[route.name]!;
  document.title = `${page.title} · velum`;
  for (const link of document.querySelectorAll<HTMLAnchorElement>('nav a')) {
    if (link.dataset.route === route.name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const main = document.getElementById('main')!;
  main.replaceChildren();
  main.dataset.page = route.name;
  try {
    await page.render(main, route);
  } catch (error) {
    if (needsPairing(error) && route.name !== 'pair') {
      // A device that is not (or no longer) paired sees the pairing page.
      location.hash = '#/pair';
      return;
    }
    if (error instanceof ApiFailure) {
      main.append(notice(error.error.message, error.error.hint, 'warn'));
    } else {
      main.append(
        notice('This page could not load. Is velum serve still running?', String(error), 'warn'),
      );
    }
  }
  const heading = main.querySelector('h1');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
}

window.addEventListener('hashchange', () => void show());
void show();
startReminderClock();

if ('serviceWorker' in navigator && !import.meta.env.DEV) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {
      // Offline use is a convenience; the app works the same without it.
    });
  });
}
