/**
 * The audit log in words: what was done, to what, by whom, in the console's language. The log keeps
 * the controller's codes (`create`, `content-pack`, `cli:root`); a code this console does not know
 * yet (a newer controller) is shown as it is.
 */
import type { ConsoleLang } from "./i18n.js";

const ACTIONS: Record<ConsoleLang, Record<string, string>> = {
  vi: {
    login: "đăng nhập",
    logout: "đăng xuất",
    "second-factor-failed": "nhập sai mã xác thực",
    "use-recovery-code": "dùng mã khôi phục",
    "begin-second-factor": "bắt đầu thiết lập xác thực hai lớp",
    "enable-second-factor": "bật xác thực hai lớp",
    "reset-second-factor": "đặt lại xác thực hai lớp",
    create: "tạo mới",
    update: "sửa",
    delete: "xóa",
    draft: "lưu bản nháp",
    "draft-delete": "xóa (bản nháp)",
    discard: "hủy bản nháp",
    request: "gửi duyệt",
    publish: "xuất bản",
    reject: "từ chối",
    fail: "xuất bản thất bại",
    import: "nhập",
    refused: "từ chối nhận",
    extend: "gia hạn",
    "set-password": "đặt mật khẩu",
    upload: "tải lên",
    enrol: "ghép nối",
    "re-enrol": "ghép nối lại",
    revoke: "thu hồi",
    run: "chạy",
    dismiss: "ẩn thông báo",
  },
  en: {
    login: "logged in",
    logout: "logged out",
    "second-factor-failed": "wrong second-factor code",
    "use-recovery-code": "used a recovery code",
    "begin-second-factor": "began two-step login set-up",
    "enable-second-factor": "turned on two-step login",
    "reset-second-factor": "reset two-step login",
    create: "created",
    update: "changed",
    delete: "deleted",
    draft: "saved a draft",
    "draft-delete": "drafted a deletion",
    discard: "discarded a draft",
    request: "submitted for approval",
    publish: "published",
    reject: "rejected",
    fail: "publication failed",
    import: "imported",
    refused: "refused",
    extend: "extended",
    "set-password": "set the password",
    upload: "uploaded",
    enrol: "enrolled",
    "re-enrol": "re-enrolled",
    revoke: "revoked",
    run: "ran",
    dismiss: "dismissed the notice of",
  },
};

/** The entities the log names, in the order the filter offers them. */
export const AUDIT_ENTITIES = [
  "item",
  "playlist",
  "schedule",
  "publication",
  "version",
  "emergency",
  "user",
  "session",
  "kiosk",
  "media",
  "content-pack",
  "central-program",
  "central-bundle",
  "proof-file",
  "maintenance",
  "report-file",
] as const;
type AuditEntity = (typeof AUDIT_ENTITIES)[number];

const ENTITIES: Record<ConsoleLang, Record<AuditEntity, string>> = {
  vi: {
    item: "nội dung",
    playlist: "danh sách phát",
    schedule: "lịch phát",
    publication: "lượt xuất bản",
    version: "phiên bản nội dung",
    emergency: "thông báo khẩn cấp",
    user: "người dùng",
    session: "phiên đăng nhập",
    kiosk: "ki-ốt",
    media: "tệp ảnh/video",
    "content-pack": "gói nội dung mặc định",
    "central-program": "chương trình trung tâm",
    "central-bundle": "gói chương trình trung tâm",
    "proof-file": "tệp nhật ký phát",
    maintenance: "bảo trì",
    "report-file": "báo cáo 6 tháng",
  },
  en: {
    item: "item",
    playlist: "playlist",
    schedule: "schedule",
    publication: "publication",
    version: "content version",
    emergency: "emergency notice",
    user: "user",
    session: "session",
    kiosk: "kiosk",
    media: "image/video file",
    "content-pack": "default content pack",
    "central-program": "central program",
    "central-bundle": "central program bundle",
    "proof-file": "proof-of-play file",
    maintenance: "maintenance",
    "report-file": "six-monthly report",
  },
};

export function auditAction(action: string, lang: ConsoleLang): string {
  return Object.hasOwn(ACTIONS[lang], action) ? (ACTIONS[lang][action] as string) : action;
}

export function auditEntity(entity: string, lang: ConsoleLang): string {
  return Object.hasOwn(ENTITIES[lang], entity) ? ENTITIES[lang][entity as AuditEntity] : entity;
}

const ACTOR_WORDS: Record<ConsoleLang, { system: string; central: string; cli: string; osUser: string }> = {
  vi: {
    system: "hệ thống",
    central: "văn phòng trung tâm",
    cli: "dòng lệnh",
    osUser: "người dùng hệ thống",
  },
  en: { system: "system", central: "central office", cli: "command line", osUser: "OS user" },
};

/**
 * Who did it: a console user by their name; the controller itself (`system`: the default content at
 * the first start, each new content version), the central office's bundles (`central`), and the
 * command line at the gate PC with the OS account that ran it (`cli:root`) in words. `names` maps a
 * username to a display name, when the console knows one.
 */
export function auditActor(
  actor: string,
  lang: ConsoleLang,
  names: ReadonlyMap<string, string> = new Map(),
): { text: string; kind: "user" | "system" | "central" | "cli" } {
  const w = ACTOR_WORDS[lang];
  if (actor === "system") return { text: w.system, kind: "system" };
  if (actor === "central") return { text: w.central, kind: "central" };
  if (actor === "cli") return { text: w.cli, kind: "cli" };
  if (actor.startsWith("cli:")) return { text: `${w.cli} (${w.osUser}: ${actor.slice(4)})`, kind: "cli" };
  return { text: names.get(actor) ?? actor, kind: "user" };
}
