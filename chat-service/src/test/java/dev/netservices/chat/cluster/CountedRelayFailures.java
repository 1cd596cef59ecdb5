package dev.netservices.chat.cluster;

import java.util.Map;

/** A cluster listener for tests that counts what the relay reports failing or refusing, by operation or reason. */
record CountedRelayFailures(Map<String, Integer> failures) implements ClusterListener {

    @Override
    public void relayed(String direction) {
    }

    @Override
    public void relayTook(long millis) {
    }

    @Override
    public void relayRefused(String reason) {
        failures.merge("refused " + reason, 1, Integer::sum);
    }

    @Override
    public void redisFailed(String operation) {
        failures.merge(operation, 1, Integer::sum);
    }
}
