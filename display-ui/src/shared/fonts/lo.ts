// Noto Sans Lao (unlooped, the modern sign style); Latin inside Lao text falls back to Noto Sans.
import "@fontsource/noto-sans-lao/400.css";
