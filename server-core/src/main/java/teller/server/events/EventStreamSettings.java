package teller.server.events;

import java.time.Duration;

/**
 * The live event stream: how often each replica reads new outbox rows, how often an idle stream
 * sends a heartbeat, how many events may wait for one slow client before it is dropped, and how
 * many missed events a reconnecting client is replayed before it is told to reload instead.
 */
public record EventStreamSettings(Duration pollInterval, Duration heartbeat, int clientQueueMax, int replayMax) {
    public EventStreamSettings {
        if (pollInterval.isNegative() || pollInterval.isZero() || heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("poll interval and heartbeat must be positive");
        }
        if (clientQueueMax < 1 || replayMax < 1) {
            throw new IllegalArgumentException("client queue and replay bounds must be at least 1");
        }
    }

    public static EventStreamSettings defaults() {
        return new EventStreamSettings(Duration.ofMillis(250), Duration.ofSeconds(15), 1_000, 1_000);
    }

    public EventStreamSettings withHeartbeat(Duration value) {
        return new EventStreamSettings(pollInterval, value, clientQueueMax, replayMax);
    }

    public EventStreamSettings withClientQueueMax(int value) {
        return new EventStreamSettings(pollInterval, heartbeat, value, replayMax);
    }

    public EventStreamSettings withReplayMax(int value) {
        return new EventStreamSettings(pollInterval, heartbeat, clientQueueMax, value);
    }
}
