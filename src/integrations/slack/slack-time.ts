/** `2026-12-06 14:03 UTC`: how messages say when, from an ISO 8601 time. */
export function slackTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}
