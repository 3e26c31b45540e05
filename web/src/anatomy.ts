// One sagittal section of the head (facing left), drawn once, with an overlay
// per step: the finger or tool, the direction of pressure and the target.
// Every overlay is driven by the step's landmark, hand and action spellings, so
// all steps of all routines share one anatomy.
//
// Scale: 28 px per centimetre. The hard palate runs about 5 cm from behind the
// incisors to its border; the uvula tip hangs about 2.5 cm behind that border;
// the opening into the nasopharynx lies behind and above the uvula.

import { actionLabels, handLabels, landmarkLabels } from './vocab';

export const kPxPerCm = 28;

type Point = readonly [number, number];

// Named points of the base drawing (viewBox 0 0 400 330).
export const landmarks: Record<string, Point> = {
  'hard-palate': [140, 190],
  'palate-border': [214, 186],
  'soft-palate-edge': [250, 222],
  uvula: [258, 236],
  'nasopharyngeal-opening': [284, 206],
  'sphincter-inferior': [296, 208],
  'sphincter-superior': [284, 146],
  'nasopharynx-walls': [298, 176],
  'nasopharynx-ceiling': [258, 112],
  'tonsil-pillars': [239, 246],
  nostril: [46, 160],
  'tongue-to-palate': [150, 200],
  'whole-face': [60, 150],
};

// The palate border and the uvula tip, exported so a test can check that the
// drawing keeps the proportion PRACTICE.md states (about 2.5 cm).
export const palateBorder: Point = [214, 182];
export const uvulaTip: Point = [258, 243];

const base = `
<g class="tissue">
  <path class="skin" d="M100,0 C92,30 84,52 80,70 C66,96 40,124 28,140 C24,148 30,156 40,158 C48,162 58,164 62,168
    C60,178 54,188 54,196 C54,204 60,208 62,212 C56,216 52,222 54,230 C58,244 62,256 64,268
    C70,288 92,300 130,304 C150,318 160,326 164,330 L400,330 L400,0 Z"/>
  <path class="bone" d="M330,120 C350,110 370,112 400,118 L400,0 L110,0 C104,30 96,50 92,66 C150,70 210,76 250,86
    C280,94 305,104 330,120 Z"/>
</g>
<g class="spine">
  <rect class="bone" x="318" y="150" width="38" height="32" rx="5"/>
  <rect class="bone" x="318" y="190" width="38" height="32" rx="5"/>
  <rect class="bone" x="318" y="230" width="38" height="32" rx="5"/>
  <rect class="bone" x="318" y="270" width="38" height="32" rx="5"/>
</g>
<path class="air" data-part="airway" d="M62,166 C60,140 70,100 90,80 C150,84 210,88 250,96 C280,104 298,122 302,144
  C305,180 305,250 303,330 L262,330 C262,300 264,276 268,262 C274,252 276,240 272,226
  C266,206 248,188 216,180 L72,174 Z"/>
<path class="air" data-part="mouth" d="M66,212 C84,202 120,192 214,188 C236,192 250,204 256,222 C240,214 226,206 212,204
  C160,202 110,210 80,226 Z"/>
<path class="muscle" data-part="tongue" d="M80,228 C98,212 150,204 210,206 C240,210 256,230 262,262
  C264,286 262,306 262,330 L150,330 C126,306 100,280 86,256 C80,246 78,236 80,228 Z"/>
<path class="bone" data-part="hard-palate" d="M72,172 C110,168 170,172 214,178 L214,186
  C170,187 122,189 82,202 C78,194 74,184 72,172 Z"/>
<path class="muscle" data-part="soft-palate" d="M214,178 C238,182 256,194 264,212 C268,222 268,234 262,240
  C256,245 252,238 252,230 C250,218 242,204 228,196 C222,192 218,190 214,186 Z"/>
<path class="tooth" d="M66,210 C64,200 66,190 72,176 L80,178 C80,192 76,202 70,212 Z"/>
<path class="tooth" d="M68,216 C72,226 76,236 80,252 L88,250 C86,236 82,224 74,214 Z"/>
<path class="wall" data-part="posterior-wall" d="M250,96 C280,104 298,122 302,144 C305,180 305,250 303,330"/>
<ellipse class="sphincter" data-part="sphincter-inferior" cx="286" cy="208" rx="19" ry="6" transform="rotate(-18 286 208)"/>
<ellipse class="sphincter" data-part="sphincter-superior" cx="282" cy="146" rx="17" ry="5" transform="rotate(38 282 146)"/>
<g class="lateral" data-part="tonsil-pillars">
  <path d="M222,196 C228,218 232,240 232,266"/>
  <path d="M244,208 C246,230 248,254 250,276"/>
  <ellipse cx="239" cy="246" rx="6" ry="13"/>
</g>
<ellipse class="nostril" data-part="nostril" cx="47" cy="158" rx="11" ry="4" transform="rotate(-12 47 158)"/>
`;

