// The JSON API of `velum serve` (docs/api.md), typed. The browser only talks to
// these routes; it never re-derives timing, plans or safety rules itself.

export interface ApiError {
  field: string | null;
  message: string;
  hint: string;
}

export class ApiFailure extends Error {
  constructor(
    public readonly status: number,
    public readonly error: ApiError,
  ) {
    super(error.message);
  }
}

export interface RoutineSummary {
  id: string;
  title: string;
  summary: string;
  level: string;
  setting: string;
  intra_oral: boolean;
  stage_count: number;
  step_count: number;
  minutes_per_day: number;
  days_per_week: number;
}

export interface RoutineStep {
  id: string;
  title: string;
  instruction: string;
  detail: string;
  stage: number;
  landmark: string;
  hand: string;
  action: string;
  intra_oral: boolean;
  duration_seconds: number;
  total_seconds: number;
  repetitions: number | null;
  pattern: string;
  pain_ceiling: number | null;
  expect: string[];
  stop_signals: string[];
  hold_build_up?: { holds_seconds: number[]; weeks_per_stage: number };
}

export interface Routine extends RoutineSummary {
  prerequisites: string[];
  default_pattern: string;
  preparation_seconds: number;
  checklist: string[];
  steps: RoutineStep[];
}

export interface TimelineEvent {
  kind: string;
  sample: number;
  seconds: number;
  step: number;
  phase?: string;
  duration_samples?: number;
  text?: string;
  bell?: string;
  repetition?: number;
}

export interface TimelineStep {
  id: string;
  title: string;
  instruction: string;
  pattern: string;
  start_seconds: number;
  end_seconds: number;
}

export interface Timeline {
  sample_rate_hz: number;
  total_seconds: number;
  routine_id: string;
  steps: TimelineStep[];
  events: TimelineEvent[];
}

// One question of the hygiene checklist, as the server asks it (the browser
// keeps no copy of the questions or of which answers block).
export interface ChecklistQuestion {
  item: string;
  label: string;
  question: string;
  if_no: string;
  blocks: boolean;
  either_is_fine: boolean;
}

// Whether a session of the plan's routine may start now, decided on the server.
export interface StartDecision {
  allowed: boolean;
  refusal: { reason: string; message: string; advice: string; unblock: string } | null;
  warnings: string[];
  reminders: string[];
  checklist: ChecklistQuestion[];
}

export interface Plan {
  routine_id: string;
  routine_title: string;
  stage: number;
  stage_count: number;
  rule: string;
  explanation: string;
  hold_stage: number;
  hold_seconds: number | null;
  hold_explanation: string | null;
  minutes: number;
  sessions_per_week: number;
  days_practised_this_week: number;
  practised_today: boolean;
  rest_day_suggested: boolean;
  week_explanation: string;
  maintenance: boolean;
  evening_suggested: boolean;
  paused: boolean;
  clinician_advice: string;
  clinician_explanation: string | null;
  screen: { status: string; sentence: string };
  confirmation: string;
  start: StartDecision;
}

export interface ScreenQuestion {
  id: string;
  question: string;
  advice: string;
}

export interface ScreenState {
  status: string;
  sentence: string;
  allows_practice: boolean;
  valid_through: string | null;
  blocking_ids: string[];
  questions: ScreenQuestion[];
  blocked_closing: string;
}

export interface ScreenResult {
  status: string;
  sentence: string;
  allows_practice: boolean;
  advice: ScreenQuestion[];
}

export interface StopReason {
  reason: string;
  label: string;
  advice: string;
}

export interface Session {
  id: string;
  routine_id: string;
  pattern: string;
  stage: number;
  started_at: string;
  date: string;
  ended_at: string | null;
  outcome: string | null;
  stop: { reason: string; text: string } | null;
}

export interface CheckIn {
  id: string;
  taken_at: string;
  date: string;
  pain: Record<string, number>;
  calm?: number | null;
  nasal?: number | null;
  hydration?: number | null;
  note?: string;
}

export interface CheckInBody {
  pain?: Record<string, number>;
  calm?: number;
  nasal?: number;
  note?: string;
}

