/** The media type of a request's body, lower case, without parameters; '' when absent. */
export function mediaType(req: { headers: Readonly<Record<string, string>> }): string {
  return (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}
