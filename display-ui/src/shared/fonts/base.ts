// Noto Sans for Vietnamese and English (Latin, Latin Extended, Vietnamese subsets), always loaded.
import "@fontsource/noto-sans/400.css";
