package teller.server.events;

/**
 * Somewhere outbox events are delivered once, by the replica that leads the outbox relay (a chat
 * channel, a webhook). Throwing leaves the event undelivered; it is tried again next iteration.
 */
public interface OutboxSink {
    void deliver(OutboxEvent event);
}
