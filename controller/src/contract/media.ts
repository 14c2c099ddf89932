/** Images and videos in the content-addressed store, as `/media` lists them (the name is the SHA-256). */
export interface StoredMedia {
  sha256: string;
  /** The type the controller read from the file's content, never the uploader's claim. */
  mime: string;
  size: number;
  originalName: string | null;
  createdAt: string;
}
