// Progress: pain per region over time with sessions marked, the adherence
// calendar against the five-days-a-week target, stage and hold over time, a
// saved voice measure beside the day's mean discomfort, and (when the server
// offers them) the single-case statistics and downloads.

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { api, routeAnswers, type History, type Measure, type RegionStats, type Session, type StatsAnswer } from '../api';
import { h, todayText } from '../dom';
import { onLeave } from '../page';
import { regionLabels } from '../vocab';

const kTargetDaysPerWeek = 5;
const kCalendarWeeks = 8;
const kDaySeconds = 86_400;
const kRegionColours: Record<string, string> = {
  'soft-palate': '#c0504d',
  nasopharynx: '#2f6f6a',
  throat: '#d08a2c',
  nose: '#5470c6',
  'face-jaw': '#8e5ea2',
  ears: '#6b8e23',
};

function epochOf(date: string): number {
  return Date.parse(`${date}T12:00:00`) / 1000;
}

// A fixed x range from a day before the first point to a day after the later
// of the last point and today, so one entry still draws as a readable week.
function dayRange(xs: number[]): uPlot.Range.Function {
  const today = epochOf(todayText());
  const low = Math.min(...xs, today) - kDaySeconds;
  const high = Math.max(...xs, today) + kDaySeconds;
  const span = Math.max(high - low, 7 * kDaySeconds);
  return () => [high - span, high];
}

// The x axis in whole days ("Nov 25"), never hours.
const dayAxis: uPlot.Axis = {
  stroke: 'currentColor',
  incrs: [kDaySeconds, 2 * kDaySeconds, 7 * kDaySeconds, 14 * kDaySeconds, 30 * kDaySeconds, 91 * kDaySeconds],
  values: (_u, splits) =>
    splits.map((s) => new Date(s * 1000).toLocaleDateString(undefined, { month: 'short', day: 'numeric' })),
};

function chartWidth(box: HTMLElement): number {
  return Math.max(280, Math.min(box.clientWidth || 600, 1100));
}

// Draws a vertical line per session: solid when completed, dashed when stopped.
function sessionMarks(sessions: Session[]): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (plot: uPlot) => {
          const context = plot.ctx;
          context.save();
          for (const session of sessions) {
            const x = plot.valToPos(epochOf(session.date), 'x', true);
            context.strokeStyle = session.outcome === 'stopped' ? '#c0504d' : '#7f8c8d';
            context.setLineDash(session.outcome === 'stopped' ? [4, 4] : []);
            context.lineWidth = 1.5 * devicePixelRatio;
            context.beginPath();
            context.moveTo(x, plot.bbox.top);
            context.lineTo(x, plot.bbox.top + plot.bbox.height);
            context.stroke();
          }
          context.restore();
        },
      ],
    },
  };
}

function painChart(box: HTMLElement, history: History): uPlot | null {
  const days = history.days.filter((day) => Object.keys(day.pain).length > 0);
  if (days.length === 0 && history.sessions.length === 0) return null;
  const used = history.regions.filter((region) => days.some((day) => day.pain[region] !== undefined));
  const allDates = [...new Set([...days.map((d) => d.date), ...history.sessions.map((s) => s.date)])].sort();
  const xs = allDates.map(epochOf);
  const data: uPlot.AlignedData = [
    xs,
    ...used.map((region) => allDates.map((date) => days.find((d) => d.date === date)?.pain[region] ?? null)),
  ];
  const options: uPlot.Options = {
    width: chartWidth(box),
    height: 240,
    scales: { x: { time: true, range: dayRange(xs) }, y: { range: [0, 10] } },
    axes: [dayAxis, { stroke: 'currentColor', label: 'discomfort 0–10' }],
    series: [
      {},
      ...used.map((region) => ({
        label: regionLabels[region] ?? region,
        stroke: kRegionColours[region] ?? '#555',
        width: 2,
        spanGaps: true,
        points: { show: true, size: 6 },
      })),
    ],
    plugins: [sessionMarks(history.sessions)],
  };
  return new uPlot(options, data, box);
}

// The voice measures worth following day by day, in the order offered, with
// how each is shown. Jitter and shimmer arrive as fractions and read as percent.
const kVoiceMeasures: { key: string; label: string; unit: string; scale: number }[] = [
  { key: 'f0_mean_hz', label: 'Average pitch', unit: 'Hz', scale: 1 },
  { key: 'hnr_db', label: 'Harmonics-to-noise', unit: 'dB', scale: 1 },
  { key: 'cpps_db', label: 'CPPS', unit: 'dB', scale: 1 },
  { key: 'jitter_local', label: 'Jitter', unit: '%', scale: 100 },
  { key: 'shimmer_local', label: 'Shimmer', unit: '%', scale: 100 },
  { key: 'mpt_seconds', label: 'Longest held note', unit: 's', scale: 1 },
  { key: 'range_semitones', label: 'Range', unit: 'semitones', scale: 1 },
];

