/**
 * Why a gate refused a central bundle or could not sync, in the console's words. The controller
 * records an English reason for its log (it names files, keys and versions); the console shows the
 * code's sentence in its reader's language, what it means and what to do, and keeps the English
 * reason as a smaller detail. One sentence per code of contract/central.ts (a code without one here
 * does not build); a code this console does not know (a newer controller) gets a general sentence.
 */
import type { RefusalCode } from "../../../controller/src/contract/central.js";
import { type ConsoleLang, refusalLabel, tr } from "./i18n.js";

export const REFUSAL_SENTENCE: Record<RefusalCode, Record<ConsoleLang, string>> = {
  malformed: {
    vi: "Gói không đọc được (sai định dạng) nên không được nhập. Hãy báo trung tâm tạo và ký lại gói.",
    en: "The bundle could not be read (wrong format), so it was not imported. Ask the central office to build and sign it again.",
  },
  "untrusted-key": {
    vi: "Gói được ký bằng một khóa không có trong danh sách khóa tin cậy của cửa khẩu nên không được nhập. Hãy báo trung tâm kiểm tra khóa ký, hoặc nhờ quản trị viên thêm khóa công khai của trung tâm vào cấu hình cửa khẩu.",
    en: "The bundle was signed with a key this gate does not trust, so it was not imported. Ask the central office to check its signing key, or an administrator to add the central's public key to the gate's site file.",
  },
  "revoked-key": {
    vi: "Gói được ký bằng một khóa đã bị thu hồi nên không được nhập. Trung tâm cần ký lại bằng khóa còn hiệu lực.",
    en: "The bundle was signed with a revoked key, so it was not imported. The central office must sign it again with a current key.",
  },
  "key-not-valid": {
    vi: "Khóa ký chưa có hoặc đã hết hiệu lực vào ngày ký gói nên gói không được nhập. Trung tâm cần ký lại bằng khóa còn hiệu lực.",
    en: "The signing key was not valid on the day the bundle was signed, so it was not imported. The central office must sign it again with a valid key.",
  },
  "bad-signature": {
    vi: "Chữ ký của gói không khớp với nội dung: gói có thể đã bị sửa trên đường truyền. Gói không được nhập; hãy báo trung tâm.",
    en: "The bundle's signature does not match its contents: it may have been altered on the way. It was not imported; tell the central office.",
  },
  "not-for-this-gate": {
    vi: "Gói này dành cho cửa khẩu khác nên không được nhập. Nếu cửa khẩu này cũng cần, trung tâm phải thêm cửa khẩu vào danh sách nhận.",
    en: "This bundle is meant for another gate, so it was not imported. If this gate needs it too, the central office must add it to the bundle's gates.",
  },
  expired: {
    vi: "Gói đã quá hạn hiệu lực nên không được nhập. Trung tâm cần phát hành lại chương trình với hạn mới.",
    en: "The bundle is past its validity, so it was not imported. The central office must publish the program again with a new date.",
  },
  replay: {
    vi: "Phiên bản này không mới hơn phiên bản cửa khẩu đang giữ (gói cũ hoặc gửi lại) nên không được nhập. Thường không cần làm gì.",
    en: "This version is not newer than the one the gate holds (an old copy, or one sent again), so it was not imported. Usually nothing needs doing.",
  },
  "missing-file": {
    vi: "Gói thiếu một tệp nên chưa được nhập. Cửa khẩu sẽ tự tải lại ở lần đồng bộ sau.",
    en: "A file of the bundle is missing, so it was not imported yet. The gate downloads it again at the next sync.",
  },
  truncated: {
    vi: "Một tệp tải về chưa trọn vẹn (đường truyền bị ngắt) nên gói chưa được nhập. Phần đã nhận được giữ lại: ở lần đồng bộ sau, cửa khẩu tải tiếp phần còn thiếu, không tải lại từ đầu.",
    en: "A file arrived cut short (the connection dropped), so the bundle was not imported yet. What arrived is kept: at the next sync the gate fetches the rest, not the whole file again.",
  },
  tampered: {
    vi: "Một tệp tải về không khớp mã kiểm tra (bị hỏng hoặc bị sửa) nên gói chưa được nhập. Cửa khẩu sẽ tự tải lại ở lần đồng bộ sau; nếu lỗi lặp lại, hãy báo trung tâm.",
    en: "A downloaded file does not match its checksum (damaged or altered), so the bundle was not imported yet. The gate downloads it again at the next sync; if it keeps happening, tell the central office.",
  },
  "invalid-content": {
    vi: "Nội dung chương trình trong gói không hợp lệ nên không được nhập. Hãy báo trung tâm kiểm tra và phát hành lại chương trình.",
    en: "The program in the bundle is not valid, so it was not imported. Ask the central office to check the program and publish it again.",
  },
  "disk-full": {
    vi: "Ổ đĩa của cửa khẩu đã đầy nên gói chưa được nhập. Hãy giải phóng dung lượng; cửa khẩu sẽ tự thử lại ở lần đồng bộ sau.",
    en: "The gate's disk is full, so the bundle was not imported yet. Free some space; the gate tries again at the next sync.",
  },
  "write-failed": {
    vi: "Cửa khẩu không ghi được tệp của gói xuống ổ đĩa nên gói chưa được nhập. Cửa khẩu sẽ tự thử lại ở lần đồng bộ sau; nếu lỗi lặp lại, hãy báo quản trị hệ thống.",
    en: "The gate could not write the bundle's files to disk, so it was not imported yet. The gate tries again at the next sync; if it keeps happening, tell the system administrator.",
  },
  "media-budget": {
    vi: "Chương trình cần nhiều dung lượng media hơn hạn mức còn lại, kể cả sau khi đã xoá các tệp không còn dùng, nên chưa được tải. Không tệp nào bị xoá. Hãy xoá bớt media không cần hoặc nâng storage.budgets.mediaMB; cửa khẩu sẽ tự thử lại ở lần đồng bộ sau.",
    en: "The program needs more media space than the budget leaves, even after removing files nothing uses, so it was not downloaded. Nothing was deleted. Remove media you do not need or raise storage.budgets.mediaMB; the gate tries again at the next sync.",
  },
  conflict: {
    vi: "Gói trùng với nội dung riêng của cửa khẩu mà danh sách phát hoặc lịch phát của cửa khẩu còn dùng nên không được nhập. Hãy bỏ nội dung đó khỏi danh sách, lịch phát của cửa khẩu hoặc báo trung tâm.",
    en: "The bundle clashes with the gate's own content, still used by one of its playlists or schedules, so it was not imported. Take that content out of the gate's playlists and schedules, or tell the central office.",
  },
};

