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
