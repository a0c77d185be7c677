import type { FieldCrypto } from '../../platform/crypto.ts';
import {
  type CellValue,
  type ColumnSpec,
  cellDate,
  cellText,
  isLostDigits,
  type RowIssue,
} from '../../platform/spreadsheet/index.ts';
import { prepareResident, type ResidentInput, type ResidentValues } from '../people/resident-record.ts';

/** The 居民花名册 (research/domain.md §9), limited to the columns our tables hold. */
export const RESIDENT_COLUMNS = [
  { key: 'seq', header: '序号', width: 6 },
  {
    key: 'area',
    header: '片区/网格',
    aliases: ['片区', '网格', '所属网格', '所属片区'],
    hint: '名称或编码，须已建好',
    width: 14,
  },
  { key: 'group', header: '居民小组', aliases: ['小组', '村民小组'], hint: '名称或编码，可留空', width: 12 },
  {
    key: 'estate',
    header: '小区',
    aliases: ['小区名称', '小区/自然村'],
    hint: '名称或编码，可留空',
    width: 14,
  },
  {
    key: 'building',
    header: '楼栋',
    aliases: ['楼栋号', '楼号', '幢'],
    hint: '名称或编码，须已建好',
    width: 10,
  },
  { key: 'unit', header: '单元', aliases: ['单元号'], hint: '可留空，导入时自动建立', width: 8 },
  {
    key: 'room',
    header: '房号',
    aliases: ['房间号', '门牌号', '室号'],
    hint: '可留空，导入时自动建立',
    isText: true,
    width: 8,
  },
  {
    key: 'householdNo',
    header: '户编号',
    aliases: ['户号'],
    isRequired: true,
    hint: '同户填写相同编号，设置为文本',
    isText: true,
    width: 14,
  },
  {
    key: 'relation',
    header: '与户主关系',
    aliases: ['关系', '与户主的关系'],
    isRequired: true,
    hint: '户主/配偶/子/女/父母/其他',
    width: 10,
  },
  { key: 'name', header: '姓名', isRequired: true, width: 10 },
  { key: 'gender', header: '性别', hint: '男/女，可留空', width: 6 },
  {
    key: 'idNumber',
    header: '公民身份号码',
    aliases: ['身份证号', '身份证号码', '证件号码'],
    isRequired: true,
    hint: '18 位，设置为文本',
    isText: true,
    width: 22,
  },
  { key: 'birthDate', header: '出生日期', hint: 'yyyy-mm-dd，可留空', isText: true, width: 12 },
  { key: 'ethnicity', header: '民族', width: 8 },
  { key: 'political', header: '政治面貌', width: 10 },
  { key: 'education', header: '文化程度', width: 10 },
  {
    key: 'phone',
    header: '联系电话',
    aliases: ['电话', '手机', '手机号码', '联系方式'],
    hint: '11 位手机号，设置为文本',
    isText: true,
    width: 14,
  },
  {
    key: 'residenceType',
    header: '人口类型',
    aliases: ['户籍类型'],
    hint: '户籍/常住/流动/人户分离',
    width: 10,
  },
  { key: 'residenceStatus', header: '居住状态', hint: '在住/外出/迁出/死亡', width: 10 },
  { key: 'tags', header: '标签', hint: '多个用；分隔，如 空巢老人；高龄', width: 18 },
  { key: 'note', header: '备注', width: 20 },
  { key: 'dataSource', header: '数据来源', width: 12 },
] as const satisfies readonly ColumnSpec[];

export type ResidentColumn = (typeof RESIDENT_COLUMNS)[number]['key'];
export const RESIDENT_HEADER = Object.fromEntries(RESIDENT_COLUMNS.map((c) => [c.key, c.header])) as Record<
  ResidentColumn,
  string
>;

export const RESIDENCE_TYPES = {
  户籍: 'registered',
  常住: 'permanent',
  流动: 'migrant',
  人户分离: 'separated',
} as const;
export const RESIDENCE_TYPE_LABELS = {
  registered: '户籍',
  permanent: '常住',
  migrant: '流动',
  separated: '人户分离',
} as const;
const STATUS: Record<string, 'active' | 'moved_out' | 'deceased'> = {
  在住: 'active',
  居住: 'active',
  正常: 'active',
  外出: 'active',
  迁出: 'moved_out',
  已迁出: 'moved_out',
  死亡: 'deceased',
  已故: 'deceased',
};
export const STATUS_LABELS = { active: '在住', moved_out: '迁出', deceased: '死亡' } as const;
const GENDERS = { 男: 'male', 女: 'female', 未知: 'unknown' } as const;
export const GENDER_LABELS = { male: '男', female: '女', unknown: '未知' } as const;
const HEAD = new Set(['户主', '本人']);

export const NUMBER_CELL_MESSAGE =
  '该单元格是数字格式，身份证号已丢失末几位，请将此列设置为文本格式后重新填写';

export interface TagDef {
  code: string;
  nameZh: string;
  isSensitive: boolean;
}

/** Where the household lives, as typed: matched against the territory tree by the importer. */
export interface RowLocation {
  area: string | null;
  group: string | null;
  estate: string | null;
  building: string | null;
  unit: string | null;
  room: string | null;
}