interface Label {
  text: string;
  at: Point; // where the text sits
  anchor: Point; // the structure it names (a leader line joins them)
  align: 'start' | 'middle' | 'end';
}

const labels: Label[] = [
  { text: 'nostril', at: [4, 190], anchor: [44, 161], align: 'start' },
  { text: 'hard palate', at: [104, 158], anchor: [124, 174], align: 'middle' },
  { text: 'palate border', at: [186, 158], anchor: [214, 180], align: 'middle' },
  { text: 'soft palate', at: [196, 236], anchor: [238, 204], align: 'end' },
  { text: 'uvula', at: [226, 300], anchor: [256, 242], align: 'middle' },
  { text: 'tonsil pillars', at: [196, 272], anchor: [232, 258], align: 'end' },
  { text: 'nasopharynx', at: [236, 126], anchor: [236, 126], align: 'middle' },
  { text: 'opening', at: [232, 172], anchor: [280, 200], align: 'middle' },
  { text: 'sphincter, inferior part', at: [398, 322], anchor: [302, 212], align: 'end' },
  { text: 'sphincter, superior lip', at: [250, 70], anchor: [284, 142], align: 'middle' },
];

function labelSvg(): string {
  return labels
    .map(({ text, at, anchor, align }) => {
      const leader = at[0] === anchor[0] && at[1] === anchor[1] ? ''
        : `<line class="leader" x1="${at[0]}" y1="${at[1] + (anchor[1] > at[1] ? 3 : -11)}" x2="${anchor[0]}" y2="${anchor[1]}"/>`;
      return `${leader}<text x="${at[0]}" y="${at[1]}" text-anchor="${align}">${text}</text>`;
    })
    .join('');
}

// The finger's path from outside the mouth to the landmark, per landmark.
const fingerPaths: Record<string, string> = {
  'hard-palate': 'M-20,236 L62,214 C90,206 112,198 136,196',
  'palate-border': 'M-20,236 L62,214 C110,204 160,198 206,194',
  'soft-palate-edge': 'M-20,236 L62,214 C130,206 200,208 246,230',
  uvula: 'M-20,236 L62,214 C130,206 200,210 250,238',
  'nasopharyngeal-opening': 'M-20,236 L62,214 C150,208 232,226 262,256 C282,256 288,232 284,214',
  'sphincter-inferior': 'M-20,236 L62,214 C150,208 232,226 262,256 C284,256 292,232 290,214',
  'sphincter-superior': 'M-20,236 L62,214 C150,208 232,226 262,256 C288,254 292,200 284,160',
  'nasopharynx-walls': 'M-20,236 L62,214 C150,208 232,226 262,256 C288,254 294,214 292,184',
  'nasopharynx-ceiling': 'M-20,236 L62,214 C150,208 232,226 262,256 C290,252 290,170 270,128',
  'tonsil-pillars': 'M-20,236 L62,214 C140,214 200,228 238,244',
};

// The pinch: the finger goes up past the uvula, the thumb supports from below;
// further forward (the palate border) the finger runs along the upper surface.
const pinchPaths: Record<string, { finger: string; thumb: string }> = {
  'soft-palate-edge': {
    finger: 'M-20,230 L62,212 C150,206 232,226 262,256 C282,256 286,228 274,208',
    thumb: 'M-20,244 L62,220 C140,222 200,230 244,238',
  },
  'palate-border': {
    finger: 'M-20,230 L62,212 C150,206 232,226 262,256 C290,250 282,196 236,184',
    thumb: 'M-20,244 L62,220 C130,220 180,206 222,198',
  },
};