const UNKNOWN_REFUSAL: Record<ConsoleLang, string> = {
  vi: "Gói không được nhập. Cửa khẩu vẫn phát nội dung đang có; chi tiết bên dưới.",
  en: "The bundle was not imported. The gate keeps showing what it has; the details are below.",
};

/** A code from the log, which may be one this console does not know yet (a newer controller). */
export function refusalSentence(lang: ConsoleLang, code: string | null | undefined): string {
  const known = code
    ? (REFUSAL_SENTENCE as Record<string, Record<ConsoleLang, string> | undefined>)[code]
    : undefined;
  return (known ?? UNKNOWN_REFUSAL)[lang];
}

/** A refusal as the console says it: its headline, its sentence, and the controller's reason (English). */
export function refusalText(
  lang: ConsoleLang,
  code: string | null | undefined,
  reason: string | null | undefined,
): { label: string; sentence: string; detail: string | null } {
  return { label: refusalLabel(lang, code), sentence: refusalSentence(lang, code), detail: reason || null };
}

/** How the gate words a poll that failed (gate-sync.ts): a prefix, then the cause. */
const FAILURES = {
  unreachable: "cannot reach the central: ",
  "list-refused": "the central's bundle list was refused: ",
} as const;

export type SyncFailureCode = keyof typeof FAILURES | "other";

const FAILURE_SENTENCE: Record<Exclude<SyncFailureCode, "unreachable">, Record<ConsoleLang, string>> = {
  "list-refused": {
    vi: "Máy chủ trung tâm gửi về danh sách gói không hợp lệ nên lần đồng bộ này bị bỏ qua. Cửa khẩu vẫn phát nội dung đang có và sẽ thử lại ở lần đồng bộ sau; nếu lỗi lặp lại, hãy báo trung tâm.",
    en: "The central sent a bundle list that is not valid, so this sync was skipped. The gate keeps showing what it has and tries again at the next sync; if it keeps happening, tell the central office.",
  },
  other: {
    vi: "Lần đồng bộ không thành công. Cửa khẩu vẫn phát nội dung đang có và sẽ thử lại ở lần đồng bộ sau.",
    en: "The sync did not succeed. The gate keeps showing what it has and tries again at the next sync.",
  },
};

/** The gate's last error (English, from gate-sync.ts) as a sentence, with the English as the detail. */
export function syncFailureText(
  lang: ConsoleLang,
  error: string,
): { code: SyncFailureCode; sentence: string; detail: string } {
  if (error.startsWith(FAILURES.unreachable)) {
    const cause = error.slice(FAILURES.unreachable.length);
    return { code: "unreachable", sentence: tr(lang, "syncUnreachable", { cause }), detail: error };
  }
  const code: SyncFailureCode = error.startsWith(FAILURES["list-refused"]) ? "list-refused" : "other";
  return { code, sentence: FAILURE_SENTENCE[code][lang], detail: error };
}
