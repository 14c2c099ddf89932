/**
 * The controller's refusals in the console's words. The API answers `{code, message}` with an English
 * message for logs and scripts; the console shows the code's sentence in its reader's language, one
 * per code of contract/errors.ts (a code without one here does not build), and keeps the English
 * message as a detail where it names something the sentence cannot (which field, which id). A code
 * this console does not know (a newer controller) gets a general sentence and the English message.
 */
import { PASSWORD_PROBLEMS } from "../../../controller/src/contract/accounts.js";
import type {
  ClientErrorCode,
  ErrorCode,
  PasswordErrorCode,
} from "../../../controller/src/contract/errors.js";
import { type ConsoleLang, PASSWORD_PROBLEM_LABEL, tr } from "./i18n.js";

type Code = ErrorCode | ClientErrorCode;

function passwordTexts(lang: ConsoleLang): Record<PasswordErrorCode, string> {
  return Object.fromEntries(
    PASSWORD_PROBLEMS.map((p) => [`password-${p}`, tr(lang, PASSWORD_PROBLEM_LABEL[p])]),
  ) as Record<PasswordErrorCode, string>;
}

const VI: Record<Code, string> = {
  invalid: "Dữ liệu chưa hợp lệ.",
  "bad-json": "Yêu cầu gửi lên bị hỏng. Hãy tải lại trang rồi thử lại.",
  "bad-request": "Máy chủ không hiểu yêu cầu này. Hãy tải lại trang rồi thử lại.",
  "too-large": "Dữ liệu gửi lên quá lớn.",
  "not-found": "Không tìm thấy. Có thể đã bị xóa hoặc đã hết hạn; hãy tải lại trang.",
  conflict: "Thao tác không thực hiện được vì dữ liệu đã thay đổi hoặc đã tồn tại.",
  "read-only": "Nội dung này đến từ chương trình trung tâm nên chỉ xem được, không sửa được ở cửa khẩu.",
  unauthenticated: "Phiên làm việc đã hết. Vui lòng đăng nhập lại.",
  forbidden: "Tài khoản của bạn không có quyền thực hiện thao tác này.",
  csrf: "Phiên làm việc không còn khớp với trang này. Hãy tải lại trang rồi thử lại.",
  "second-factor-required":
    "Bạn cần thiết lập xác thực hai lớp trước (mục Tài khoản / Bảo mật) rồi mới dùng được chức năng này.",
  "bad-credentials": tr("vi", "loginBadCredentials"),
  "rate-limited": "Thử sai quá nhiều lần. Vui lòng chờ một lát rồi thử lại.",
  "login-expired": tr("vi", "loginExpired"),
  "bad-code": tr("vi", "loginBadCode"),
  "already-enrolled": "Tài khoản đã bật xác thực hai lớp rồi.",
  "not-enrolling":
    "Chưa bắt đầu thiết lập xác thực hai lớp, hoặc lượt thiết lập đã hết hạn. Hãy bắt đầu lại.",
  "last-admin": "Đây là quản trị viên cuối cùng còn hoạt động. Hãy cấp quyền quản trị cho người khác trước.",
  ...passwordTexts("vi"),
  "registry-full": "Đã đạt số ki-ốt tối đa. Hãy thu hồi ki-ốt không còn dùng rồi thử lại.",
  unrenderable: "Không dựng được hình cho bảng LED từ nội dung này.",
  "unsupported-media":
    "Định dạng tệp này không được hỗ trợ. Hãy dùng ảnh JPEG, PNG, WebP hoặc video MP4, WebM.",
  "media-budget": "Dung lượng dành cho ảnh và video đã dùng hết. Hãy xóa bớt tệp không dùng.",
  "unplayable-video":
    "Video bị hỏng hoặc chưa tải lên đủ nên không phát được. Hãy kiểm tra tệp gốc rồi tải lên lại.",
  "invalid-subtitles":
    "Tệp phụ đề không đúng định dạng WebVTT (.vtt). Hãy sửa dòng được chỉ ra rồi tải lên lại.",
  "media-tools-missing":
    "Máy chủ chưa cài ffmpeg nên chưa kiểm tra được video. Hãy nhờ quản trị hệ thống cài ffmpeg; ảnh vẫn tải lên được.",
  "pdf-unavailable":
    "Máy chủ chưa cài Chromium nên chưa xuất được báo cáo ra PDF. Hãy nhờ quản trị hệ thống cài Chromium; trang in và tệp CSV vẫn dùng được.",
  "no-signing-key": tr("vi", "noSigningKey"),
  "no-central": "Cửa khẩu chưa cấu hình máy chủ trung tâm: chỉ nhập được chương trình từ USB.",
  "too-many-attempts": "Thử quá nhiều lần. Vui lòng chờ một lát rồi thử lại.",
  "disk-low": "Ổ dữ liệu sắp đầy nên máy chủ tạm không nhận dữ liệu mới. Nội dung vẫn phát bình thường.",
  busy: "Máy chủ đang bận với một tác vụ khác. Vui lòng thử lại sau giây lát.",
  "ui-not-built": "Giao diện chưa được dựng trên máy chủ này.",
  "kiosk-browser": "Không mở được bảng điều khiển hay đăng nhập từ trình duyệt của ki-ốt.",
  "console-not-allowed": "Bảng điều khiển chỉ mở được từ mạng của cán bộ vận hành (CONSOLE_ALLOW).",
  internal: "Máy chủ gặp lỗi nội bộ. Hãy thử lại; nếu vẫn lỗi, báo cho quản trị hệ thống.",
  unreachable: tr("vi", "unreachable"),
  http: "Máy chủ trả lời bất thường. Hãy thử lại sau.",
};