export interface History {
  regions: string[];
  days: { date: string; pain: Record<string, number>; checkins: number; sessions: number }[];
  sessions: Session[];
  // Saved voice sessions per local day: the mean of each measure that day (absent when none measured it).
  voice: { measures: string[]; days: { date: string; sessions: number; means: Record<string, number> }[] };
}

export interface StepResultBody {
  step_id: string;
  index: number;
  planned_seconds: number;
  actual_seconds: number;
  note?: string;
}

// One statistic of GET /api/v1/stats: "ok" with its numbers, or another status
// ("not enough data", "undefined") with a plain reason instead.
export interface Measure {
  status: string;
  reason?: string;
  value?: number;
  p?: number;
  variant?: string;
  estimate?: number;
  se?: number;
}

export interface RegionStats {
  key: string;
  label: string;
  sentence?: string;
  nap: Measure;
  pnd: Measure;
  tau_u: Measure;
  piecewise: Measure & { level_change?: Measure; slope_change?: Measure };
}

export interface StatsAnswer {
  regions: RegionStats[];
}

// POST /voice/analyze: the voice report (as `velum voice analyze --json`) and
// the pitch track (as `velum voice pitch --json`) of one uploaded recording.
export interface VoiceFrame {
  t: number;
  f0_hz: number | null;
  p_voiced: number;
}

// POST /voice/range: `velum voice range --json` of one uploaded recording, plus its SVG.
export interface VoiceRangeNote {
  note: string;
  midi: number;
  min_db: number;
  max_db: number;
  frames: number;
}
export interface VoiceRange {
  range_semitones: number;
  lowest_hz: number;
  highest_hz: number;
  calibrated: boolean;
  levels: string;
  notes: VoiceRangeNote[];
  svg: string;
  stored: boolean;
}

export interface VoiceAnalysis {
  duration_seconds: number;
  voiced_seconds: number;
  f0_mean_hz: number;
  f0_median_hz: number;
  f0_min_hz: number;
  f0_max_hz: number;
  pulses: number;
  jitter_local: number | null;
  jitter_local_absolute: number | null;
  jitter_rap: number | null;
  jitter_ppq5: number | null;
  shimmer_local: number | null;
  shimmer_local_db: number | null;
  shimmer_apq3: number | null;
  shimmer_apq5: number | null;
  shimmer_apq11: number | null;
  hnr_db: number | null;
  cpps_db: number | null;
  cpps_avqi_db: number | null;
  hop_seconds: number;
  frames: VoiceFrame[];
  sample_rate_hz: number;
  stored: boolean;
  id?: string;  // the voice session's id when stored
}

// A device paired by code (phone, tablet), as this computer sees it.
export interface Device {
  id: number;
  name: string;
  paired_at: string;
  last_seen_at: string;
  revoked_at: string | null;
}

// The pairing code on offer while velum serves the network; code, url and
// fingerprint are null when it serves this computer only or no code waits.
export interface PairingState {
  network: boolean;
  code: string | null;
  url: string | null;
  expires_in_seconds: number;
  fingerprint: string | null;
}

// Who is asking: the computer velum runs on, or a paired device.
export interface Access {
  caller: 'this-computer' | 'device';
  device: Device | null;
}

