/** RFC 2822 date as the 2010 API prints it: `Fri, 14 Oct 2016 21:56:34 +0000`. */
export function rfc2822(date: Date): string {
  // toUTCString gives "Fri, 14 Oct 2016 21:56:34 GMT"; Twilio writes the zone as +0000.
  return date.toUTCString().replace(/GMT$/, '+0000');
}

/** ISO 8601 without milliseconds, as TaskRouter prints dates: `2016-10-14T21:56:34Z`. */
export function iso8601(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
