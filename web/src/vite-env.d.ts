// Vite's types for import.meta.env and CSS imports.
/// <reference types="vite/client" />
