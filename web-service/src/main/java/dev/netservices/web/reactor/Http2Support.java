package dev.netservices.web.reactor;

import dev.netservices.web.http2.Http2Listener;
import dev.netservices.web.http2.Http2Options;

/** HTTP/2 on a port: the limits its connections advertise and hold, and where their abuse is counted. */
public record Http2Support(Http2Options options, Http2Listener listener) {
}
