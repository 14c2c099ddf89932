/** Vietnamese names for what a report lists: it goes to the province in Vietnamese. */
import { ALL_LANGUAGES } from "./build.js";

const LANGUAGES: Record<string, string> = {
  vi: "Tiếng Việt",
  en: "Tiếng Anh",
  "zh-Hans": "Tiếng Trung",
  lo: "Tiếng Lào",
  km: "Tiếng Khmer",
  [ALL_LANGUAGES]: "Mọi ngôn ngữ (thông báo khẩn)",
};

const PROGRAMS: Record<string, string> = {
  gate: "Nội dung của cửa khẩu",
  pack: "Nội dung mặc định của cửa khẩu",
  emergency: "Thông báo khẩn",
};

const CATEGORIES: Record<string, string> = {
  procedures: "Thủ tục xuất nhập cảnh",
  customs: "Hải quan",
  hours: "Giờ làm việc",
  emergency: "Liên hệ khẩn cấp",
  tourism: "Du lịch",
  investment: "Đầu tư",
  news: "Tin tức",
};

/** Why a screen skipped an item (contract/kiosk.ts SKIP_REASONS), as an operator would say it. */
const SKIP_REASONS: Record<string, string> = {
  "decode-error": "Video không giải mã được",
  unsupported: "Định dạng không phát được",
  network: "Không tải được",
  stalled: "Bị treo, đã bỏ qua",
  "missing-media": "Thiếu tệp",
};

/** A reason a newer player sends that this list lacks is shown as sent. */
export function skipReasonVi(reason: string): string {
  return SKIP_REASONS[reason] ?? reason;
}

export function languageVi(tag: string): string {
  return LANGUAGES[tag] ?? tag;
}

/** A program's name: the central's name when the report has it, else what the key stands for. */
export function programVi(key: string, label: string): string {
  if (PROGRAMS[key]) return PROGRAMS[key];
  return key.startsWith("central:") ? `Chương trình: ${label}` : label;
}

export function categoryVi(id: string): string {
  return CATEGORIES[id] ?? id;
}
