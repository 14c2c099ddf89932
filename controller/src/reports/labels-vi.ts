/** Vietnamese names for what a report lists: it goes to the province in Vietnamese. */
import type { ProvinceMetric } from "../contract/reports.js";
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

const METRICS: Record<ProvinceMetric, string> = {
  shown_hours: "Tổng số giờ hiển thị (ki-ốt, bảng LED, màn hình LED lớn)",
  shown_hours_kiosks: "Số giờ hiển thị trên ki-ốt",
  shown_hours_signs: "Số giờ hiển thị trên bảng LED",
  shown_hours_screens: "Số giờ hiển thị trên màn hình LED lớn",
  kiosk_sessions: "Số lượt khách sử dụng ki-ốt",
  kiosk_minutes: "Thời gian khách sử dụng ki-ốt (phút)",
  screen_skips: "Số lượt nội dung bị bỏ qua trên màn hình LED lớn",
  sign_hours_online: "Số giờ bảng LED hoạt động",
  sign_hours_offline: "Số giờ bảng LED mất kết nối",
  sign_uptime_percent: "Tỷ lệ hoạt động của bảng LED (%)",
  sign_outages: "Số lần bảng LED mất kết nối",
};

/** A province total's name in the report. */
export function metricVi(metric: ProvinceMetric): string {
  return METRICS[metric];
}
