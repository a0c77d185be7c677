import type { Rng } from './prng.ts';

/** Common surnames in tiers of rough frequency (most frequent first), so generated rosters look ordinary. */
const SURNAME_TIERS: readonly (readonly [number, readonly string[]])[] = [
  [70, [...'王李']],
  [60, [...'张刘陈']],
  [25, [...'杨黄赵吴周']],
  [12, [...'徐孙马朱胡郭何高林罗']],
  [7, [...'郑梁谢宋唐许韩冯邓曹']],
  [5, [...'彭曾肖田董袁潘蒋蔡余杜叶程']],
  [3, [...'苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏']],
  [1.5, [...'韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万严戴莫孔向汤阳']],
  [0.5, ['欧阳', '司马', '诸葛']],
];
const SURNAMES = SURNAME_TIERS.flatMap(([weight, names]) => names.map((name) => [name, weight] as const));

const MALE_CHARS = [
  ...'伟强军平刚明辉建国华志勇文斌杰涛超波海峰磊鹏俊宇浩然德福才成林祥东兵新亮荣长宏庆春生友贵永胜发良树山松林义博',
];
const FEMALE_CHARS = [
  ...'芳娟敏静丽艳霞秀英华兰玲萍红梅琳娜雪燕婷慧倩颖洁莉琴云凤桂珍淑玉月红丹欣怡佳悦雨晴瑶思彤媛',
];

export function surname(rng: Rng): string {
  return rng.weighted(SURNAMES);
}

export function givenName(rng: Rng, gender: 'male' | 'female'): string {
  const pool = gender === 'male' ? MALE_CHARS : FEMALE_CHARS;
  const first = rng.pick(pool);
  if (rng.chance(0.22)) return first;
  let second = rng.pick(pool);
  while (second === first && rng.chance(0.8)) second = rng.pick(pool);
  return first + second;
}

export function personName(rng: Rng, gender: 'male' | 'female', family?: string): string {
  return (family ?? surname(rng)) + givenName(rng, gender);
}
