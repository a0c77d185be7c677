import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, renderCalendar } from './ical.ts';

describe('iCalendar writing (RFC 5545)', () => {
  it('escapes backslash, semicolon, comma and newlines', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('folds at 75 octets without splitting a UTF-8 character', () => {
    const line = `SUMMARY:${'户长联席会议'.repeat(10)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
    for (const p of parts.slice(1)) expect(p.startsWith(' ')).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
  });

  it('writes UTC times, a DTSTAMP and CRLF endings', () => {
    const text = renderCalendar(
      'cal',
      [
        {
          uid: 'u1@gongzhi',
          start: new Date('2027-03-05T01:00:00Z'),
          end: new Date('2027-03-05T03:00:00Z'),
          summary: '议事会',
          location: '会议室',
          isCancelled: true,
        },
      ],
      new Date('2027-03-01T00:00:00.123Z'),
    );
    expect(text).toContain('\r\nDTSTART:20270305T010000Z\r\nDTEND:20270305T030000Z\r\n');
    expect(text).toContain('\r\nDTSTAMP:20270301T000000Z\r\n');
    expect(text).toContain('\r\nSTATUS:CANCELLED\r\n');
    expect(text.split('\r\n').every((l) => !l.includes('\n'))).toBe(true);
  });
});