// Where pressure points, per landmark (unit-ish direction in drawing space).
const pressureDirection: Record<string, Point> = {
  'hard-palate': [0, -1],
  'palate-border': [0.2, -1],
  'soft-palate-edge': [0.5, -1],
  uvula: [1, -0.2],
  'nasopharyngeal-opening': [0.5, -1],
  'sphincter-inferior': [1, 0],
  'sphincter-superior': [0.2, -1],
  'nasopharynx-walls': [1, 0],
  'nasopharynx-ceiling': [-0.3, -1],
  'tonsil-pillars': [0.4, 0.9],
  nostril: [-0.4, -1],
  'tongue-to-palate': [0, -1],
};

function arrow(from: Point, to: Point, cls = 'pressure'): string {
  return `<line class="${cls}" x1="${from[0]}" y1="${from[1]}" x2="${to[0]}" y2="${to[1]}" marker-end="url(#ARROW)"/>`;
}

function pressureArrow(target: Point, direction: Point, length = 26): string {
  const norm = Math.hypot(direction[0], direction[1]) || 1;
  const dx = (direction[0] / norm) * length;
  const dy = (direction[1] / norm) * length;
  const start: Point = [target[0] - dx * 0.4, target[1] - dy * 0.4];
  return arrow(start, [start[0] + dx, start[1] + dy]);
}

// A thumb is drawn 17 units wide, a finger 13; the widths live in styles.css
// (.thumb-width, .finger-width) because the page's Content-Security-Policy
// refuses inline style attributes.
function finger(d: string, width: 17 | 13, cls = 'finger'): string {
  const size = width === 17 ? 'thumb-width' : 'finger-width';
  return `<path class="${cls}-outline ${size}" d="${d}"/>` + `<path class="${cls} ${size}" d="${d}"/>`;
}

// The nail, drawn on the side away from the pressure, so every figure shows the
// pad (not the nail) against the tissue. `d` ends in a cubic segment or a line.
function nail(d: string, width: number, landmark: string): string {
  const numbers = d.match(/-?\d+(\.\d+)?/g)?.map(Number) ?? [];
  if (numbers.length < 4) return '';
  const [px, py, tx, ty] = numbers.slice(-4) as [number, number, number, number];
  const length = Math.hypot(tx - px, ty - py) || 1;
  const along: Point = [(tx - px) / length, (ty - py) / length];
  let normal: Point = [-along[1], along[0]];
  const pressure = pressureDirection[landmark] ?? [0, -1];
  if (normal[0] * pressure[0] + normal[1] * pressure[1] > 0) normal = [-normal[0], -normal[1]];
  const offset = width / 2 - 2;
  const back = width * 0.35;
  const start: Point = [tx - along[0] * (back + 7) + normal[0] * offset, ty - along[1] * (back + 7) + normal[1] * offset];
  const end: Point = [tx - along[0] * back + normal[0] * offset, ty - along[1] * back + normal[1] * offset];
  return `<line class="nail" x1="${start[0].toFixed(1)}" y1="${start[1].toFixed(1)}" x2="${end[0].toFixed(1)}" y2="${end[1].toFixed(1)}"/>`;
}

function handOverlay(hand: string, landmark: string): string {
  if (hand === 'index+thumb') {
    const pinch = pinchPaths[landmark] ?? pinchPaths['soft-palate-edge']!;
    // Finger and thumb press towards each other: each nail faces away.
    return finger(pinch.thumb, 17) + nail(pinch.thumb, 17, 'hard-palate') +
      finger(pinch.finger, 13) + nail(pinch.finger, 13, 'tonsil-pillars');
  }
  if (hand === 'cotton-swab') {
    return '<line class="swab-stick" x1="-10" y1="196" x2="44" y2="162"/><ellipse class="swab-tip" cx="46" cy="160" rx="7" ry="4.5" transform="rotate(-32 46 160)"/>';
  }
  const path = fingerPaths[landmark];
  if (!path) return '';
  if (hand === 'thumb') return finger(path, 17) + nail(path, 17, landmark);
  if (hand === 'index' || hand === 'middle') return finger(path, 13) + nail(path, 13, landmark);
  return '';
}

