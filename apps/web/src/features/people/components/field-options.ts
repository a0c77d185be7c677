/** Common values of the 花名册 text fields, offered as suggestions (the fields stay free text). */
export const RELATION_OPTIONS = [
  '户主',
  '配偶',
  '子',
  '女',
  '父亲',
  '母亲',
  '孙子',
  '孙女',
  '儿媳',
  '女婿',
  '兄弟姐妹',
  '其他',
];
export const ETHNICITY_OPTIONS = [
  '汉族',
  '回族',
  '满族',
  '壮族',
  '苗族',
  '土家族',
  '侗族',
  '瑶族',
  '蒙古族',
  '藏族',
  '维吾尔族',
];
export const POLITICAL_OPTIONS = ['中共党员', '中共预备党员', '共青团员', '民主党派', '群众'];
export const EDUCATION_OPTIONS = ['学龄前', '小学', '初中', '高中', '中专', '大专', '本科', '研究生'];

export function toOptions(values: string[]) {
  return values.map((value) => ({ value }));
}
