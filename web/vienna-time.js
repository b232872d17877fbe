// Vienna wall-clock time for datetime-local fields, shared by the pages.
/** The current Vienna wall-clock time, for the datetime-local default. */
export const viennaNow = () => {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Vienna',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date());
  const part = (type) => parts.find((p) => p.type === type)?.value;
  return `${part('year')}-${part('month')}-${part('day')}T${part('hour')}:${part('minute')}`;
};

/** A Vienna wall-clock time as an instant: Vienna is UTC+1 in winter and UTC+2 in summer. */
export const fromVienna = (local) => {
  for (const offset of ['+01:00', '+02:00']) {
    const instant = new Date(`${local}:00${offset}`);
    const back = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Europe/Vienna',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .format(instant)
      .replace(' ', 'T');
    if (back === local) return instant.toISOString();
  }
  return new Date(local).toISOString();
};
