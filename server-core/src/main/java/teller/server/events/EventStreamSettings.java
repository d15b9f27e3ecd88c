package teller.server.events;

import static teller.server.common.EnvironmentValues.longOr;

import java.time.Duration;
import java.util.function.Function;

/**
 * The live event stream: how often each replica reads new outbox rows, how often an idle stream
 * sends a heartbeat (a stream also re-checks its caller's session that often), how many events may
 * wait for one slow client before it is dropped, how many missed events a reconnecting client is
 * replayed before it is told to reload instead, and how many streams may be open at once on this
 * replica ({@code streamsMax}) and per operator ({@code streamsPerOperatorMax}, so that one
 * misbehaving console cannot take every slot; decision 0052).
 */
public record EventStreamSettings(Duration pollInterval, Duration heartbeat, int clientQueueMax, int replayMax,
                                  int streamsMax, int streamsPerOperatorMax) {
    public static final int STREAMS_MAX_DEFAULT = 200;
    /** A console opens one stream; a few more cover reconnects that overlap the old stream's end. */
    public static final int STREAMS_PER_OPERATOR_MAX_DEFAULT = 10;

    public EventStreamSettings {
        if (pollInterval.isNegative() || pollInterval.isZero() || heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("poll interval and heartbeat must be positive");
        }
        if (clientQueueMax < 1 || replayMax < 1) {
            throw new IllegalArgumentException("client queue and replay bounds must be at least 1");
        }
        if (streamsMax < 1 || streamsPerOperatorMax < 1) {
            throw new IllegalArgumentException("EVENT_STREAM_MAX and the per-operator stream bound must be at least 1");
        }
    }

    /** With the default stream caps. */
    public EventStreamSettings(Duration pollInterval, Duration heartbeat, int clientQueueMax, int replayMax) {
        this(pollInterval, heartbeat, clientQueueMax, replayMax, STREAMS_MAX_DEFAULT, STREAMS_PER_OPERATOR_MAX_DEFAULT);
    }

    /**
     * From {@code EVENT_POLL_INTERVAL_MS}, {@code EVENT_HEARTBEAT_SECONDS}, {@code EVENT_CLIENT_QUEUE_MAX},
     * {@code EVENT_REPLAY_MAX} and {@code EVENT_STREAM_MAX}; {@code get} answers null for an unset variable.
     */
    public static EventStreamSettings fromEnvironment(Function<String, String> get) {
        EventStreamSettings d = defaults();
        return new EventStreamSettings(
                Duration.ofMillis(longOr(get.apply("EVENT_POLL_INTERVAL_MS"), d.pollInterval().toMillis())),
                Duration.ofSeconds(longOr(get.apply("EVENT_HEARTBEAT_SECONDS"), d.heartbeat().toSeconds())),
                (int) longOr(get.apply("EVENT_CLIENT_QUEUE_MAX"), d.clientQueueMax()),
                (int) longOr(get.apply("EVENT_REPLAY_MAX"), d.replayMax()))
                .withStreamsMax((int) longOr(get.apply("EVENT_STREAM_MAX"), d.streamsMax()));
    }

    public static EventStreamSettings defaults() {
        return new EventStreamSettings(Duration.ofMillis(250), Duration.ofSeconds(15), 1_000, 1_000);
    }

    public EventStreamSettings withHeartbeat(Duration value) {
        return new EventStreamSettings(pollInterval, value, clientQueueMax, replayMax, streamsMax, streamsPerOperatorMax);
    }

    public EventStreamSettings withClientQueueMax(int value) {
        return new EventStreamSettings(pollInterval, heartbeat, value, replayMax, streamsMax, streamsPerOperatorMax);
    }

    public EventStreamSettings withReplayMax(int value) {
        return new EventStreamSettings(pollInterval, heartbeat, clientQueueMax, value, streamsMax, streamsPerOperatorMax);
    }

    public EventStreamSettings withStreamsMax(int value) {
        return new EventStreamSettings(pollInterval, heartbeat, clientQueueMax, replayMax, value, streamsPerOperatorMax);
    }

    public EventStreamSettings withStreamsPerOperatorMax(int value) {
        return new EventStreamSettings(pollInterval, heartbeat, clientQueueMax, replayMax, streamsMax, value);
    }
}
