/**
 * The UI's own words (content comes translated from the controller). One catalogue, checked by the
 * compiler: a message missing a language, or a key that does not exist, does not build.
 */
import type { Lang, Localized } from "../../../controller/src/contract/content.js";
import type { KioskCategoryId } from "../../../controller/src/contract/kiosk.js";

type Catalogue<K extends string> = Record<K, Record<Lang, string>>;

/** Each language by its own name: a traveler looks for the name they read, not for a flag. */
export const LANGUAGE_NAMES: Record<Lang, string> = {
  vi: "Tiếng Việt",
  en: "English",
  "zh-Hans": "中文",
  lo: "ພາສາລາວ",
  km: "ភាសាខ្មែរ",
};

/** Exported for the text checks (test/unit/content-text.test.ts). */
export const MESSAGES = {
  touchToStart: {
    vi: "Chạm để bắt đầu",
    en: "Touch to start",
    "zh-Hans": "触摸开始",
    lo: "ແຕະເພື່ອເລີ່ມ",
    km: "ប៉ះដើម្បីចាប់ផ្ដើម",
  },
  chooseLanguage: {
    vi: "Chọn ngôn ngữ",
    en: "Choose your language",
    "zh-Hans": "请选择语言",
    lo: "ເລືອກພາສາ",
    km: "សូមជ្រើសរើសភាសា",
  },
  chooseTopic: {
    vi: "Quý khách muốn tìm hiểu thông tin gì?",
    en: "What would you like to know?",
    "zh-Hans": "您想了解什么？",
    lo: "ທ່ານຕ້ອງການຮູ້ຫຍັງ?",
    km: "តើលោកអ្នកចង់ដឹងអំពីអ្វី?",
  },
  back: { vi: "Quay lại", en: "Back", "zh-Hans": "返回", lo: "ກັບຄືນ", km: "ត្រឡប់ក្រោយ" },
  home: { vi: "Trang đầu", en: "Home", "zh-Hans": "首页", lo: "ໜ້າຫຼັກ", km: "ទំព័រដើម" },
  language: { vi: "Ngôn ngữ", en: "Language", "zh-Hans": "语言", lo: "ພາສາ", km: "ភាសា" },
  largeText: { vi: "Chữ lớn", en: "Large text", "zh-Hans": "大字体", lo: "ຕົວໜັງສືໃຫຍ່", km: "អក្សរធំ" },
  moreBelow: {
    vi: "Kéo xuống để xem thêm",
    en: "Scroll down for more",
    "zh-Hans": "向下滑动查看更多",
    lo: "ເລື່ອນລົງເພື່ອເບິ່ງຕື່ມ",
    km: "អូសចុះក្រោមដើម្បីមើលបន្ថែម",
  },
  emergencyNotice: {
    vi: "Thông báo khẩn cấp",
    en: "Emergency notice",
    "zh-Hans": "紧急通知",
    lo: "ແຈ້ງການສຸກເສີນ",
    km: "សេចក្ដីជូនដំណឹងសង្គ្រោះបន្ទាន់",
  },
  vietnamTime: {
    vi: "Giờ Việt Nam",
    en: "Viet Nam time",
    "zh-Hans": "越南时间",
    lo: "ເວລາຫວຽດນາມ",
    km: "ម៉ោងវៀតណាម",
  },
  beijingTime: {
    vi: "Giờ Bắc Kinh",
    en: "Beijing time",
    "zh-Hans": "北京时间",
    lo: "ເວລາປັກກິ່ງ",
    km: "ម៉ោងប៉េកាំង",
  },
  pairingCode: {
    vi: "Mã ghép nối ki-ốt",
    en: "Kiosk pairing code",
    "zh-Hans": "终端配对码",
    lo: "ລະຫັດຈັບຄູ່ຕູ້",
    km: "លេខកូដផ្គូផ្គងគីយ៉ូស",
  },
  offline: {
    vi: "Mất kết nối với máy chủ",
    en: "Lost connection to the server",
    "zh-Hans": "未连接服务器",
    lo: "ບໍ່ມີການເຊື່ອມຕໍ່",
    km: "គ្មានការតភ្ជាប់",
  },
  // "Take it with you" (gc-take-away.ts): the button, the panel's instruction, a cut page, closing.
  takeAway: {
    vi: "Mang theo bằng điện thoại",
    en: "Take it with you",
    "zh-Hans": "用手机带走本页",
    lo: "ເອົາໄປນຳດ້ວຍໂທລະສັບ",
    km: "យកទៅជាមួយតាមទូរស័ព្ទ",
  },
  takeAwayScanText: {
    vi: "Quét mã bằng camera điện thoại, không cần mạng Internet",
    en: "Scan the code with your phone's camera, no internet needed",
    "zh-Hans": "用手机相机扫描二维码，无需联网",
    lo: "ສະແກນລະຫັດດ້ວຍກ້ອງໂທລະສັບ, ບໍ່ຕ້ອງໃຊ້ອິນເຕີເນັດ",
    km: "ស្កេនកូដដោយកាមេរ៉ាទូរស័ព្ទ ដោយមិនត្រូវការអ៊ីនធឺណិត",
  },
  takeAwayScanUrl: {
    vi: "Quét mã bằng camera điện thoại để mở trang này trên mạng",
    en: "Scan the code with your phone's camera to open this page online",
    "zh-Hans": "用手机相机扫描二维码，在线打开本页",
    lo: "ສະແກນລະຫັດດ້ວຍກ້ອງໂທລະສັບ ເພື່ອເປີດໜ້ານີ້ທາງອອນລາຍ",
    km: "ស្កេនកូដដោយកាមេរ៉ាទូរស័ព្ទ ដើម្បីបើកទំព័រនេះតាមអ៊ីនធឺណិត",
  },
  takeAwayShortened: {
    vi: "Trang này dài nên mã chỉ chứa phần đầu. Phần còn lại xin xem trên màn hình.",
    en: "This page is long: the code holds its beginning. Read the rest on the screen.",
    "zh-Hans": "本页较长，二维码只包含开头部分，其余内容请在屏幕上阅读。",
    lo: "ໜ້ານີ້ຍາວ, ລະຫັດມີແຕ່ສ່ວນຕົ້ນ. ກະລຸນາອ່ານສ່ວນທີ່ເຫຼືອຢູ່ໜ້າຈໍ.",
    km: "ទំព័រនេះវែង កូដមានតែផ្នែកដំបូងប៉ុណ្ណោះ។ សូមអានផ្នែកដែលនៅសល់នៅលើអេក្រង់។",
  },
  close: { vi: "Đóng", en: "Close", "zh-Hans": "关闭", lo: "ປິດ", km: "បិទ" },
} satisfies Catalogue<string>;

