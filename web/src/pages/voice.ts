// Voice: record a held vowel (or choose a file), send it to the server's voice
// analysis and show the pitch trace, the measures in plain words and what they
// mean. The browser only records and encodes; every number comes from the API.

import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { api, ApiFailure, type VoiceAnalysis } from '../api';
import { h, notice } from '../dom';
import { onLeave } from '../page';

// Mono 16-bit at 44.1 kHz for at most 10 s is ~880 kB: under the server's 1 MB body limit.
const kSampleRateHz = 44_100;
const kMaxRecordSeconds = 10;
const kBytesPerSample = 2;
const kWavHeaderBytes = 44;
const kInt16Max = 0x7fff;
const kChartHeight = 240;

// The AudioWorklet (public/voice-collector.js) only copies input blocks to the
// page in batches; encoding happens on the main thread after recording stops.
// It is a file of its own because the Content-Security-Policy allows scripts
// from this origin only (no blob: URLs).
const kCollectorUrl = '/voice-collector.js';

// A 16-bit PCM mono WAV of `samples` (full scale = 1.0, clipped beyond).
export function encodeWav(samples: Float32Array, sampleRateHz: number): Blob {
  const dataBytes = samples.length * kBytesPerSample;
  const view = new DataView(new ArrayBuffer(kWavHeaderBytes + dataBytes));
  const text = (offset: number, value: string) => {
    for (let i = 0; i < value.length; i++) view.setUint8(offset + i, value.charCodeAt(i));
  };
  text(0, 'RIFF');
  view.setUint32(4, kWavHeaderBytes - 8 + dataBytes, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  view.setUint32(16, 16, true); // size of the PCM format block
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRateHz, true);
  view.setUint32(28, sampleRateHz * kBytesPerSample, true);
  view.setUint16(32, kBytesPerSample, true);
  view.setUint16(34, 8 * kBytesPerSample, true);
  text(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) {
    const clipped = Math.max(-1, Math.min(1, samples[i]!));
    view.setInt16(kWavHeaderBytes + i * kBytesPerSample, Math.round(clipped * kInt16Max), true);
  }
  return new Blob([view.buffer], { type: 'audio/wav' });
}

interface Recording {
  stop: () => Promise<Blob | null>;
  stopSamples: () => Promise<Float32Array | null>;
  cancel: () => void;
}

async function startRecording(onTick: (seconds: number) => void, onFull: () => void,
  maxSeconds = kMaxRecordSeconds, sampleRateHz = kSampleRateHz): Promise<Recording> {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
  });
  const context = new AudioContext({ sampleRate: sampleRateHz });
  await context.audioWorklet.addModule(kCollectorUrl);
  const source = context.createMediaStreamSource(stream);
  const collector = new AudioWorkletNode(context, 'velum-collector', { numberOfInputs: 1, numberOfOutputs: 1 });
  // A silent path to the output keeps the graph pulling the collector in every browser.
  const mute = context.createGain();
  mute.gain.value = 0;
  source.connect(collector).connect(mute).connect(context.destination);
  const limit = Math.round(maxSeconds * context.sampleRate);
  const chunks: Float32Array[] = [];
  let collected = 0;
  let finished: (() => void) | null = null;
  collector.port.onmessage = (event: MessageEvent<Float32Array | string>) => {
    if (typeof event.data === 'string') {
      finished?.();
      return;
    }
    if (collected >= limit) return;
    const chunk = event.data.subarray(0, limit - collected);
    chunks.push(chunk);
    collected += chunk.length;
    onTick(collected / context.sampleRate);
    if (collected >= limit) onFull();
  };
  const release = () => {
    for (const track of stream.getTracks()) track.stop();
    void context.close();
  };
  const stopSamples = async () => {
    await new Promise<void>((resolve) => {
      finished = resolve;
      collector.port.postMessage('stop');
    });
    release();
    if (collected === 0) return null;
    const samples = new Float32Array(collected);
    let offset = 0;
    for (const chunk of chunks) {
      samples.set(chunk, offset);
      offset += chunk.length;
    }
    return samples;
  };
  return {
    stop: async () => {
      const samples = await stopSamples();
      return samples ? encodeWav(samples, context.sampleRate) : null;
    },
    stopSamples,
    cancel: release,
  };
}

