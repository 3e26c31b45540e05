// Plays a Timeline exactly as the server compiled it: events fire at their own
// times (scaled only by `speed` for tests and demos), tones are scheduled on the
// WebAudio clock, cues are spoken, and the breathing circle is read from the
// same phase events. Nothing here re-derives timing.

import type { Timeline, TimelineEvent } from './api';

export interface PhaseState {
  phase: string; // inhale, hold-in, exhale, hold-out, or '' before the first breath
  progress: number; // 0..1 through the phase
}

export interface PlayerHandlers {
  onEvent(event: TimelineEvent): void;
}

const kTickMs = 20;
// Tone pitches (Hz) and lengths (s): a higher note to breathe in, a lower one
// to breathe out, a soft middle one for a hold, and chimes for the bells.
const kInhaleHz = 392;
const kExhaleHz = 294;
const kHoldHz = 349;
const kToneSeconds = 0.14;
const kToneGain = 0.18;
const kBellSeconds = 1.2;
const kBellGain = 0.22;
const kBellHz: Record<string, number[]> = {
  'step-change': [660, 990],
  midway: [528],
  closing: [528, 660, 792],
};

export class TimelinePlayer {
  private readonly phases: TimelineEvent[];
  private startMs = 0;
  private nextEvent = 0;
  private timer: number | undefined;
  private master: GainNode | null = null;
  private running = false;

  constructor(
    private readonly timeline: Timeline,
    private readonly speed: number,
    private readonly handlers: PlayerHandlers,
  ) {
    this.phases = timeline.events.filter((event) => event.kind === 'phase');
  }

  // Must be called from a user gesture (a tap or a key), so audio may start.
  start(audio: AudioContext | null): void {
    this.startMs = performance.now();
    this.running = true;
    if (audio) this.scheduleSound(audio);
    this.timer = window.setInterval(() => this.tick(), kTickMs);
    this.tick();
  }

  // Timeline seconds played so far (what the person has spent at speed 1).
  elapsedSeconds(): number {
    return Math.min(((performance.now() - this.startMs) / 1000) * this.speed, this.timeline.total_seconds);
  }

  phaseAt(seconds: number): PhaseState {
    let low = 0;
    let high = this.phases.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.phases[middle]!.seconds <= seconds) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    if (found < 0) return { phase: '', progress: 0 };
    const event = this.phases[found]!;
    const duration = (event.duration_samples ?? 0) / this.timeline.sample_rate_hz;
    const progress = duration > 0 ? Math.min(1, (seconds - event.seconds) / duration) : 1;
    if (progress >= 1 && seconds - event.seconds > duration + 0.5) return { phase: '', progress: 0 };
    return { phase: event.phase ?? '', progress };
  }

  stop(): number {
    const elapsed = this.elapsedSeconds();
    this.running = false;
    window.clearInterval(this.timer);
    this.master?.disconnect();
    this.master = null;
    if ('speechSynthesis' in window) speechSynthesis.cancel();
    return elapsed;
  }

  isRunning(): boolean {
    return this.running;
  }

  private tick(): void {
    if (!this.running) return;
    const now = this.elapsedSeconds();
    const events = this.timeline.events;
    while (this.nextEvent < events.length && events[this.nextEvent]!.seconds <= now) {
      const event = events[this.nextEvent++]!;
      if (event.kind === 'cue' && event.text) this.speak(event.text);
      this.handlers.onEvent(event);
      if (!this.running) return;
    }
    if (this.nextEvent >= events.length) {
      this.running = false;
      window.clearInterval(this.timer);
    }
  }

  private speak(text: string): void {
    if (!('speechSynthesis' in window)) return;
    speechSynthesis.cancel();
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.rate = 0.9;
    speechSynthesis.speak(utterance);
  }

  private scheduleSound(audio: AudioContext): void {
    this.master = audio.createGain();
    this.master.connect(audio.destination);
    const origin = audio.currentTime + 0.05;
    for (const event of this.timeline.events) {
      const at = origin + event.seconds / this.speed;
      if (event.kind === 'phase') {
        const hz = event.phase === 'inhale' ? kInhaleHz : event.phase === 'exhale' ? kExhaleHz : kHoldHz;
        this.tone(audio, hz, at, kToneSeconds, event.phase?.startsWith('hold') ? kToneGain / 2 : kToneGain);
      } else if (event.kind === 'bell') {
        (kBellHz[event.bell ?? ''] ?? [528]).forEach((hz, i) =>
          this.tone(audio, hz, at + i * 0.18, kBellSeconds, kBellGain));
      }
    }
  }

  private tone(audio: AudioContext, hz: number, at: number, seconds: number, gain: number): void {
    const oscillator = audio.createOscillator();
    const envelope = audio.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = hz;
    envelope.gain.setValueAtTime(0, at);
    envelope.gain.linearRampToValueAtTime(gain, at + 0.01);
    envelope.gain.exponentialRampToValueAtTime(0.0001, at + seconds);
    oscillator.connect(envelope).connect(this.master!);
    oscillator.start(at);
    oscillator.stop(at + seconds + 0.05);
  }
}
