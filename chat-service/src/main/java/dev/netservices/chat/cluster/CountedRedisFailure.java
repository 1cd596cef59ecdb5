package dev.netservices.chat.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.netservices.chat.observability.ChatMetrics;

import org.springframework.integration.handler.advice.AbstractRequestHandlerAdvice;
import org.springframework.messaging.Message;

/**
 * Around the relay's Redis publisher: a publication that fails (Redis away) is counted and dropped, instead of
 * an error logged per line. The members of the other nodes miss what was said meanwhile; the health says why.
 */
final class CountedRedisFailure extends AbstractRequestHandlerAdvice {

    private static final Logger log = LoggerFactory.getLogger(CountedRedisFailure.class);

    private final ChatMetrics metrics;
    private final String operation;

    CountedRedisFailure(ChatMetrics metrics, String operation) {
        this.metrics = metrics;
        this.operation = operation;
    }

    @Override
    protected Object doInvoke(ExecutionCallback callback, Object target, Message<?> message) {
        try {
            return callback.execute();
        } catch (RuntimeException e) {
            metrics.redisError(operation);
            log.debug("relay {} failed: {}", operation, e.toString());
            return null;
        }
    }
}
