/**
 * A failure caused by the query, not by the program: its message is meant
 * for the person who asked (CLI output, JSON error body) and `status` is the
 * HTTP status the server answers with. Anything else is a bug: logged
 * server-side, answered with a generic 500.
 */
export class QueryError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 405 | 413 | 415 = 400,
  ) {
    super(message);
    this.name = 'QueryError';
  }
}
