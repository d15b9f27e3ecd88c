package teller.server.http;

import static io.javalin.http.HandlerType.GET;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.server.events.EventStreamSettings;
import teller.server.events.LiveEvents;
import teller.server.events.OutboxEvent;

/**
 * {@code GET /api/v1/events/stream}: outbox events as server-sent events to any signed-in operator
 * (decision 0041). The SSE {@code id} is the outbox sequence; a client that reconnects with
 * {@code Last-Event-ID} first gets what it missed, or one {@code RESYNC} event when it missed more
 * than the replay bound. An idle stream carries a heartbeat comment. A client whose queue fills is
 * disconnected, never waited for; the stream also ends when the caller's session expires.
 */
final class EventRoutes {
    private static final Logger log = LoggerFactory.getLogger(EventRoutes.class);
    static final String PATH = "/api/v1/events/stream";
    /** Sent instead of a replay that would exceed the bound: reload the views, then continue live. */
    static final String RESYNC = "RESYNC";
    private static final String EVENT_STREAM = "text/event-stream";

    private final LiveEvents live;
    private final EventStreamSettings settings;
    private final ObjectMapper json;
    private final Clock clock;

    EventRoutes(LiveEvents live, EventStreamSettings settings, ObjectMapper json, Clock clock) {
        this.live = live;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    List<ApiRoute> routes() {
        SseHandler sse = new SseHandler(this::stream);
        return List.of(new ApiRoute(GET, PATH, Access.SIGNED_IN,
                "Server-sent events from the outbox (text/event-stream; id = outbox sequence; resume with Last-Event-ID)",
                null, null, ctx -> {
                    String accept = ctx.header("Accept");
                    if (accept == null || !accept.contains(EVENT_STREAM)) {
                        ctx.status(406).json(ErrorMapper.body("NOT_ACCEPTABLE",
                                "this endpoint streams server-sent events: send Accept: " + EVENT_STREAM, Map.of()));
                        return;
                    }
                    lastEventId(ctx); // refuses a malformed header before the stream starts
                    sse.handle(ctx);
                }));
    }

    private static OptionalLong lastEventId(Context ctx) {
        String header = ctx.header("Last-Event-ID");
        if (header == null || header.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            long id = Long.parseLong(header.trim());
            if (id < 0) {
                throw new NumberFormatException("negative");
            }
            return OptionalLong.of(id);
        } catch (NumberFormatException e) {
            throw new teller.server.common.InvalidInputException("Last-Event-ID", "Last-Event-ID must be an event id");
        }
    }

    /** Runs on Javalin's async thread for this client until the client, the session or the server goes away. */
    private void stream(SseClient client) {
        Principal principal = client.ctx().attribute(Principal.ATTRIBUTE);
        Instant sessionEnds = principal != null && principal.session() != null ? principal.session().expiresAt()
                : Instant.MAX;
        LiveEvents.Subscription subscription = live.subscribe(lastEventId(client.ctx()));
        client.onClose(subscription::drop);
        try {
            client.sendComment("connected");
            LiveEvents.Missed missed = subscription.missed();
            if (missed.tooMany()) {
                client.sendEvent(RESYNC, "{\"upTo\":" + missed.upTo() + "}", String.valueOf(missed.upTo()));
            }
            for (OutboxEvent event : missed.events()) {
                send(client, event);
            }
            while (!client.terminated() && !subscription.dropped()) {
                if (!clock.instant().isBefore(sessionEnds)) {
                    client.sendEvent("SESSION_EXPIRED", "{}");
                    break;
                }
                Optional<OutboxEvent> next = subscription.next(settings.heartbeat());
                if (next.isPresent()) {
                    send(client, next.get());
                } else if (!subscription.dropped()) {
                    client.sendComment("heartbeat");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.debug("event stream ended: {}", e.toString());
        } finally {
            subscription.drop();
            client.close();
            subscription.close();
        }
    }

    private void send(SseClient client, OutboxEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", event.id());
        data.put("type", event.type());
        data.put("aggregateType", event.aggregateType());
        data.put("aggregateId", event.aggregateId());
        data.put("createdAt", event.createdAt());
        data.put("payload", event.publicPayload());
        try {
            client.sendEvent(event.type(), json.writeValueAsString(data), String.valueOf(event.id()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event.id() + " cannot be written as JSON", e);
        }
    }

}