function breathArrows(): string {
  return '<path class="breath" d="M30,168 C60,150 110,120 180,112 C230,110 270,124 290,160 C296,200 290,240 284,300" marker-end="url(#ARROW-breath)"/>';
}

function actionOverlay(action: string, landmark: string, target: Point | undefined): string {
  const [x, y] = target ?? [0, 0];
  const direction = pressureDirection[landmark] ?? [0, -1];
  switch (action) {
    case 'locate':
      return `<circle class="search" cx="${x}" cy="${y}" r="14"/>`;
    case 'insert-and-hold':
      return `${pressureArrow(target!, direction, 20)}<g class="hold-mark"><rect x="${x + 14}" y="${y - 26}" width="4" height="12"/><rect x="${x + 21}" y="${y - 26}" width="4" height="12"/></g>`;
    case 'swallow':
      return [[-1, 0], [1, 0], [0, -1], [0, 1]]
        .map(([dx, dy]) => arrow([x + dx * 30, y + dy * 22], [x + dx * 14, y + dy * 10]))
        .join('');
    case 'press':
      return pressureArrow(target!, direction, 30);
    case 'grip-and-flex':
      return `<path class="pressure" d="M${x - 16},${y + 14} A18,18 0 0 1 ${x + 16},${y - 6}" marker-start="url(#ARROW-start)" marker-end="url(#ARROW)"/>`;
    case 'squeeze':
      return arrow([x, y - 34], [x, y - 12]) + arrow([x, y + 30], [x, y + 10]);
    case 'circle':
      return `<path class="pressure" d="M${x + 12},${y} A12,12 0 1 1 ${x},${y - 12}" marker-end="url(#ARROW)"/>`;
    case 'suction':
      return [100, 150, 196].map((ax) => arrow([ax, 226], [ax, 206])).join('');
    case 'nostril-flare':
      return arrow([44, 158], [30, 150]) + arrow([50, 160], [60, 174]) + breathArrows();
    case 'lie-still':
    case 'walk':
    case 'breathe':
      return breathArrows();
    default:
      return '';
  }
}

// The base parts to highlight for a landmark.
const highlightParts: Record<string, string[]> = {
  'hard-palate': ['hard-palate'],
  'palate-border': ['hard-palate', 'soft-palate'],
  'soft-palate-edge': ['soft-palate'],
  uvula: ['soft-palate'],
  'nasopharyngeal-opening': ['sphincter-inferior'],
  'sphincter-inferior': ['sphincter-inferior'],
  'sphincter-superior': ['sphincter-superior'],
  'nasopharynx-walls': ['posterior-wall'],
  'nasopharynx-ceiling': ['posterior-wall'],
  'tonsil-pillars': ['tonsil-pillars'],
  nostril: ['nostril'],
  'tongue-to-palate': ['tongue', 'hard-palate'],
};

export interface StepFigure {
  id: string;
  title: string;
  landmark: string;
  hand: string;
  action: string;
}

// The plain-language description a screen reader reads for one step's figure.
export function describeFigure(step: StepFigure): string {
  const parts = [
    'Side view of the head cut down the middle, facing left: the nose and the hard palate in front, the soft palate and uvula hanging behind it, and the opening into the space behind the nose just behind and above the uvula.',
  ];
  const place = landmarkLabels[step.landmark] ?? step.landmark;
  if (step.landmark !== 'none' && step.landmark !== 'whole-face') parts.push(`Highlighted: ${place.toLowerCase()}.`);
  if (step.hand === 'index+thumb') {
    parts.push('The index finger reaches up behind the uvula on one side while the thumb supports the soft palate from below.');
  } else if (step.hand === 'cotton-swab') {
    parts.push('A cotton swab rests just inside the nostril.');
  } else if (step.hand === 'thumb' || step.hand === 'index' || step.hand === 'middle') {
    parts.push(`The ${handLabels[step.hand]!.toLowerCase()} enters the mouth, pad facing up, and reaches the ${place.toLowerCase()}.`);
  } else if (step.hand === 'tongue') {
    parts.push('The tongue presses up against the roof of the mouth.');
  }
  const action = actionLabels[step.action];
  if (action) {
    const arrows: Record<string, string> = {
      press: 'An arrow shows the direction of gentle pressure.',
      swallow: 'Arrows show the ring of muscle closing around the finger as you swallow.',
      'grip-and-flex': 'A curved arrow shows the pad gripping and flexing.',
      squeeze: 'Two arrows show finger and thumb squeezing towards each other.',
      circle: 'A round arrow shows small circles.',
      suction: 'Arrows show the tongue drawn up against the palate.',
      'insert-and-hold': 'An arrow shows the finger resting in place, held still.',
      locate: 'A dashed circle marks the place to find by touch.',
      breathe: 'A curved arrow shows the breath flowing in through the nose.',
      'lie-still': 'A curved arrow shows the breath flowing in through the nose.',
      walk: 'A curved arrow shows the breath flowing in through the nose.',
      'nostril-flare': 'Arrows show the nostrils widening.',
    };
    if (arrows[step.action]) parts.push(arrows[step.action]!);
  }
  return parts.join(' ');
}

