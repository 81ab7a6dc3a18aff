/**
 * A day ("2024-09-01") as people read it in a message: "1 September 2024", as the web app shows
 * dates (its format.ts date()); messages reach people through forms, notifications and email.
 */
export const longDate = (ymd: string): string =>
  new Date(`${ymd}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
