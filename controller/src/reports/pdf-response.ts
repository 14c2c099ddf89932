/** Answers a request with a report document printed to PDF (pdf.ts), or the 503 that says why not. */
import type { Response } from "express";
import { HttpError } from "../errors.js";
import { PdfBusyError, type PdfPrinter, PdfUnavailableError } from "./pdf.js";

export async function sendPdf(
  res: Response,
  printer: PdfPrinter,
  html: string,
  fileName: string,
): Promise<void> {
  let pdf: Buffer;
  try {
    ({ pdf } = await printer.print(html));
  } catch (error) {
    if (error instanceof PdfUnavailableError) throw new HttpError(503, "pdf-unavailable", error.message);
    if (error instanceof PdfBusyError) {
      res.setHeader("Retry-After", "30");
      throw new HttpError(503, "busy", error.message);
    }
    throw error;
  }
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Content-Disposition", `attachment; filename="${fileName}.pdf"`);
  res.type("application/pdf").send(pdf);
}
