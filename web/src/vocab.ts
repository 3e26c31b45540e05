// Plain-language labels for the spellings the API returns (the same words as
// src/practice/vocabulary.cpp). Safety content (the hygiene checklist, the
// reminders, what may start) comes from the API, never from here.

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
