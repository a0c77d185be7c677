import { CloudDownloadOutlined, CloudUploadOutlined } from '@ant-design/icons';
import { lazy } from 'react';
import type { AppRoute } from '../../app/app-route.ts';
import { i18n } from '../../lib/i18n.ts';
import { ledgersLocales } from './locales.ts';

for (const [language, bundle] of Object.entries(ledgersLocales))
  i18n.addResourceBundle(language, 'translation', bundle, true, false);

const ImportPage = lazy(() => import('./pages/import-page.tsx'));
const ExportPage = lazy(() => import('./pages/export-page.tsx'));

export const ledgersRoutes: AppRoute[] = [
  {
    path: 'ledgers/import',
    element: <ImportPage />,
    label: 'nav.ledgerImport',
    icon: <CloudUploadOutlined />,
    permission: 'registry.import',
  },
  {
    path: 'ledgers/export',
    element: <ExportPage />,
    label: 'nav.ledgerExport',
    icon: <CloudDownloadOutlined />,
    permission: 'registry.export',
  },
];
