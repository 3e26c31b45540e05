// Plain-language labels for the spellings the API returns (the same words as
// src/practice/vocabulary.cpp), and the hygiene checklist the terminal asks.

export const landmarkLabels: Record<string, string> = {
  'hard-palate': 'Hard palate',
  'palate-border': 'Hard/soft palate border',
  'soft-palate-edge': 'Free edge of the soft palate',
  uvula: 'Uvula',
  'nasopharyngeal-opening': 'Opening into the nasopharynx',
  'sphincter-inferior': 'Sphincter, lower part',
  'sphincter-superior': 'Sphincter, upper lip',
  'nasopharynx-walls': 'Walls of the nasopharynx',
  'nasopharynx-ceiling': 'Ceiling of the nasopharynx',
  'tonsil-pillars': 'Tonsil pillars',
  nostril: 'Nostril',
  'tongue-to-palate': 'Tongue against the palate',
  'whole-face': 'Whole face',
  none: 'No particular place',
};

export const handLabels: Record<string, string> = {
  thumb: 'Thumb',
  index: 'Index finger',
  middle: 'Middle finger',
  'index+thumb': 'Index finger and thumb',
  tongue: 'Tongue',
  'cotton-swab': 'Cotton swab',
  none: 'Hands free',
};

export const actionLabels: Record<string, string> = {
  locate: 'Locate',
  'insert-and-hold': 'Insert and hold',
  swallow: 'Swallow',
  press: 'Press',
  'grip-and-flex': 'Grip and flex',
  squeeze: 'Squeeze',
  circle: 'Small circles',
  suction: 'Suction',
  'lie-still': 'Lie still',
  'nostril-flare': 'Flare the nostrils',
  walk: 'Walk',
  breathe: 'Breathe',
};

export const sensationLabels: Record<string, string> = {
  soreness: 'Soreness, like a sore throat',
  itching: 'Itching',
  scratching: 'Scratching',
  gagging: 'Gagging',
  'watering-eyes': 'Watering eyes',
  'ear-popping': 'Ears popping or clearing',
  salivation: 'More saliva',
  'light-headedness': 'Light-headedness',
  crackling: 'Crackling',
  'tingling-eyes': 'Tingling around the eyes',
  shivers: 'Shivers',
  'headache-easing': 'Headache easing',
  'mucus-draining': 'Mucus draining',
  'clear-headedness': 'Clear-headedness',
  'yawn-release': 'A deep, yawn-like release',
  'sharp-pain': 'Sharp or stabbing pain',
  cramping: 'Cramping',
};

export const regionLabels: Record<string, string> = {
  'soft-palate': 'Soft palate',
  nasopharynx: 'Behind the nose',
  throat: 'Throat',
  nose: 'Nose',
  'face-jaw': 'Face and jaw',
  ears: 'Ears',
};

export const regions = Object.keys(regionLabels);

export interface ChecklistQuestion {
  item: string;
  question: string;
  ifNo: string;
  blocks: boolean;
  alwaysFine?: boolean;
}

// The same questions, order and consequences as the terminal's checklist
// (src/cli/session_runner.cpp): a "no" to the nails or the hands stops the start.
export const checklistQuestions: ChecklistQuestion[] = [
  {
    item: 'nails-short',
    question: 'Are your nails clipped short?',
    ifNo:
      'A nail that reaches past the fingertip digs into the soft palate when the knuckle bends and causes sharp, stabbing pain. Please clip it short first, then start again.',
    blocks: true,
  },
  {
    item: 'hands-clean',
    question: 'Are your hands freshly washed?',
    ifNo: 'Your finger goes deep into your throat, so wash your hands with soap first, then start again.',
    blocks: true,
  },
  {
    item: 'glove-optional',
    question: 'Glove on, or bare clean fingers? Either is fine.',
    ifNo: '',
    blocks: false,
    alwaysFine: true,
  },
  {
    item: 'cloth',
    question: 'Is a cloth or towel within reach for saliva?',
    ifNo: 'Saliva comes freely during the work; keep a cloth close if you can.',
    blocks: false,
  },
  {
    item: 'water',
    question: 'Have you had some water to drink today?',
    ifNo: 'A glass of water first helps: a dry throat cramps more easily.',
    blocks: false,
  },
  {
    item: 'sit-upright',
    question: 'Are you sitting upright?',
    ifNo: 'Please sit upright for the work inside your mouth; never lie on your back with a finger in.',
    blocks: false,
  },
  {
    item: 'warm-bath',
    question: 'Are you in (or just out of) the warm bath?',
    ifNo: 'This routine is meant for the warm bath; it also works afterwards while you are still warm.',
    blocks: false,
  },
];

// The reminders the terminal shows before a routine starts (practice::session_reminders).
export const postureReminder =
  'Sit upright for the work inside your mouth, and never lie on your back while your finger is in.';
export const warmBathReminder =
  'In the warm bath, breathe without holding your breath: warm water together with breath holds can make you faint.';
