/**
 * The site file's `report:` section: who issues the administrative document a report is exported as
 * (PDF), in the layout of Decree 30/2020/NĐ-CP. Every field is optional; `documentSettings` fills the
 * gaps from the rest of the site file, so a gate or a central office without it still gets a proper
 * heading.
 */
import { z } from "zod";

const line = (max: number) => z.string().trim().min(1).max(max);

export const reportDocumentSchema = z.strictObject({
  /** The issuing office, top left in capitals (e.g. "VĂN PHÒNG TRUNG TÂM HÀ TĨNH"); default: the site's name. */
  office: line(120).optional(),
  /** The body above it (e.g. "UBND TỈNH HÀ TĨNH"); absent: the office stands alone. */
  parentBody: line(120).optional(),
  /** What follows the number: "Số: …/BC-TTĐN". The number itself is left for the clerk to fill in. */
  numberSuffix: z
    .string()
    .regex(/^[\p{Lu}\d][\p{Lu}\d-]{0,39}$/u, "expected capitals, digits and hyphens, such as BC-TTĐN")
    .default("BC"),
  /** The place on the date line ("Hà Tĩnh, ngày … tháng … năm …"); default: the province's name. */
  place: line(60).optional(),
  /** The signature block: the signer's title (e.g. "GIÁM ĐỐC") and name; absent: left to be filled in. */
  signer: z
    .strictObject({
      title: line(120),
      /** e.g. "KT. GIÁM ĐỐC" above the title when a deputy signs. */
      authority: line(60).optional(),
      name: line(80).optional(),
    })
    .optional(),
  /** "Nơi nhận:" lines; default: the province's People's Committee and the office's archive. */
  recipients: z.array(line(160)).min(1).max(20).optional(),
});

export type ReportDocumentConfig = z.infer<typeof reportDocumentSchema>;
