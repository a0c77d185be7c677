import type { FormInstance } from 'antd';
import { isApiError } from './api-client.ts';

/**
 * Puts the API's per-field messages under the matching form fields. Field keys may be dotted paths
 * (`spans.0.maxHouseholds`). Returns the message to show above the form when no field matched.
 */
export function applyApiErrors(
  form: FormInstance,
  error: unknown,
  knownFields?: readonly string[],
): string | null {
  if (!isApiError(error)) return error instanceof Error ? error.message : String(error);
  const entries = Object.entries(error.fields);
  const known = entries.filter(([name]) => !knownFields || knownFields.includes(name.split('.')[0] ?? name));
  if (known.length > 0) {
    form.setFields(
      known.map(([name, message]) => ({
        name: name.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
        errors: [message],
      })),
    );
  }
  return known.length === entries.length && known.length > 0 ? null : error.message;
}
