import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { QueryState } from '../../../components/ui/query-state.tsx';
import { useCase } from '../api/use-cases.ts';
import { CaseView } from '../components/case-view.tsx';

/** One case: timeline, photos and the buttons of the actions the server allows me now. */
export default function CasePage() {
  const { caseId } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const query = useCase(caseId);
  return (
    <div className="gz-page" style={{ maxWidth: 880, margin: '0 auto', width: '100%' }}>
      <div>
        <Button
          type="link"
          icon={<ArrowLeftOutlined />}
          style={{ paddingInline: 0 }}
          onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/cases/inbox'))}
        >
          {t('cases.detail.back')}
        </Button>
      </div>
      <QueryState query={query} rows={8}>
        {(detail) => <CaseView detail={detail} />}
      </QueryState>
    </div>
  );
}