export type MessageKey = keyof typeof MESSAGES;

export const CATEGORY_NAMES: Catalogue<KioskCategoryId> = {
  procedures: {
    vi: "Thủ tục xuất nhập cảnh",
    en: "Crossing procedures",
    "zh-Hans": "出入境手续",
    lo: "ຂັ້ນຕອນຜ່ານແດນ",
    km: "នីតិវិធីឆ្លងដែន",
  },
  customs: { vi: "Hải quan", en: "Customs", "zh-Hans": "海关", lo: "ພາສີ", km: "គយ" },
  hours: {
    vi: "Giờ làm việc",
    en: "Opening hours",
    "zh-Hans": "开放时间",
    lo: "ເວລາເປີດ-ປິດ",
    km: "ម៉ោងធ្វើការ",
  },
  emergency: {
    vi: "Liên hệ khẩn cấp",
    en: "Emergency contacts",
    "zh-Hans": "紧急联系方式",
    lo: "ເບີໂທສຸກເສີນ",
    km: "លេខទូរស័ព្ទសង្គ្រោះបន្ទាន់",
  },
  tourism: { vi: "Du lịch", en: "Tourism", "zh-Hans": "旅游", lo: "ການທ່ອງທ່ຽວ", km: "ទេសចរណ៍" },
  investment: { vi: "Đầu tư", en: "Investment", "zh-Hans": "投资", lo: "ການລົງທຶນ", km: "ការវិនិយោគ" },
  news: { vi: "Tin tức", en: "News", "zh-Hans": "新闻", lo: "ຂ່າວສານ", km: "ព័ត៌មាន" },
};

export function t(key: MessageKey, lang: Lang): string {
  return MESSAGES[key][lang];
}

export function categoryName(id: KioskCategoryId, lang: Lang): string {
  return CATEGORY_NAMES[id][lang];
}

/** A text and the language it is really in, for the element's `lang` (and so its font). */
export interface LangText {
  text: string;
  lang: Lang;
}

/**
 * The text in `lang`, else in the first of `fallback` that has it (the gate's languages, Vietnamese
 * first), else any. The answer carries the language found, so a fallback is still shaped and spoken
 * as what it is.
 */
export function textIn(text: Localized, lang: Lang, fallback: readonly Lang[] = []): LangText {
  for (const candidate of [lang, ...fallback]) {
    const value = text[candidate];
    if (value) return { text: value, lang: candidate };
  }
  for (const [candidate, value] of Object.entries(text) as [Lang, string | undefined][]) {
    if (value) return { text: value, lang: candidate };
  }
  return { text: "", lang };
}

/** Plain text to paragraphs: a blank line separates two; single line breaks stay inside one. */
export function paragraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n+/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

/** Every word the UI itself can show in `lang` (for loading its fonts ahead). */
export function uiText(lang: Lang): string {
  const messages = Object.values(MESSAGES).map((m) => m[lang]);
  const categories = Object.values(CATEGORY_NAMES).map((c) => c[lang]);
  return [...messages, ...categories, LANGUAGE_NAMES[lang]].join(" ");
}