// One voice measure (right axis) beside the day's mean discomfort over every
// rated region (left axis, 0–10), on the same day axis as the pain chart.
function voiceChart(box: HTMLElement, history: History, measure: (typeof kVoiceMeasures)[number]): uPlot | null {
  const voiceDays = history.voice.days.filter((day) => day.means[measure.key] !== undefined);
  if (voiceDays.length === 0) return null;
  const meanPain = (pain: Record<string, number>) => {
    const values = Object.values(pain);
    return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
  };
  const painDays = history.days.filter((day) => Object.keys(day.pain).length > 0);
  const allDates = [...new Set([...voiceDays.map((d) => d.date), ...painDays.map((d) => d.date)])].sort();
  const xs = allDates.map(epochOf);
  const voiceValues = allDates.map((date) => {
    const value = voiceDays.find((d) => d.date === date)?.means[measure.key];
    return value === undefined ? null : value * measure.scale;
  });
  const painValues = allDates.map((date) => {
    const day = painDays.find((d) => d.date === date);
    return day ? meanPain(day.pain) : null;
  });
  const options: uPlot.Options = {
    width: chartWidth(box),
    height: 200,
    scales: { x: { time: true, range: dayRange(xs) }, y: { range: [0, 10] }, v: { auto: true } },
    axes: [
      dayAxis,
      { stroke: 'currentColor', label: 'discomfort 0–10' },
      { side: 1, scale: 'v', stroke: 'currentColor', label: `${measure.label}, ${measure.unit}`, grid: { show: false }, size: 60 },
    ],
    series: [
      {},
      { label: 'Discomfort (mean of regions)', stroke: '#c0504d', width: 2, spanGaps: true, points: { show: true, size: 6 } },
      { label: measure.label, scale: 'v', stroke: '#2f6f6a', width: 2, spanGaps: true, points: { show: true, size: 7 } },
    ],
  };
  return new uPlot(options, [xs, painValues, voiceValues], box);
}

// The voice card: a choice of the measures saved so far and their chart; null
// when no voice session was saved (the card is then left out).
function voiceCard(history: History, charts: uPlot[]): HTMLElement | null {
  const present = kVoiceMeasures.filter((m) => history.voice.days.some((day) => day.means[m.key] !== undefined));
  if (present.length === 0) return null;
  const box = h('div', { class: 'chart', id: 'voice-chart' });
  const select = h('select', { id: 'voice-measure' }, present.map((m) => h('option', { value: m.key }, m.label)));
  let current: uPlot | null = null;
  const draw = () => {
    if (current) {
      charts.splice(charts.indexOf(current), 1);
      current.destroy();
    }
    box.replaceChildren();
    current = voiceChart(box, history, present.find((m) => m.key === select.value) ?? present[0]!);
    if (current) charts.push(current);
  };
  select.addEventListener('change', draw);
  const card = h('section', { class: 'card', 'aria-labelledby': 'voice-heading' },
    h('h2', { id: 'voice-heading' }, 'Voice beside discomfort'),
    h('p', { class: 'hint' }, 'Daily averages of the voice results you saved, with the day\'s average discomfort. Compare recordings made the same way.'),
    h('p', {}, h('label', { for: 'voice-measure' }, 'Measure: '), select),
    box);
  // Drawn once the card is in the page, so the chart takes the card's width.
  queueMicrotask(draw);
  return card;
}

function stageChart(box: HTMLElement, sessions: Session[], holds: Map<string, number>): uPlot | null {
  if (sessions.length === 0) return null;
  const xs = sessions.map((s) => Date.parse(s.started_at) / 1000);
  const options: uPlot.Options = {
    width: chartWidth(box),
    height: 200,
    scales: { x: { time: true, range: dayRange(xs) }, y: { range: [0, 6] }, s: { range: [0, 5] } },
    axes: [dayAxis, { stroke: 'currentColor', label: 'stage' }, { side: 1, scale: 's', stroke: 'currentColor', label: 'hold (s)', grid: { show: false } }],
    series: [
      {},
      { label: 'Stage', stroke: '#2f6f6a', width: 2, paths: uPlot.paths.stepped!({ align: 1 }), points: { show: true, size: 7 } },
      { label: 'Hold (s)', scale: 's', stroke: '#d08a2c', width: 2, spanGaps: true, points: { show: true, size: 6 } },
    ],
  };
  return new uPlot(options, [xs, sessions.map((s) => s.stage), sessions.map((s) => holds.get(s.id) ?? null)], box);
}