// Two decimals as a voice lab shows them; below that the value is "under 0.01 %", not a bare zero.
const kSmallestPercent = 0.01;
function percent(value: number | null): string {
  if (value === null) return 'not measured (too few steady cycles)';
  const shown = value * 100;
  return shown < kSmallestPercent ? `under ${kSmallestPercent} %` : `${shown.toFixed(2)} %`;
}

// Shimmer in percent, with the dB form beside it when it rounds to something.
function shimmerText(result: VoiceAnalysis): string {
  const db = result.shimmer_local_db;
  const inPercent = percent(result.shimmer_local);
  return db === null || result.shimmer_local === null || db < 0.005 ? inPercent : `${inPercent} (${db.toFixed(2)} dB)`;
}

// One decimal: a tenth of a dB is already finer than two takes of the same vowel agree.
function decibels(value: number | null): string {
  return value === null ? 'not measured (the recording is too short or silent)' : `${value.toFixed(1)} dB`;
}

function pitchChart(box: HTMLElement, result: VoiceAnalysis): uPlot {
  const xs = result.frames.map((frame) => frame.t);
  const ys = result.frames.map((frame) => frame.f0_hz);
  const voiced = ys.filter((y): y is number => y !== null);
  const low = Math.min(...voiced);
  const high = Math.max(...voiced);
  // At least a fifth of the mean either side, so a steady note reads as steady, not as a jagged line.
  const margin = Math.max((high - low) * 0.2, result.f0_mean_hz * 0.2);
  const options: uPlot.Options = {
    width: Math.max(280, Math.min(box.clientWidth || 600, 1100)),
    height: kChartHeight,
    scales: { x: { time: false }, y: { range: [Math.max(0, low - margin), high + margin] } },
    axes: [
      { stroke: 'currentColor', label: 'seconds', values: (_u, splits) => splits.map((s) => s.toFixed(1)) },
      { stroke: 'currentColor', label: 'pitch, Hz', size: 60 },
    ],
    legend: { show: false },
    cursor: { show: false },
    series: [{}, { label: 'pitch', stroke: '#2f6f6a', width: 2, spanGaps: false, points: { show: false } }],
  };
  return new uPlot(options, [xs, ys], box);
}

