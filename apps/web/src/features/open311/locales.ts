/** Strings of the 12345 exchange page, merged into i18next by routes.tsx. */
const zhCN = {
  nav: { open311: '12345 对接' },
  open311: {
    title: '12345 热线对接',
    subtitle: '12345 系统通过 Open311 GeoReport v2 接口（{{base}}）与本区交换诉求；每个对接系统使用一个密钥',
    create: '新建密钥',
    name: '名称',
    namePlaceholder: '如：岳塘区 12345 热线',
    key: '密钥',
    createdBy: '创建人',
    createdAt: '创建时间',
    status: '状态',
    active: '有效',
    revoked: '已吊销 {{at}}',
    revoke: '吊销',
    revokeConfirm: '吊销“{{name}}”后，使用它的系统将立即无法提交诉求。确定吊销？',
    revokedDone: '已吊销',
    secretTitle: '请立即复制密钥',
    secretHint: '密钥只显示这一次，系统只保存它的摘要。把它交给 12345 系统的管理员，作为 api_key 参数使用。',
    copied: '已复制',
    empty: '还没有对接密钥',
  },
};

const en: typeof zhCN = {
  nav: { open311: '12345 exchange' },
  open311: {
    title: '12345 hotline exchange',
    subtitle:
      'The 12345 system exchanges cases with this district through Open311 GeoReport v2 ({{base}}); one key per system',
    create: 'New key',
    name: 'Name',
    namePlaceholder: 'e.g. Yuetang 12345 hotline',
    key: 'Key',
    createdBy: 'Created by',
    createdAt: 'Created',
    status: 'Status',
    active: 'Active',
    revoked: 'Revoked {{at}}',
    revoke: 'Revoke',
    revokeConfirm: 'Systems using “{{name}}” will be refused at once. Revoke it?',
    revokedDone: 'Revoked',
    secretTitle: 'Copy the key now',
    secretHint:
      'The key is shown only this once; only its digest is stored. Give it to the 12345 administrator as the api_key parameter.',
    copied: 'Copied',
    empty: 'No keys yet',
  },
};

export const open311Locales = { 'zh-CN': zhCN, en };