function calendar(history: History): HTMLElement {
  const practised = new Set(history.sessions.filter((s) => s.outcome !== null).map((s) => s.date));
  const today = new Date(`${todayText()}T12:00:00`);
  const monday = new Date(today);
  monday.setDate(today.getDate() - ((today.getDay() + 6) % 7) - (kCalendarWeeks - 1) * 7);
  const table = h('table', { class: 'calendar', id: 'calendar' },
    h('caption', {}, `Days practised in the last ${kCalendarWeeks} weeks (target: ${kTargetDaysPerWeek} a week)`),
    h('thead', {}, h('tr', {}, ['Week of', 'M', 'T', 'W', 'T', 'F', 'S', 'S', 'Days'].map((d) => h('th', { scope: 'col' }, d)))));
  const body = h('tbody');
  for (let week = 0; week < kCalendarWeeks; week++) {
    const row = h('tr');
    const start = new Date(monday);
    start.setDate(monday.getDate() + week * 7);
    row.append(h('th', { scope: 'row' }, start.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })));
    let count = 0;
    for (let day = 0; day < 7; day++) {
      const date = new Date(start);
      date.setDate(start.getDate() + day);
      const text = todayText(date);
      const done = practised.has(text);
      if (done) count++;
      row.append(h('td', { class: done ? 'done' : date > today ? 'future' : '', title: text, 'aria-label': `${text}: ${done ? 'practised' : 'not practised'}` }, done ? '●' : ''));
    }
    row.append(h('td', { class: count >= kTargetDaysPerWeek ? 'met' : '' }, `${count}/${kTargetDaysPerWeek}`));
    body.append(row);
  }
  table.append(body);
  return table;
}

const kNoValue = '—';

// A statistic as the table shows it; one that could not be computed shows a
// dash, with the reason as its tooltip.
function measureCell(measure: Measure | undefined, format: (m: Measure) => string): HTMLElement {
  if (!measure || measure.status !== 'ok') return h('td', { title: measure?.reason ?? '' }, kNoValue);
  return h('td', {}, format(measure));
}

const pText = (p: number | undefined): string => (p === undefined ? '' : p < 0.001 ? ' (p < 0.001)' : ` (p ${p.toFixed(3)})`);
const changeText = (m: Measure): string => `${(m.estimate ?? 0).toFixed(2)} ± ${(m.se ?? 0).toFixed(2)}${pText(m.p)}`;

function statsRow(stats: RegionStats): HTMLElement {
  return h('tr', {},
    h('th', { scope: 'row' }, regionLabels[stats.key] ?? stats.label),
    measureCell(stats.nap, (m) => (m.value ?? 0).toFixed(2)),
    measureCell(stats.pnd, (m) => `${Math.round(m.value ?? 0)} %`),
    measureCell(stats.tau_u, (m) => `${(m.value ?? 0).toFixed(2)}${pText(m.p)}`),
    measureCell(stats.piecewise?.level_change, changeText),
    measureCell(stats.piecewise?.slope_change, changeText));
}

async function statsPanel(): Promise<HTMLElement> {
  const panel = h('section', { class: 'card stats', id: 'stats', 'aria-labelledby': 'stats-heading' },
    h('h2', { id: 'stats-heading' }, 'Is it helping? The numbers'));
  let answer: StatsAnswer;
  try {
    answer = await api.stats();
  } catch {
    panel.append(h('p', { id: 'stats-unavailable' }, 'The numbers could not be worked out just now. Your entries are kept; try again later.'));
    return panel;
  }
  if (answer.regions.length === 0) {
    panel.append(h('p', {}, 'Once you have rated some days before and some days after you started practising, this compares them here.'));
    return panel;
  }
  panel.append(
    h('p', {}, 'These compare the days before you started practising with the days since, one region at a time. They describe your own notes; they cannot tell why anything changed.'),
    h('ul', { class: 'sentences' }, answer.regions.filter((r) => r.sentence).map((r) => h('li', {}, r.sentence ?? ''))),
    h('dl', { class: 'explain' },
      h('dt', {}, 'NAP'), h('dd', {}, 'The share of before-and-after pairs where the later day was easier. 0.5 is no difference; nearer 1 is better.'),
      h('dt', {}, 'PND'), h('dd', {}, 'The share of later days easier than even the best day before.'),
      h('dt', {}, 'Tau-U'), h('dd', {}, 'How much the later days improve on the earlier ones, allowing for a trend that was already there. From −1 to 1; the p value says how easily chance alone could give it.'),
      h('dt', {}, 'Level and slope change'), h('dd', {}, 'A line fitted to each period: the step down when practice began, and the change in the daily trend, each with its uncertainty.')),
  );
  const table = h('table', { class: 'stats-table' },
    h('thead', {}, h('tr', {}, ['Region', 'NAP', 'PND', 'Tau-U', 'Level change', 'Slope change'].map((t) => h('th', { scope: 'col' }, t)))));
  table.append(h('tbody', {}, answer.regions.map(statsRow)));
  panel.append(h('div', { class: 'scroll' }, table));
  return panel;
}