const EN: Record<Code, string> = {
  invalid: "Some of the data is not valid.",
  "bad-json": "The request was damaged on the way. Reload the page and try again.",
  "bad-request": "The controller did not understand the request. Reload the page and try again.",
  "too-large": "What was sent is too large.",
  "not-found": "Not found. It may have been deleted or have expired; reload the page.",
  conflict: "This could not be done: the data has changed or already exists.",
  "read-only": "This comes from a central program: it can be viewed, not changed, at the gate.",
  unauthenticated: "Your session has ended. Please log in again.",
  forbidden: "Your account may not do this.",
  csrf: "The session no longer matches this page. Reload the page and try again.",
  "second-factor-required": "Set up two-step login first (Account / Security) to use this.",
  "bad-credentials": tr("en", "loginBadCredentials"),
  "rate-limited": "Too many failed attempts. Please wait a moment and try again.",
  "login-expired": tr("en", "loginExpired"),
  "bad-code": tr("en", "loginBadCode"),
  "already-enrolled": "Two-step login is already on for this account.",
  "not-enrolling": "Two-step login set-up was not started, or it expired. Start again.",
  "last-admin": "This is the last active administrator. Make someone else an administrator first.",
  ...passwordTexts("en"),
  "registry-full": "The gate has as many kiosks as it may. Revoke one no longer used and try again.",
  unrenderable: "This text cannot be drawn for the LED sign.",
  "unsupported-media":
    "This file type is not supported. Use a JPEG, PNG or WebP image, or an MP4 or WebM video.",
  "media-budget": "The space for images and videos is used up. Delete files no longer used.",
  "unplayable-video":
    "The video is damaged or incomplete, so it cannot play. Check the original and upload it again.",
  "invalid-subtitles":
    "The subtitle file is not valid WebVTT (.vtt). Fix the line named and upload it again.",
  "media-tools-missing":
    "ffmpeg is not installed on the controller, so videos cannot be checked. Ask the administrator to install it; images still upload.",
  "pdf-unavailable":
    "Chromium is not installed on the controller, so the report cannot be made into a PDF. Ask the administrator to install it; the printable page and the CSV still work.",
  "no-signing-key": tr("en", "noSigningKey"),
  "no-central": "This gate has no central server configured: programs can only be imported from USB.",
  "too-many-attempts": "Too many attempts. Please wait a moment and try again.",
  "disk-low":
    "The data disk is nearly full, so the controller refuses new data for now. Content keeps playing.",
  busy: "The controller is busy with another task. Please try again in a moment.",
  "ui-not-built": "The user interface is not built on this controller.",
  "kiosk-browser": "The console and the login cannot be opened from a kiosk's browser.",
  "console-not-allowed": "The console opens only from the operators' networks (CONSOLE_ALLOW).",
  internal: "The controller met an internal error. Try again; if it persists, tell the system administrator.",
  unreachable: tr("en", "unreachable"),
  http: "The controller gave an unexpected answer. Try again later.",
};

export const ERROR_TEXT: Record<ConsoleLang, Record<Code, string>> = { vi: VI, en: EN };

const UNKNOWN: Record<ConsoleLang, string> = {
  vi: "Máy chủ từ chối thao tác này. Chi tiết (tiếng Anh) ở dòng dưới.",
  en: "The controller refused this.",
};

/**
 * Codes whose sentence says all there is: the English message would only repeat it. For the others
 * the message names the field, the id or the limit at fault, and is kept as the detail. A choice among
 * contract/errors.ts's codes, not a second list: typed by them, so a misspelt one does not build.
 */
const SELF_CONTAINED: ReadonlySet<string> = new Set<Code>([
  "unauthenticated",
  "forbidden",
  "csrf",
  "second-factor-required",
  "kiosk-browser",
  "console-not-allowed",
  "bad-credentials",
  "rate-limited",
  "login-expired",
  "bad-code",
  "already-enrolled",
  "not-enrolling",
  "no-signing-key",
  "no-central",
  "busy",
  "internal",
  "bad-json",
  "too-large",
  "unreachable",
  ...PASSWORD_PROBLEMS.map((p) => `password-${p}` as const),
]);

export interface ErrorText {
  /** The sentence in the reader's language. */
  text: string;
  /** The controller's own (English) words, when they add something; shown smaller, `lang="en"`. */
  detail?: string;
}

export function isKnownCode(code: string): code is Code {
  return Object.hasOwn(VI, code);
}

/** The API's error as the console shows it, in `lang`. */
export function errorText(error: { code: string; message: string }, lang: ConsoleLang): ErrorText {
  const english = error.message.trim();
  if (!isKnownCode(error.code)) return { text: UNKNOWN[lang], ...(english ? { detail: english } : {}) };
  const text = ERROR_TEXT[lang][error.code];
  // In English the controller's message is already the reader's language: it is the better text.
  if (lang === "en" && english && !SELF_CONTAINED.has(error.code)) return { text: english };
  if (SELF_CONTAINED.has(error.code) || !english) return { text };
  return { text, detail: english };
}
