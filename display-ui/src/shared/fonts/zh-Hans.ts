// Noto Sans SC (400 and 700: see fontSubsets in vite.config.ts), split by fontsource into ~100 unicode-range files: a page downloads only those its text uses.
import "@fontsource/noto-sans-sc/400.css";
