package dev.netservices.web.reactor;

/** Told about every finished exchange, on the event loop thread: must be quick and must not block. */
@FunctionalInterface
public interface ExchangeListener {

    void exchanged(Exchange exchange);
}
