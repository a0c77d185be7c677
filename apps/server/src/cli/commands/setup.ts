import { parseArgs } from 'node:util';
import { CompleteSetupBodySchema } from '@gongzhi/contract/setup';
import {
  createFirstAdmin,
  isSetupDone,
  type SetupInput,
  searchDivisions,
} from '../../modules/setup/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { CliEnv } from '../cli-env.ts';
import { createPrompter, type Prompter } from '../prompt.ts';

const FIELD_LABELS: Record<keyof SetupInput, string> = {
  username: '用户名',
  displayName: '姓名',
  password: '密码',
  communityCode: '社区',
};

/**
 * `gongzhi setup [--username U --display-name N --password P --community CODE|名称]`: the first administrator
 * and her community. Asks in Chinese for whatever the flags leave out; with every flag given it asks nothing.
 */
export async function run(args: string[], env: CliEnv): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      username: { type: 'string' },
      'display-name': { type: 'string' },
      password: { type: 'string' },
      community: { type: 'string' },
    },
  });
  const { db } = env.deps;
  await env.deps.divisionsReady;
  if (await isSetupDone(db)) {
    env.err.write('系统已完成首次设置，请直接登录。\n');
    return 1;
  }
  const prompter = createPrompter(env.in ?? process.stdin, env.out);
  try {
    const draft = {
      username:
        values.username ??
        (await askUntil(env, prompter, '管理员用户名（字母、数字）：', (v) => check('username', v))),
      displayName:
        values['display-name'] ?? (await askUntil(env, prompter, '姓名：', (v) => check('displayName', v))),
      password: values.password ?? (await askPassword(env, prompter)),
      communityCode: await chooseCommunity(env, prompter, values.community),
    };
    const parsed = CompleteSetupBodySchema.safeParse(draft);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        env.err.write(`${FIELD_LABELS[issue.path[0] as keyof SetupInput] ?? ''}：${issue.message}\n`);
      return 2;
    }
    const { districtId } = await createFirstAdmin(db, parsed.data);
    const district = await db
      .selectFrom('district')
      .select('fullName')
      .where('id', '=', districtId)
      .executeTakeFirstOrThrow();
    env.out.write(
      `已创建管理员 ${parsed.data.displayName}（${parsed.data.username}），区县：${district.fullName}。\n现在运行 npm start，在浏览器中登录。\n`,
    );
    return 0;
  } catch (err) {
    if (err instanceof AppError || err instanceof InputEnded) {
      env.err.write(`${err.message}\n`);
      return err instanceof InputEnded ? 2 : 1;
    }
    throw err;
  } finally {
    prompter.close();
  }
}

class InputEnded extends Error {
  constructor() {
    super('输入已结束，设置未完成');
  }
}

/** The schema's message for one field, or null when the value is fine. */
function check(field: 'username' | 'displayName' | 'password', value: string): string | null {
  const result = CompleteSetupBodySchema.shape[field].safeParse(value);
  return result.success ? null : (result.error.issues[0]?.message ?? '格式不正确');
}

async function askUntil(
  env: CliEnv,
  prompter: Prompter,
  question: string,
  problem: (v: string) => string | null,
  hidden = false,
): Promise<string> {
  for (;;) {
    const answer = hidden ? await prompter.askHidden(question) : await prompter.ask(question);
    if (prompter.ended && answer === '') throw new InputEnded();
    const message = problem(answer);
    if (!message) return answer;
    env.out.write(`${message}\n`);
  }
}

async function askPassword(env: CliEnv, prompter: Prompter): Promise<string> {
  for (;;) {
    const first = await askUntil(env, prompter, '密码：', (v) => check('password', v), true);
    const second = await prompter.askHidden('再输入一次密码：');
    if (first === second) return first;
    if (prompter.ended) throw new InputEnded();
    env.out.write('两次输入的密码不一致，请重新输入。\n');
  }
}

/** A 12-digit code is taken as it is; a name is searched among communities and villages and picked by number. */
async function chooseCommunity(env: CliEnv, prompter: Prompter, given: string | undefined): Promise<string> {
  if (given && /^\d{12}$/.test(given)) return given;
  let query = given;
  for (;;) {
    query ??= await prompter.ask('所在社区或村的名称（如 五里堆）：');
    if (prompter.ended && !query) throw new InputEnded();
    const matches = query ? await searchDivisions(env.deps.db, query, 5, 20) : [];
    if (matches.length === 1 && given) return matches[0]!.code;
    if (matches.length === 0) {
      env.out.write(`没有找到名称含“${query}”的社区或村，请换个说法。\n`);
      if (given && prompter.ended) throw new InputEnded();
      query = undefined;
      continue;
    }
    for (const [i, d] of matches.entries())
      env.out.write(`  ${String(i + 1).padStart(2)}. ${d.fullName}（${d.code}）\n`);
    const pick = Number(await prompter.ask(`请选择序号 1–${matches.length}（直接回车重新搜索）：`));
    if (Number.isInteger(pick) && pick >= 1 && pick <= matches.length) return matches[pick - 1]!.code;
    if (prompter.ended) throw new InputEnded();
    query = undefined;
  }
}
