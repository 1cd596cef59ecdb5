/**
 * The reactor: event loops that own their connections, HTTP/1.1 and HTTP/2 on the same loops.
 *
 * <p>On the TLS port a {@link Connection}'s handshake happens inside READING, below the parser ({@link HandshakePump}); a failed
 * one (plain HTTP on the TLS port among them) closes the connection. While WRITING the connection does not
 * read: pipelined bytes wait in {@code pending}, further requests in the client's socket (our back-pressure),
 * so responses leave in the order the requests came. The connection only moves bytes: the handler decides
 * every status, and a file to send arrives already open ({@code Body.FileRegion}).
 *
 * <p>HTTP/2 takes a connection over from its first bytes (ALPN {@code h2}, or the client preface on the plain
 * port) and runs on the same loop ({@link Http2Link} around the engine in {@code http2}).
 */
package dev.netservices.web.reactor;
