// Noto Sans Khmer; Latin inside Khmer text falls back to Noto Sans.
import "@fontsource/noto-sans-khmer/400.css";