export interface MappedResident {
  householdNo: string;
  isHead: boolean;
  location: RowLocation;
  values: ResidentValues;
  status: 'active' | 'moved_out' | 'deceased';
  tagCodes: string[];
}

const LIMITS: Partial<Record<ResidentColumn, number>> = {
  area: 100,
  group: 100,
  estate: 100,
  building: 100,
  unit: 20,
  room: 20,
  householdNo: 40,
  dataSource: 50,
  tags: 200,
};

const INPUT_COLUMN: Partial<Record<keyof ResidentInput, ResidentColumn>> = {
  name: 'name',
  idNumber: 'idNumber',
  gender: 'gender',
  birthDate: 'birthDate',
  phone: 'phone',
  relationToHead: 'relation',
  ethnicity: 'ethnicity',
  politicalStatus: 'political',
  education: 'education',
  residenceType: 'residenceType',
  note: 'note',
  dataSource: 'dataSource',
};

/**
 * One roster row → the values stored, or row-level issues naming the column. Pure: territory, duplicate and
 * database checks are the importer's.
 */
export function mapResidentRow(
  rowNo: number,
  values: CellValue[],
  columns: ReadonlyMap<ResidentColumn, number>,
  ctx: { crypto: FieldCrypto; tags: ReadonlyMap<string, TagDef>; today?: Date },
): { ok: true; row: MappedResident } | { ok: false; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const raw = (key: ResidentColumn) => {
    const col = columns.get(key);
    return col === undefined ? undefined : values[col];
  };
  const issue = (key: ResidentColumn, message: string) =>
    issues.push({ rowNo, column: RESIDENT_HEADER[key], message, severity: 'error' });
  const text = (key: ResidentColumn) => {
    const t = cellText(raw(key));
    const max = LIMITS[key];
    if (t && max && [...t].length > max) {
      issue(key, `不能超过 ${max} 个字`);
      return null;
    }
    return t;
  };

  let idNumber: string | null = null;
  if (isLostDigits(raw('idNumber'))) issue('idNumber', NUMBER_CELL_MESSAGE);
  else idNumber = text('idNumber');

  const genderText = text('gender');
  const gender = genderText ? GENDERS[genderText as keyof typeof GENDERS] : null;
  if (genderText && !gender) issue('gender', `性别应为“男”或“女”，不是“${genderText}”`);

  const birth = cellDate(raw('birthDate'));
  if (!birth.ok) issue('birthDate', '出生日期格式应为 yyyy-mm-dd');

  const typeText = text('residenceType');
  const residenceType = typeText ? RESIDENCE_TYPES[typeText as keyof typeof RESIDENCE_TYPES] : null;
  if (typeText && !residenceType)
    issue('residenceType', `人口类型应为 户籍/常住/流动/人户分离 之一，不是“${typeText}”`);

  const statusText = text('residenceStatus');
  const status = statusText ? STATUS[statusText] : 'active';
  if (!status) issue('residenceStatus', `居住状态应为 在住/外出/迁出/死亡 之一，不是“${statusText}”`);

  const tagCodes: string[] = [];
  for (const name of (text('tags') ?? '').split(/[;；,，、\s]+/).filter(Boolean)) {
    const tag = ctx.tags.get(name);
    if (!tag) issue('tags', `没有名为“${name}”的标签`);
    else if (tag.isSensitive)
      issue('tags', `“${name}”是敏感标签，须记录合法依据，请导入后在居民档案中单独登记`);
    else if (!tagCodes.includes(tag.code)) tagCodes.push(tag.code);
  }

  const householdNo = text('householdNo');
  if (!householdNo) issue('householdNo', '户编号不能为空');
  const relation = text('relation');
  if (!relation) issue('relation', '与户主关系不能为空');

  const location: RowLocation = {
    area: text('area'),
    group: text('group'),
    estate: text('estate'),
    building: text('building'),
    unit: text('unit'),
    room: text('room'),
  };
  const phoneCell = raw('phone');
  const prepared = prepareResident(
    {
      name: text('name') ?? '',
      idNumber,
      gender,
      birthDate: birth.ok ? birth.date : null,
      phone: typeof phoneCell === 'number' ? cellText(phoneCell) : text('phone'),
      relationToHead: relation,
      ethnicity: cellText(raw('ethnicity')),
      politicalStatus: cellText(raw('political')),
      education: cellText(raw('education')),
      residenceType,
      note: cellText(raw('note')),
      dataSource: text('dataSource') ?? '花名册导入',
    },
    ctx.crypto,
    ctx.today,
  );
  if (!prepared.ok) {
    for (const [field, message] of Object.entries(prepared.errors))
      issue(INPUT_COLUMN[field as keyof ResidentInput] ?? 'name', message);
  }
  if (issues.length > 0 || !prepared.ok) return { ok: false, issues };
  return {
    ok: true,
    row: {
      householdNo: householdNo!,
      isHead: HEAD.has(relation!),
      location,
      values: prepared.values,
      status: status!,
      tagCodes,
    },
  };
}
