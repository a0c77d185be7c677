import { CASE_LIMITS } from '@gongzhi/contract/cases';

/** What the server stores; HEIC and other formats are refused there, so they are refused here first. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** Photos above this are re-encoded on the phone: quicker on a weak signal, and under the server's limit. */
const SHRINK_ABOVE_BYTES = 2 * 1024 * 1024;
const MAX_EDGE = 2048;

export type PhotoProblem = 'notImage' | 'tooLarge';

/** Why a picked file cannot be sent as a case photo, or null when it can. */
export function photoProblem(file: File): PhotoProblem | null {
  if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) return 'notImage';
  return null;
}

/** A JPEG no larger than MAX_EDGE on its long side; small files and undecodable ones are returned as they are. */
export async function shrinkPhoto(file: File): Promise<File> {
  if (file.size <= SHRINK_ABOVE_BYTES || typeof createImageBitmap !== 'function') return checkSize(file);
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    if (!blob || blob.size >= file.size) return checkSize(file);
    return new File([blob], `${file.name.replace(/\.[^.]+$/, '')}.jpg`, { type: 'image/jpeg' });
  } catch {
    return checkSize(file);
  }
}

function checkSize(file: File): File {
  if (file.size > CASE_LIMITS.attachmentBytesMax) throw new PhotoTooLargeError();
  return file;
}

export class PhotoTooLargeError extends Error {
  constructor() {
    super('photo too large');
    this.name = 'PhotoTooLargeError';
  }
}