function showResult(area: HTMLElement, result: VoiceAnalysis): void {
  const chartBox = h('div', { id: 'pitch-trace', class: 'chart', role: 'img',
    'aria-label': `Pitch over time: mean ${result.f0_mean_hz.toFixed(0)} Hz, from ${result.f0_min_hz.toFixed(0)} to ${result.f0_max_hz.toFixed(0)} Hz. Gaps are moments without voice.` });
  const facts = h('dl', { class: 'facts' },
    h('dt', {}, 'Average pitch'),
    h('dd', { id: 'voice-mean-f0' }, `${result.f0_mean_hz.toFixed(1)} Hz`),
    h('dt', {}, 'Pitch range'),
    h('dd', {}, `${result.f0_min_hz.toFixed(1)} to ${result.f0_max_hz.toFixed(1)} Hz (middle value ${result.f0_median_hz.toFixed(1)} Hz)`),
    h('dt', {}, 'Voiced time'),
    h('dd', {}, `${result.voiced_seconds.toFixed(1)} s of ${result.duration_seconds.toFixed(1)} s`),
    h('dt', {}, 'Jitter'),
    h('dd', { id: 'voice-jitter' }, percent(result.jitter_local)),
    h('dt', {}, 'Shimmer'),
    h('dd', { id: 'voice-shimmer' }, shimmerText(result)),
    h('dt', {}, 'Harmonics-to-noise ratio'),
    h('dd', { id: 'voice-hnr' }, decibels(result.hnr_db)),
    h('dt', {}, 'Cepstral peak prominence (CPPS)'),
    h('dd', { id: 'voice-cpps' }, result.cpps_db === null ? decibels(null)
      : `${decibels(result.cpps_db)} (${decibels(result.cpps_avqi_db)} with the AVQI settings)`),
  );
  const heading = h('h2', { tabindex: '-1' }, 'Your recording');
  area.replaceChildren(
    h('section', { class: 'card', id: 'voice-results', 'aria-labelledby': 'voice-results-title' },
      heading, chartBox,
      h('p', { class: 'hint' }, 'The line is your pitch over time; gaps are moments without voice (breaths, pauses).'),
      facts,
      h('p', { class: 'hint', id: 'voice-stored' }, result.stored
        ? 'This result is saved in your journal. Progress shows it beside your discomfort.'
        : 'This result is not saved in your journal. Tick "Save to journal" before measuring to keep one.'),
    ),
  );
  heading.id = 'voice-results-title';
  const plot = pitchChart(chartBox, result);
  const resize = () => plot.setSize({ width: Math.max(280, Math.min(chartBox.clientWidth || 600, 1100)), height: kChartHeight });
  window.addEventListener('resize', resize);
  onLeave(() => {
    window.removeEventListener('resize', resize);
    plot.destroy();
  });
  heading.focus();
}

const kExplanations: [string, string][] = [
  ['Pitch', 'How fast the vocal folds vibrate, in cycles per second (Hz). It changes with the note you hold, your mood and the time of day.'],
  ['Jitter', 'How much the length of one vibration differs from the next, as a percentage. Smaller means a steadier pitch.'],
  ['Shimmer', 'How much the loudness of one vibration differs from the next. Smaller means a steadier loudness.'],
  ['Harmonics-to-noise ratio', 'How much of the sound is regular tone rather than breath noise, in dB. Higher means a clearer tone.'],
  ['Cepstral peak prominence (CPPS)', 'How strongly the regular pattern of the vibrations stands out in the sound, in dB. Higher means a more regular voice. The AVQI settings are the ones the Acoustic Voice Quality Index uses.'],
];

// The range profile's guided takes. 16 kHz is ample for pitch and level and
// keeps the joined upload (about 22 s) well under the server's 1 MB body limit.
const kRangeRateHz = 16_000;
const kRangeGapSeconds = 0.3;
const kRangeTakes: [string, number][] = [
  ['Glide up on "ah" from your lowest comfortable note to your highest.', 6],
  ['Now glide down, from your highest comfortable note to your lowest.', 6],
  ['Sing a comfortable note as softly as you can, and hold it.', 4],
  ['The same note as loudly as is comfortable (no straining), and hold it.', 4],
];

