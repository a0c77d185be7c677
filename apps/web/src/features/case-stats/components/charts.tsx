import type { CaseDashboard } from '@gongzhi/contract/case-stats';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import ReactEChartsCore from 'echarts-for-react/esm/core';
import { useTranslation } from 'react-i18next';

echarts.use([
  BarChart,
  LineChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  CanvasRenderer,
]);

type Child = CaseDashboard['children'][number];

/** Cases per child as bars and its composite score as a line; clicking a bar goes down to that child. */
export function ChildrenChart({ rows, onDrill }: { rows: Child[]; onDrill: (child: Child) => void }) {
  const { t } = useTranslation();
  const option = {
    grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.name),
      axisLabel: { interval: 0, rotate: rows.length > 8 ? 30 : 0, width: 90, overflow: 'truncate' },
    },
    yAxis: [
      { type: 'value', name: t('caseStats.received'), minInterval: 1 },
      { type: 'value', name: t('caseStats.compositeScore'), max: 100, splitLine: { show: false } },
    ],
    series: [
      {
        name: t('caseStats.received'),
        type: 'bar',
        barMaxWidth: 28,
        data: rows.map((r) => r.stats.received),
        cursor: 'pointer',
      },
      {
        name: t('caseStats.compositeScore'),
        type: 'line',
        yAxisIndex: 1,
        data: rows.map((r) => r.stats.compositeScore),
        connectNulls: false,
      },
    ],
  };
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      style={{ height: 300 }}
      notMerge
      onEvents={{
        click: (p: { dataIndex: number; componentType: string }) => {
          const row = rows[p.dataIndex];
          if (row && p.componentType === 'series') onDrill(row);
        },
      }}
    />
  );
}

export function PieCard({ data }: { data: { name: string; value: number }[] }) {
  const option = {
    tooltip: { trigger: 'item', formatter: '{b}: {c}（{d}%）' },
    series: [
      {
        type: 'pie',
        radius: ['40%', '70%'],
        data: data.filter((d) => d.value > 0),
        label: { formatter: '{b}\n{c}' },
      },
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height: 240 }} notMerge />;
}

export function CategoryChart({ rows }: { rows: CaseDashboard['byCategory'] }) {
  const top = rows.slice(0, 15);
  const option = {
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: top.map((r) => r.name), inverse: true },
    series: [
      {
        type: 'bar',
        barMaxWidth: 18,
        data: top.map((r) => r.count),
        label: { show: true, position: 'right' },
      },
    ],
  };
  return (
    <ReactEChartsCore
      echarts={echarts}
      option={option}
      style={{ height: Math.max(160, top.length * 26 + 24) }}
      notMerge
    />
  );
}

export function TrendChart({ rows }: { rows: CaseDashboard['trend'] }) {
  const { t } = useTranslation();
  const option = {
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    xAxis: { type: 'category', data: rows.map((r) => r.month) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('caseStats.received'), type: 'line', data: rows.map((r) => r.received), smooth: true },
      { name: t('caseStats.closed'), type: 'line', data: rows.map((r) => r.closed), smooth: true },
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} style={{ height: 240 }} notMerge />;
}
