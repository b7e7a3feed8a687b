/* The site's clock, read from the Date header of one of its answers: for a device whose own clock is off (a phone
 * or a TV box set by hand, in the wrong time zone), which would otherwise open or close the vote at the wrong
 * time. vote.js reads it near the voting window's edges, kiosk.js with every poster list.
 */

/** A difference the Date header (whole seconds) and the network can make: clocks this close are taken to agree. */
export const CLOCK_SLACK_MS = 5000;

/** The site's clock minus this device's, by the Date header `header` of an answer to a request sent at `sent` and
 *  answered at `received` (this device's Date.now()): 0 where they agree within CLOCK_SLACK_MS, NaN without a
 *  readable Date. */
export function skewFromDate(header, sent, received) {
  const date = Date.parse(header || "");
  if (isNaN(date)) return NaN;
  // Date is the site's time in whole seconds, taken somewhere between sending and the answer.
  const skew = date + 500 - (sent + received) / 2;
  return Math.abs(skew) > CLOCK_SLACK_MS ? skew : 0;
}
