import { CASE_LIMITS } from '@gongzhi/contract/cases';
import { ImageUploader, type ImageUploadItem } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../components/ui/query-state.tsx';
import { uploadPhoto } from '../api/use-cases.ts';
import { PHOTO_TYPES, PhotoTooLargeError, photoProblem, shrinkPhoto } from '../lib/photos.ts';
import '../cases.css';

/** An uploaded photo: the local preview and the attachment id the server gave it. */
export type PhotoItem = ImageUploadItem & { extra: { attachmentId: string } };

export function attachmentIds(items: PhotoItem[]): string[] {
  return items.map((item) => item.extra.attachmentId);
}

/**
 * Up to 9 photos from the camera or album, each uploaded as soon as it is picked. Anything but a JPEG/PNG/WebP
 * image is refused with a message naming the file, shown under the photos until the next pick (a toast would
 * vanish before an elderly user has read it); large photos are shrunk on the phone first.
 */
export function PhotoUploader({
  value,
  onChange,
  onBusyChange,
  cellSize = 80,
}: {
  value: PhotoItem[];
  onChange: (items: PhotoItem[]) => void;
  onBusyChange?: (isBusy: boolean) => void;
  cellSize?: number;
}) {
  const { t } = useTranslation();
  const [problems, setProblems] = useState<string[]>([]);
  const say = (content: string) => setProblems((previous) => [...previous, content]);
  return (
    <div>
      <ImageUploader
        value={value}
        onChange={(items) => onChange(items as PhotoItem[])}
        accept={PHOTO_TYPES.join(',')}
        multiple
        maxCount={CASE_LIMITS.attachmentsMax}
        onCountExceed={(exceed) => say(t('cases.photo.tooMany', { max: CASE_LIMITS.attachmentsMax, exceed }))}
        onUploadQueueChange={(tasks) => onBusyChange?.(tasks.some((task) => task.status === 'pending'))}
        showFailed={false}
        // Its preview opens through antd-mobile's imperative render, which React 19 lacks here.
        preview={false}
        style={{ '--cell-size': `${cellSize}px` }}
        beforeUpload={async (file, files) => {
          if (file === files[0]) setProblems([]);
          if (photoProblem(file)) {
            say(t('cases.photo.notImage', { name: file.name }));
            return null;
          }
          try {
            return await shrinkPhoto(file);
          } catch (error) {
            if (error instanceof PhotoTooLargeError)
              say(
                t('cases.photo.tooLarge', { name: file.name, mb: CASE_LIMITS.attachmentBytesMax / 1048576 }),
              );
            else say(errorMessage(error));
            return null;
          }
        }}
        upload={async (file) => {
          try {
            const attachment = await uploadPhoto(file);
            return { url: URL.createObjectURL(file), extra: { attachmentId: attachment.id } };
          } catch (error) {
            say(t('cases.photo.failed', { name: file.name, reason: errorMessage(error) }));
            throw error;
          }
        }}
        onDelete={(item) => {
          if (item.url.startsWith('blob:')) URL.revokeObjectURL(item.url);
          return true;
        }}
      />
      {problems.map((problem) => (
        <div key={problem} className="gz-case-error" role="alert">
          {problem}
        </div>
      ))}
    </div>
  );
}
