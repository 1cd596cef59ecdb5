package dev.netservices.web.http2;

/**
 * A stream's state as RFC 9113 5.1 draws it, for a server that never pushes (so never "reserved"):
 *
 * <pre>
 *                       HEADERS received (no END_STREAM)
 *   IDLE -----------------------------------------------------> OPEN
 *     |                                                           |  END_STREAM received
 *     | HEADERS received with END_STREAM                          v
 *     +------------------------------------------------> HALF_CLOSED_REMOTE (we answer here)
 *                                                                 |
 *   OPEN --our END_STREAM sent (answered before the body ended)-->|--> HALF_CLOSED_LOCAL --END_STREAM or
 *                                                                 |        our RST_STREAM(NO_ERROR)--> CLOSED
 *                                                                 |  our END_STREAM sent
 *                                                                 v
 *   any state --RST_STREAM sent or received, connection error--> CLOSED
 * </pre>
 *
 * A CLOSED stream leaves the session's map; the session still knows it as closed because its id is below the
 * highest one the client has opened (5.1.1).
 */
enum StreamState { OPEN, HALF_CLOSED_REMOTE, HALF_CLOSED_LOCAL, CLOSED }
