import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useTranslation } from 'react-i18next';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export interface ChildCoverage {
  name: string;
  percentage: number;
  linked: number;
  total: number;
}

/** One bar per child node: where the linkage gaps are. */
export function CoverageChart({ rows }: { rows: ChildCoverage[] }) {
  const { t } = useTranslation();
  const option = {
    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      formatter: (params: { dataIndex: number }[]) => {
        const row = rows[params[0]?.dataIndex ?? 0];
        return row
          ? `${row.name}<br/>${t('org.coverage.tooltip', { pct: row.percentage, linked: row.linked, total: row.total })}`
          : '';
      },
    },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: {
      type: 'category',
      data: rows.map((r) => r.name),
      inverse: true,
      axisLabel: { width: 120, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 22,
        data: rows.map((r) => ({
          value: r.percentage,
          itemStyle: { color: r.percentage >= 100 ? '#52c41a' : r.percentage >= 80 ? '#faad14' : '#c0392b' },
        })),
        label: { show: true, position: 'right', formatter: '{c}%' },
      },
    ],
  };
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      style={{ height: Math.max(160, rows.length * 36 + 40) }}
      notMerge
    />
  );
}
