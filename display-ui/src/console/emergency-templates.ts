/**
 * Emergency notices written ahead, in all five screen languages, so an operator under pressure picks
 * one, checks the times and sends it: nobody translates into Lao or Khmer in the minute that counts.
 * Each LED text is short: a sign must show it without a long scroll.
 */
import type { Lang } from "../../../controller/src/contract/content.js";
import type { MessageKey } from "./i18n.js";

export interface NoticeTexts {
  title: Record<Lang, string>;
  body: Record<Lang, string>;
  ledText: Record<Lang, string>;
}

export interface NoticeTemplate extends NoticeTexts {
  id: "gate-closed" | "weather" | "health";
  /** The template's name in the console (its title in the operator's language). */
  label: MessageKey;
}

export const TEMPLATES: readonly NoticeTemplate[] = [
  {
    id: "gate-closed",
    label: "tplGateClosed",
    title: {
      vi: "Cửa khẩu tạm đóng",
      en: "Border gate temporarily closed",
      "zh-Hans": "口岸暂时关闭",
      lo: "ດ່ານປິດຊົ່ວຄາວ",
      km: "ច្រកទ្វារបិទជាបណ្ដោះអាសន្ន",
    },
    body: {
      vi: "Cửa khẩu tạm thời ngừng làm thủ tục xuất nhập cảnh. Xin quý khách vui lòng chờ thông báo tiếp theo và làm theo hướng dẫn của cán bộ Biên phòng.",
      en: "Immigration clearance at this border gate is temporarily suspended. Please wait for further announcements and follow the instructions of the Border Guard officers.",
      "zh-Hans": "本口岸暂停办理出入境手续。请耐心等待进一步通知，并听从边防工作人员的指引。",
      lo: "ດ່ານນີ້ໂຈະການບໍລິການເຂົ້າ-ອອກເມືອງຊົ່ວຄາວ. ກະລຸນາລໍຖ້າການແຈ້ງການຕໍ່ໄປ ແລະ ປະຕິບັດຕາມຄຳແນະນຳຂອງເຈົ້າໜ້າທີ່ປ້ອງກັນຊາຍແດນ.",
      km: "ច្រកទ្វារនេះផ្អាកការឆ្លងដែនជាបណ្ដោះអាសន្ន។ សូមរង់ចាំការជូនដំណឹងបន្ថែម និងអនុវត្តតាមការណែនាំរបស់មន្ត្រីការពារព្រំដែន។",
    },
    ledText: {
      vi: "Cửa khẩu tạm đóng",
      en: "Gate temporarily closed",
      "zh-Hans": "口岸暂时关闭",
      lo: "ດ່ານປິດຊົ່ວຄາວ",
      km: "ច្រកទ្វារបិទបណ្ដោះអាសន្ន",
    },
  },
  {
    id: "weather",
    label: "tplWeather",
    title: {
      vi: "Cảnh báo thời tiết nguy hiểm",
      en: "Dangerous weather warning",
      "zh-Hans": "危险天气预警",
      lo: "ແຈ້ງເຕືອນສະພາບອາກາດອັນຕະລາຍ",
      km: "ការព្រមានអំពីអាកាសធាតុគ្រោះថ្នាក់",
    },
    body: {
      vi: "Đang có mưa lớn, lũ quét hoặc sạt lở đất trong khu vực. Xin quý khách hạn chế di chuyển, không đi qua vùng ngập nước và làm theo hướng dẫn của lực lượng chức năng.",
      en: "Heavy rain, flash floods or landslides are occurring in the area. Please limit travel, do not cross flooded roads, and follow the instructions of the authorities.",
      "zh-Hans":
        "本地区正出现强降雨、山洪或山体滑坡。请尽量减少出行，不要涉水通过积水路段，并听从有关部门的指引。",
      lo: "ພື້ນທີ່ນີ້ມີຝົນຕົກໜັກ, ນ້ຳຖ້ວມ ຫຼື ດິນເຈື່ອນ. ກະລຸນາຫຼີກລ່ຽງການເດີນທາງ, ຢ່າຂ້າມເສັ້ນທາງທີ່ມີນ້ຳຖ້ວມ ແລະ ປະຕິບັດຕາມຄຳແນະນຳຂອງເຈົ້າໜ້າທີ່.",
      km: "តំបន់នេះកំពុងមានភ្លៀងធ្លាក់ខ្លាំង ទឹកជំនន់ ឬការបាក់ដី។ សូមកាត់បន្ថយការធ្វើដំណើរ កុំឆ្លងកាត់ផ្លូវដែលលិចទឹក និងអនុវត្តតាមការណែនាំរបស់អាជ្ញាធរ។",
    },
    ledText: {
      vi: "Cảnh báo thời tiết nguy hiểm",
      en: "Dangerous weather warning",
      "zh-Hans": "危险天气预警",
      lo: "ເຕືອນໄພສະພາບອາກາດ",
      km: "ព្រមានអាកាសធាតុគ្រោះថ្នាក់",
    },
  },
  {
    id: "health",
    label: "tplHealth",
    title: {
      vi: "Kiểm dịch y tế",
      en: "Health control in place",
      "zh-Hans": "卫生检疫",
      lo: "ການກວດກາສຸຂະພາບ",
      km: "ការត្រួតពិនិត្យសុខភាព",
    },
    body: {
      vi: "Cửa khẩu đang áp dụng biện pháp kiểm dịch y tế. Xin quý khách đeo khẩu trang, khai báo y tế và làm theo hướng dẫn của nhân viên kiểm dịch. Quý khách có triệu chứng sốt, ho hoặc khó thở xin báo ngay cho nhân viên.",
      en: "Health quarantine measures are in force at this border gate. Please wear a face mask, complete the health declaration and follow the instructions of the quarantine staff. If you have a fever, a cough or difficulty breathing, tell the staff at once.",
      "zh-Hans":
        "本口岸正在实施卫生检疫措施。请佩戴口罩，填写健康申报，并听从检疫人员的指引。如有发热、咳嗽或呼吸困难等症状，请立即告知工作人员。",
      lo: "ດ່ານນີ້ກຳລັງນຳໃຊ້ມາດຕະການກວດກາສຸຂະພາບ. ກະລຸນາໃສ່ຜ້າອັດປາກ, ແຈ້ງຂໍ້ມູນສຸຂະພາບ ແລະ ປະຕິບັດຕາມຄຳແນະນຳຂອງເຈົ້າໜ້າທີ່. ຖ້າທ່ານມີອາການໄຂ້, ໄອ ຫຼື ຫາຍໃຈຍາກ ກະລຸນາແຈ້ງເຈົ້າໜ້າທີ່ທັນທີ.",
      km: "ច្រកទ្វារនេះកំពុងអនុវត្តវិធានការត្រួតពិនិត្យសុខភាព។ សូមពាក់ម៉ាស់ បំពេញការប្រកាសសុខភាព និងអនុវត្តតាមការណែនាំរបស់មន្ត្រីសុខាភិបាល។ ប្រសិនបើអ្នកមានគ្រុនក្ដៅ ក្អក ឬពិបាកដកដង្ហើម សូមជូនដំណឹងដល់មន្ត្រីភ្លាមៗ។",
    },
    ledText: {
      vi: "Kiểm dịch y tế – xin đeo khẩu trang",
      en: "Health control – please wear a mask",
      "zh-Hans": "卫生检疫 请佩戴口罩",
      lo: "ກວດກາສຸຂະພາບ - ກະລຸນາໃສ່ຜ້າອັດປາກ",
      km: "ត្រួតពិនិត្យសុខភាព សូមពាក់ម៉ាស់",
    },
  },
];
