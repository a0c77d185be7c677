import dayjs, { type Dayjs } from 'dayjs';

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today in the community's calendar (Asia/Shanghai), as the server counts it, whatever the browser's zone. */
export function businessToday(): Dayjs {
  return dayjs(dayFormat.format(new Date()));
}

/** For date pickers of things that have happened: no day after the business today. */
export const isAfterBusinessToday = (d: Dayjs) => d.isAfter(businessToday(), 'day');