function rangeSection(): HTMLElement {
  const status = h('p', { id: 'range-status', class: 'hint', role: 'status', 'aria-live': 'polite' },
    'Four short recordings: two glides, then your softest and loudest comfortable note.');
  const output = h('div', { id: 'range-result' });
  const start = h('button', { type: 'button', id: 'range-record', class: 'button' }, 'Record range');
  let current: Recording | null = null;
  let running = false;
  onLeave(() => {
    current?.cancel();
    current = null;
  });

  const recordTake = async (prompt: string, seconds: number, step: number): Promise<Float32Array | null> => {
    status.textContent = `Step ${step} of ${kRangeTakes.length}: ${prompt}`;
    return new Promise((resolve, reject) => {
      startRecording(
        (done) => { status.textContent = `Step ${step} of ${kRangeTakes.length}: ${prompt} ${Math.max(0, Math.ceil(seconds - done))} s`; },
        () => { const take = current; current = null; void take?.stopSamples().then(resolve, reject); },
        seconds, kRangeRateHz,
      ).then((recording) => { current = recording; }, reject);
    });
  };

  start.addEventListener('click', async () => {
    if (running) return;
    if (!navigator.mediaDevices?.getUserMedia || typeof AudioWorkletNode === 'undefined') {
      output.replaceChildren(notice('This browser cannot record here.', 'Use "velum voice range --live" in a terminal instead.', 'warn'));
      return;
    }
    running = true;
    start.disabled = true;
    try {
      const takes: Float32Array[] = [];
      for (const [index, [prompt, seconds]] of kRangeTakes.entries()) {
        const take = await recordTake(prompt, seconds, index + 1);
        if (take) takes.push(take);
      }
      const gap = Math.round(kRangeGapSeconds * kRangeRateHz);
      const joined = new Float32Array(takes.reduce((sum, take) => sum + take.length + gap, 0));
      let offset = 0;
      for (const take of takes) {
        joined.set(take, offset);
        offset += take.length + gap;
      }
      status.textContent = 'Measuring your range…';
      const profile = await api.voiceRange(encodeWav(joined, kRangeRateHz));
      status.textContent = 'Measured your range.';
      const lowest = profile.notes[0]!;
      const highest = profile.notes[profile.notes.length - 1]!;
      output.replaceChildren(
        h('p', { id: 'range-summary' },
          h('strong', { id: 'range-semitones' }, `${profile.range_semitones} semitones`),
          `: ${lowest.note} (${profile.lowest_hz.toFixed(0)} Hz) to ${highest.note} (${profile.highest_hz.toFixed(0)} Hz)`),
        h('img', { id: 'range-profile', alt: `Voice range profile: softest and loudest level for each semitone from ${lowest.note} to ${highest.note}.`,
          class: 'range-profile', src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(profile.svg)}` }),
        h('p', { class: 'hint' }, profile.levels),
      );
    } catch (error) {
      status.textContent = 'Your range could not be measured.';
      const message = error instanceof ApiFailure ? error.error.message : String(error);
      const hint = error instanceof ApiFailure ? error.error.hint : 'Check the microphone and that velum serve is still running.';
      output.replaceChildren(notice(message, hint, 'warn'));
    } finally {
      running = false;
      start.disabled = false;
    }
  });

  return h('section', { class: 'card', 'aria-labelledby': 'range-title' },
    h('h2', { id: 'range-title' }, 'Range'),
    h('p', { class: 'hint' }, 'Each step records by itself for a few seconds. Stay within what is comfortable.'),
    h('div', { class: 'actions' }, start),
    status,
    output,
  );
}

export function renderVoice(root: HTMLElement): void {
  const status = h('p', { id: 'voice-status', class: 'hint', role: 'status', 'aria-live': 'polite' },
    'Nothing recorded yet.');
  const result = h('div', { id: 'voice-result' });
  const record = h('button', { type: 'button', id: 'voice-record', class: 'button', 'aria-pressed': 'false' }, 'Record');
  const fileInput = h('input', { type: 'file', id: 'voice-file', accept: 'audio/wav,audio/x-wav,audio/flac,audio/ogg,.wav,.flac,.ogg' });
  const save = h('input', { type: 'checkbox', id: 'voice-save' });
  let recording: Recording | null = null;
  let busy = false;

  const analyze = async (blob: Blob, what: string, source: string) => {
    busy = true;
    record.disabled = true;
    fileInput.disabled = true;
    status.textContent = `Measuring ${what}…`;
    try {
      const analysis = await api.analyzeVoice(blob, save.checked, source);
      status.textContent = `Measured ${what}.`;
      showResult(result, analysis);
    } catch (error) {
      status.textContent = `${what[0]!.toUpperCase()}${what.slice(1)} could not be measured.`;
      const message = error instanceof ApiFailure ? error.error.message : String(error);
      const hint = error instanceof ApiFailure && error.error.message === 'no voiced frames found'
        ? 'No steady voice was found. Hold an easy "aah" for a few seconds, close to the microphone, and try again.'
        : error instanceof ApiFailure ? error.error.hint : 'Check that velum serve is still running.';
      result.replaceChildren(notice(message, hint, 'warn'));
    } finally {
      busy = false;
      record.disabled = false;
      fileInput.disabled = false;
    }
  };

  const finish = async () => {
    const current = recording;
    if (!current) return;
    recording = null;
    record.textContent = 'Record';
    record.setAttribute('aria-pressed', 'false');
    // Busy until the last samples arrive, so a quick extra tap cannot start a second take.
    busy = true;
    record.disabled = true;
    const blob = await current.stop();
    busy = false;
    record.disabled = false;
    if (blob) await analyze(blob, 'your recording', 'web recording');
    else status.textContent = 'Nothing was recorded. Check the microphone and try again.';
  };

  record.addEventListener('click', async () => {
    if (busy) return;
    if (recording) {
      await finish();
      return;
    }
    if (!navigator.mediaDevices?.getUserMedia || typeof AudioWorkletNode === 'undefined') {
      result.replaceChildren(notice('This browser cannot record here.', 'Choose a recording file below instead.', 'warn'));
      return;
    }
    try {
      busy = true;
      recording = await startRecording(
        (seconds) => { status.textContent = `Recording… ${seconds.toFixed(0)} s of ${kMaxRecordSeconds} s. Tap Stop when done.`; },
        () => void finish(),
      );
      record.textContent = 'Stop';
      record.setAttribute('aria-pressed', 'true');
      status.textContent = 'Recording… hold an easy "aah".';
    } catch (error) {
      recording = null;
      const denied = error instanceof DOMException && error.name === 'NotAllowedError';
      result.replaceChildren(notice(
        denied ? 'The microphone was not allowed.' : 'The microphone could not be opened.',
        denied ? 'Allow the microphone for this page in the browser settings, or choose a recording file below.'
          : `${String(error)}. You can choose a recording file below instead.`, 'warn'));
    } finally {
      busy = false;
    }
  });

  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (file) void analyze(file, `"${file.name}"`, file.name);
  });

  onLeave(() => {
    recording?.cancel();
    recording = null;
  });

  root.append(
    h('h1', {}, 'Voice'),
    h('p', {}, 'Sit comfortably, breathe in, and hold an easy "aah" at a comfortable pitch for a few seconds. velum measures your pitch and how steady your voice is.'),
    h('section', { class: 'card', 'aria-labelledby': 'voice-record-title' },
      h('h2', { id: 'voice-record-title' }, 'Record'),
      h('p', { class: 'hint' }, `Recording stops by itself after ${kMaxRecordSeconds} seconds, or when you tap Stop.`),
      h('div', { class: 'actions' }, record),
      status,
      h('p', {}, h('label', { for: 'voice-file' }, 'Or choose a recording (WAV, FLAC or Ogg, up to 1 MB): '), fileInput),
      h('p', {}, h('label', { for: 'voice-save' }, save, ' Save to journal'),
        h('span', { class: 'hint' }, ' — keeps the measures so Progress can show them over time.')),
    ),
    result,
    rangeSection(),
    h('section', { class: 'card', 'aria-labelledby': 'voice-about-title' },
      h('h2', { id: 'voice-about-title' }, 'What the numbers mean'),
      h('dl', { class: 'voice-terms' }, kExplanations.flatMap(([term, meaning]) => [h('dt', {}, term), h('dd', {}, meaning)])),
      h('p', {}, 'The numbers depend on the microphone, the room and how you hold the note, so compare them with your own earlier recordings made the same way. They are measurements, not a diagnosis; if your voice worries you, talk to a doctor or a speech and language therapist.'),
    ),
  );
}
