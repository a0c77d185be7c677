import ExcelJS from 'exceljs';
import { makeIdNumber } from '../../apps/server/src/modules/people/id-number.ts';

export interface Place {
  area: string;
  group: string;
  estate: string;
  building: string;
}

/** Household sizes: 8 households, 20 residents. */
const SIZES = [3, 3, 2, 3, 2, 3, 2, 2];
const SURNAMES = ['李', '王', '张', '刘', '陈', '杨', '赵', '黄'];
const GIVEN = ['建国', '秀英', '小明', '桂兰', '志强', '丽华', '海峰', '春梅', '国庆', '玉珍'];
const RELATIONS = ['户主', '配偶', '子'];

export interface FilledRoster {
  rows: number;
  households: number;
  idNumbers: string[];
}

/**
 * Fills the downloaded 居民花名册 template by header name (row 1 = headers, row 2 = hints, data from row 3), so
 * the journey follows the template the server really serves.
 */
export async function fillResidentsTemplate(
  templatePath: string,
  outPath: string,
  place: Place,
): Promise<FilledRoster> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(templatePath);
  const sheet = workbook.worksheets.find((s) => s.state !== 'hidden' && !s.name.startsWith('_'));
  if (!sheet) throw new Error('模板中没有数据表');
  const columns = new Map<string, number>();
  sheet.getRow(1).eachCell((cell, col) => columns.set(String(cell.value ?? '').trim(), col));
  const col = (header: string) => {
    const found = columns.get(header);
    if (!found) throw new Error(`模板缺少列“${header}”，现有：${[...columns.keys()].join('、')}`);
    return found;
  };

  const idNumbers: string[] = [];
  let rowNo = 3;
  let seq = 1;
  SIZES.forEach((size, h) => {
    const householdNo = `WLD-${String(h + 1).padStart(3, '0')}`;
    for (let m = 0; m < size; m++) {
      const isMale = m !== 1;
      const year = m === 2 ? 1990 + h : 1950 + h * 2;
      // Odd sequence = male, even = female (GB 11643).
      const sequence = isMale ? seq * 2 + 1 : seq * 2;
      seq++;
      const id = makeIdNumber('430304', `${year}-0${(m % 9) + 1}-1${h}`, sequence);
      idNumbers.push(id);
      const row = sheet.getRow(rowNo++);
      const set = (header: string, value: string) => {
        const cell = row.getCell(col(header));
        cell.numFmt = '@';
        cell.value = value;
      };
      set('序号', String(idNumbers.length));
      set('片区/网格', place.area);
      set('居民小组', place.group);
      set('小区', place.estate);
      set('楼栋', place.building);
      set('单元', '1单元');
      set('房号', `${Math.floor(h / 2) + 1}0${(h % 2) + 1}`);
      set('户编号', householdNo);
      set('与户主关系', RELATIONS[m] ?? '其他');
      set('姓名', `${SURNAMES[h]}${GIVEN[(h + m) % GIVEN.length]}`);
      set('性别', isMale ? '男' : '女');
      set('公民身份号码', id);
      set('联系电话', `139${String(10000000 + h * 100 + m).slice(0, 8)}`);
      row.commit();
    }
  });
  await workbook.xlsx.writeFile(outPath);
  return { rows: idNumbers.length, households: SIZES.length, idNumbers };
}