// Invisible points where the proportions are measured (tests read them): the
// palate border, the uvula tip and the centre of the opening behind it.
function referencePoints(): string {
  const points: [string, Point][] = [
    ['palate-border', palateBorder],
    ['uvula-tip', uvulaTip],
    ['nasopharyngeal-opening', landmarks['nasopharyngeal-opening']!],
  ];
  return points.map(([name, [x, y]]) => `<circle data-point="${name}" cx="${x}" cy="${y}" r="0"/>`).join('');
}

let figureCount = 0;

// The SVG markup for a step (or the bare anatomy when `step` is null).
export function anatomySvg(step: StepFigure | null): string {
  const id = `fig-${++figureCount}`;
  const highlighted = new Set(step ? highlightParts[step.landmark] ?? [] : []);
  let drawing = base;
  for (const part of highlighted) {
    drawing = drawing.replaceAll(`data-part="${part}"`, `data-part="${part}" data-target="true"`);
  }
  const target = step ? landmarks[step.landmark] : undefined;
  const overlay = step
    ? `<g class="overlay" data-landmark="${step.landmark}" data-hand="${step.hand}" data-action="${step.action}">` +
      (step.hand === 'tongue' ? '' : handOverlay(step.hand, step.landmark)) +
      (target && step.landmark !== 'whole-face' ? `<circle class="target" cx="${target[0]}" cy="${target[1]}" r="6"/>` : '') +
      actionOverlay(step.action, step.landmark, target) +
      (step.landmark === 'whole-face' ? '<path class="face-glow" d="M80,70 C66,96 40,124 28,140 C24,148 30,156 40,158 C48,162 58,164 62,168 C60,178 54,188 54,196 C54,204 60,208 62,212 C56,216 52,222 54,230 C58,244 62,256 64,268"/>' : '') +
      '</g>'
    : '';
  const title = step ? `${step.title}: illustration` : 'The palate and the space behind the nose';
  const description = step ? describeFigure(step) : describeFigure({ id: '', title: '', landmark: 'none', hand: 'none', action: '' });
  const svg = `<svg class="anatomy" viewBox="0 0 400 330" role="img" aria-labelledby="${id}-t ${id}-d" data-step="${step?.id ?? ''}">
<title id="${id}-t">${title}</title><desc id="${id}-d">${description}</desc>
<defs>
  <marker id="ARROW" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 Z" class="arrowhead"/></marker>
  <marker id="ARROW-start" viewBox="0 0 10 10" refX="2" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 Z" class="arrowhead"/></marker>
  <marker id="ARROW-breath" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="5" markerHeight="5" orient="auto"><path d="M0,0 L10,5 L0,10 Z" class="arrowhead-breath"/></marker>
</defs>
${drawing}
${overlay}
<g class="labels" aria-hidden="true">${labelSvg()}</g>
<g class="reference-points" aria-hidden="true" data-px-per-cm="${kPxPerCm}">${referencePoints()}</g>
</svg>`;
  // Marker ids are per figure: a page shows many figures, and ids must be unique.
  return svg.replaceAll('ARROW', `${id}-arrow`);
}
