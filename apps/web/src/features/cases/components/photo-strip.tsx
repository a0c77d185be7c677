import type { CaseAttachment } from '@gongzhi/contract/cases';
import { Image } from 'antd';

/** Thumbnails that open full size; the server serves each only to those who may see the case. */
export function PhotoStrip({ photos, size = 88 }: { photos: CaseAttachment[]; size?: number }) {
  if (photos.length === 0) return null;
  return (
    <Image.PreviewGroup>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
        {photos.map((p) => (
          <Image
            key={p.id}
            src={p.url}
            alt={p.fileName}
            width={size}
            height={size}
            style={{ objectFit: 'cover', borderRadius: 6, background: '#f0f0f0' }}
          />
        ))}
      </div>
    </Image.PreviewGroup>
  );
}