function audioType(blob: Blob): string {
  return blob.type.startsWith('audio/') ? blob.type : 'audio/wav';
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const binary = body instanceof Blob;
  const response = await fetch(`/api/v1${path}`, {
    method,
    // The server takes writes only as JSON, or as audio for the voice routes
    // (a cross-site form can send neither). A chosen file goes as audio
    // whatever its label: the server reads the format from the bytes and says
    // plainly when they are not a recording.
    headers: body === undefined ? {} : { 'Content-Type': binary ? audioType(body) : 'application/json' },
    body: body === undefined ? undefined : binary ? body : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const error = (parsed as { error?: ApiError } | null)?.error ?? {
      field: null,
      message: `The app could not reach velum (HTTP ${response.status}).`,
      hint: 'Check that velum serve is still running.',
    };
    throw new ApiFailure(response.status, error);
  }
  return parsed as T;
}

export const api = {
  routines: () => request<{ routines: RoutineSummary[] }>('GET', '/routines').then((r) => r.routines),
  routine: (id: string) => request<Routine>('GET', `/routines/${encodeURIComponent(id)}`),
  timeline: (id: string, stage: number, holdStage: number) =>
    request<Timeline>('GET', `/routines/${encodeURIComponent(id)}/timeline?stage=${stage}&hold_stage=${holdStage}`),
  plan: (routineId?: string) =>
    request<Plan>('GET', routineId ? `/plan?routine=${encodeURIComponent(routineId)}` : '/plan'),
  confirmWell: (routineId: string) =>
    request<Plan>('POST', `/plan?routine=${encodeURIComponent(routineId)}`, { confirm_well: true }),
  screen: () => request<ScreenState>('GET', '/screen'),
  answerScreen: (answers: Record<string, boolean>) => request<ScreenResult>('POST', '/screen', { answers }),
  stopReasons: () => request<{ reasons: StopReason[] }>('GET', '/stop-reasons').then((r) => r.reasons),
  startSession: (routineId: string, stage: number) =>
    request<Session>('POST', '/sessions', { routine_id: routineId, stage }),
  // One page of sessions, newest first; pass the answer's next_cursor for the page after it.
  sessions: (cursor: string | null = null, limit = 100) =>
    request<{ sessions: Session[]; next_cursor: string | null }>(
      'GET', `/sessions?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  commitStep: (sessionId: string, body: StepResultBody) =>
    request<unknown>('POST', `/sessions/${encodeURIComponent(sessionId)}/steps`, body),
  rateStep: (sessionId: string, index: number, pain: number, sensations: string[]) =>
    request<unknown>('PUT', `/sessions/${encodeURIComponent(sessionId)}/steps/${index}`, { pain, sensations }),
  stopSession: (sessionId: string, reason: string, text: string) =>
    request<{ advice: string }>('POST', `/sessions/${encodeURIComponent(sessionId)}/stop`, { reason, text }),
  finishSession: (sessionId: string) => request<unknown>('POST', `/sessions/${encodeURIComponent(sessionId)}/finish`, {}),
  // One page of check-ins, newest first; pass the answer's next_cursor for the page after it.
  checkins: (cursor: string | null = null, limit = 100) =>
    request<{ checkins: CheckIn[]; next_cursor: string | null }>(
      'GET', `/checkins?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  addCheckin: (body: CheckInBody) => request<CheckIn>('POST', '/checkins', body),
  editCheckin: (id: string, body: CheckInBody) => request<CheckIn>('PUT', `/checkins/${encodeURIComponent(id)}`, body),
  deleteCheckin: (id: string) => request<void>('DELETE', `/checkins/${encodeURIComponent(id)}`),
  history: () => request<History>('GET', '/history'),
  analyzeVoice: (recording: Blob, save: boolean, source: string) =>
    request<VoiceAnalysis>('POST', `/voice/analyze?save=${save ? 1 : 0}&source=${encodeURIComponent(source)}`, recording),
  voiceRange: (recording: Blob) => request<VoiceRange>('POST', '/voice/range', recording),
  stats: () => request<StatsAnswer>('GET', '/stats'),
  access: () => request<Access>('GET', '/access'),
  pair: (code: string) => request<{ device: Device }>('POST', '/pairing', { code }),
  pairing: () => request<PairingState>('GET', '/pairing'),
  newPairingCode: () => request<PairingState>('POST', '/pairing/code', {}),
  devices: () => request<{ devices: Device[] }>('GET', '/devices').then((r) => r.devices),
  revokeDevice: (id: number) => request<{ device: Device }>('DELETE', `/devices/${id}`),
};

// True for the refusal a device that is not paired (or no longer is) gets:
// the app then offers the pairing page instead of an error.
export function needsPairing(error: unknown): boolean {
  return error instanceof ApiFailure && error.status === 401 && error.error.field === 'credential';
}

// True when a route the other branches add is answered (not 404), so panels
// that depend on it can stay hidden until it lands.
export async function routeAnswers(path: string): Promise<boolean> {
  try {
    const response = await fetch(`/api/v1${path}`, { method: 'GET' });
    return response.status !== 404 && response.status !== 405;
  } catch {
    return false;
  }
}
