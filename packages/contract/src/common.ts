import { z } from 'zod';

/**
 * Every error the API returns carries one of these codes. The web app and the CLI branch on the code,
 * never on the message text.
 */
export const ErrorCode = z.enum([
  /** The request body, query or path failed validation; `fields` names each bad field. */
  'VALIDATION_FAILED',
  /** No valid session: log in first. */
  'UNAUTHENTICATED',
  /** Logged in, but no position grants this action here. */
  'FORBIDDEN',
  /** The record does not exist, or lies in another district. */
  'NOT_FOUND',
  /** The action conflicts with the current state of the record. */
  'CONFLICT',
  /** Setup has already been completed: there is an administrator. */
  'SETUP_ALREADY_DONE',
  /** Username or password is wrong. */
  'INVALID_CREDENTIALS',
  /** Too many requests in a short time. */
  'RATE_LIMITED',
  /** The CSRF token header is missing or does not match the cookie. */
  'CSRF_MISMATCH',
  /** A resident with the same 公民身份号码 already exists in this district. */
  'DUPLICATE_ID_NUMBER',
  /** A territory node that still has active children cannot be retired. */
  'TERRITORY_HAS_CHILDREN',
  /** A node cannot be moved under itself or one of its descendants. */
  'TERRITORY_CYCLE',
  /** A sensitive tag needs a recorded lawful basis or consent. */
  'LAWFUL_BASIS_REQUIRED',
  /** An uploaded file is too large or of the wrong type. */
  'UPLOAD_REJECTED',
  /** An import batch is not in a state that allows this step. */
  'IMPORT_STATE',
  /** Unexpected server fault; the requestId helps the administrator find it in the log. */
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBodySchema = z.object({
  code: ErrorCode,
  message: z.string(),
  fields: z.record(z.string(), z.string()).optional(),
  requestId: z.string(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export const Uuid = z.uuid();
export const DistrictCode = z.string().regex(/^\d{6}$/, '区县代码应为 6 位数字');
/** Dates travel as `yyyy-mm-dd` strings in Asia/Shanghai business time. */
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 yyyy-mm-dd');
/** A calendar month `yyyy-mm`; statistics and rotas are kept per month. */
export const YearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM');
export const ShortText = z.string().trim().min(1).max(100);
export const LongText = z.string().trim().max(2000);

export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const OkSchema = z.object({ ok: z.literal(true) });