async function downloads(): Promise<HTMLElement> {
  const links: [string, string, string][] = [
    ['/api/v1/report', 'A report to print or share (HTML)', 'velum-report.html'],
    ['/api/v1/export?format=json', 'Everything you recorded (JSON)', 'velum-journal.json'],
    ['/api/v1/export?format=fhir', 'The same for health records (FHIR)', 'velum-fhir.json'],
    ['/api/v1/reminders.ics', "This week's plan for your calendar (.ics)", 'velum-week.ics'],
  ];
  const available = await Promise.all(links.map(([path]) => routeAnswers(path.replace('/api/v1', ''))));
  const present = links.filter((_, i) => available[i]);
  const section = h('section', { class: 'card downloads', id: 'downloads', 'aria-labelledby': 'downloads-heading' },
    h('h2', { id: 'downloads-heading' }, 'Downloads'));
  if (present.length === 0) {
    section.append(h('p', {}, 'Reports and exports arrive in a later version; until then, `velum export` in the terminal saves everything.'));
  } else {
    section.append(h('ul', {}, present.map(([href, label, file]) => h('li', {}, h('a', { href, download: file }, label)))));
  }
  return section;
}

export async function renderProgress(root: HTMLElement): Promise<void> {
  // The history holds every session (GET /sessions comes a page at a time).
  const history = await api.history();
  const sessions = history.sessions;
  root.append(h('h1', {}, 'Progress'));
  const ended = sessions.filter((s) => s.outcome !== null);
  root.append(h('p', { id: 'progress-summary' },
    `${ended.length} session${ended.length === 1 ? '' : 's'} recorded: ${ended.filter((s) => s.outcome === 'completed').length} completed, ${ended.filter((s) => s.outcome === 'stopped').length} stopped.`));

  const charts: uPlot[] = [];
  const painBox = h('div', { class: 'chart', id: 'pain-chart' });
  root.append(h('section', { class: 'card', 'aria-labelledby': 'pain-heading' },
    h('h2', { id: 'pain-heading' }, 'Discomfort by region'),
    h('p', { class: 'hint' }, 'Daily averages from your check-ins. Vertical lines mark sessions; dashed ones were stopped.'),
    painBox));
  const pain = painChart(painBox, history);
  if (pain) charts.push(pain);
  else painBox.append(h('p', {}, 'Check in a few times and the chart appears here.'));

  const voice = voiceCard(history, charts);
  if (voice) root.append(voice);

  root.append(h('section', { class: 'card', 'aria-labelledby': 'calendar-heading' },
    h('h2', { id: 'calendar-heading' }, 'Days practised'), h('div', { class: 'scroll' }, calendar(history))));

  const stageBox = h('div', { class: 'chart', id: 'stage-chart' });
  root.append(h('section', { class: 'card', 'aria-labelledby': 'stage-heading' },
    h('h2', { id: 'stage-heading' }, 'Stage and hold over time'), stageBox));
  // Hold times live in the step results; the latest sessions are enough to draw the trend.
  const kHoldSessions = 60;
  const holds = new Map<string, number>();
  await Promise.all(ended.slice(-kHoldSessions).map(async (session) => {
    const detail = await fetch(`/api/v1/sessions/${encodeURIComponent(session.id)}`).then((r) => r.json()).catch(() => null);
    const longest = Math.max(0, ...((detail?.steps ?? []) as { hold_seconds: number }[]).map((s) => s.hold_seconds || 0));
    if (longest > 0) holds.set(session.id, longest);
  }));
  const stage = stageChart(stageBox, ended, holds);
  if (stage) charts.push(stage);
  else stageBox.append(h('p', {}, 'Your first session will start this chart.'));

  root.append(await statsPanel(), await downloads());

  const resize = () => {
    for (const chart of charts) chart.setSize({ width: chartWidth(chart.root.parentElement!), height: chart.height });
  };
  window.addEventListener('resize', resize);
  onLeave(() => {
    window.removeEventListener('resize', resize);
    for (const chart of charts) chart.destroy();
  });
}
