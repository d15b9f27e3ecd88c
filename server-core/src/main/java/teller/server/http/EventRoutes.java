package teller.server.http;

import static io.javalin.http.HandlerType.GET;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.server.auth.ApiTokenService;
import teller.server.auth.AuthService;
import teller.server.events.EventStreamSettings;
import teller.server.events.LiveEvents;
import teller.server.events.OutboxEvent;

/**
 * {@code GET /api/v1/events/stream}: outbox events as server-sent events to any signed-in operator
 * (decision 0041). The SSE {@code id} is the outbox sequence; a client that reconnects with
 * {@code Last-Event-ID} first gets what it missed, or one {@code RESYNC} event when it missed more
 * than the replay bound. An idle stream carries a heartbeat comment. A client whose queue fills is
 * disconnected, never waited for. The stream ends with the caller's credential: every heartbeat
 * interval it asks whether the session is still live (logout, password reset, disabled operator,
 * idle or absolute expiry; decision 0052), so a reconnect then meets 401. Streams are capped per
 * replica and per operator: over a cap the request is refused with 503 or 429 and Retry-After.
 */
final class EventRoutes {
    /** More than a burst keeps in flight at once; older events (a replay) are built again, which is rare. */
    private static final int MESSAGES_CACHED = 4_096;
    private static final Logger log = LoggerFactory.getLogger(EventRoutes.class);
    static final String PATH = "/api/v1/events/stream";
    /** Sent instead of a replay that would exceed the bound: reload the views, then continue live. */
    static final String RESYNC = "RESYNC";
    private static final String EVENT_STREAM = "text/event-stream";
    /** Sent (data {@code {}}) just before the server ends a stream because the caller's credential ended. */
    static final String SESSION_EXPIRED = "SESSION_EXPIRED";
    /** When a refused client should try again: streams end as consoles close, so slots come back soon. */
    static final long STREAMS_FULL_RETRY_AFTER_SECONDS = 5;
    private static final String SUBSCRIPTION = "teller.events.subscription";

    private final LiveEvents live;
    private final EventStreamSettings settings;
    private final ObjectMapper json;
    /**
     * The newest events' messages by outbox id: every open stream sends the same text, so the
     * payload's secret masking and the JSON are done once per event, not once per client.
     */
    private final Map<Long, String> messages = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
            return size() > MESSAGES_CACHED;
        }
    });
    private final Clock clock;
    private final Predicate<Principal> stillSignedIn;

    /** @param stillSignedIn whether the credential a stream was opened with is still valid (asked every heartbeat) */
    EventRoutes(LiveEvents live, EventStreamSettings settings, ObjectMapper json, Clock clock,
                Predicate<Principal> stillSignedIn) {
        this.live = live;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        this.stillSignedIn = stillSignedIn;
    }

    /** Asks the session or, for an integration, the API token behind a principal. */
    static Predicate<Principal> credentialCheck(AuthService auth, ApiTokenService apiTokens) {
        return principal -> principal.session() != null ? auth.stillLive(principal.session())
                : apiTokens.stillActive(principal.actor().id());
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
                    OptionalLong lastEventId = lastEventId(ctx); // refuses a malformed header before the stream starts
                    Principal principal = ctx.attribute(Principal.ATTRIBUTE);
                    LiveEvents.Subscription subscription;
                    try {
                        subscription = live.subscribe(lastEventId, owner(principal));
                    } catch (LiveEvents.StreamLimitReached full) {
                        refuse(ctx, full);
                        return;
                    }
                    // Taken here, while the answer can still be a refusal; the stream's thread releases it.
                    ctx.attribute(SUBSCRIPTION, subscription);
                    try {
                        sse.handle(ctx);
                    } catch (RuntimeException e) {
                        subscription.close();
                        throw e;
                    }
                }));
    }

    /** The per-operator cap counts an operator's streams across sessions; an integration is its token. */
    private static String owner(Principal principal) {
        return principal == null ? null : principal.actor().type() + ":" + principal.actor().id();
    }

    /** 503 when the replica is full, 429 when the caller already holds its share; both say when to retry. */
    private static void refuse(Context ctx, LiveEvents.StreamLimitReached full) {
        log.info("refused an event stream: {}", full.getMessage());
        ctx.header("Retry-After", String.valueOf(STREAMS_FULL_RETRY_AFTER_SECONDS));
        if (full.perOwner()) {
            ctx.status(429).json(ErrorMapper.body("EVENT_STREAMS_PER_OPERATOR_MAX", full.getMessage()
                    + "; close one (or wait for a dropped one to end) before opening another", Map.of("limit", full.limit())));
        } else {
            ctx.status(503).json(ErrorMapper.body("EVENT_STREAMS_FULL", full.getMessage() + "; try again later",
                    Map.of("limit", full.limit())));
        }
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
        LiveEvents.Subscription subscription = client.ctx().attribute(SUBSCRIPTION);
        client.onClose(subscription::drop);
        String who = owner(principal);
        try {
            String ended = relay(client, subscription, principal);
            if (ended.equals(SESSION_EXPIRED)) {
                log.info("event stream of {} ended: its session or token is no longer valid", who);
            } else {
                log.debug("event stream of {} ended: {}", who, ended);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.debug("event stream of {} interrupted: the server is stopping", who);
        } catch (RuntimeException e) {
            if (causedByIo(e)) {
                log.debug("event stream of {} ended: the connection failed: {}", who, e.toString());
            } else {
                // Not a client going away but a fault of ours, which must not pass silently.
                log.error("event stream of {} failed", who, e);
            }
        } finally {
            subscription.drop();
            client.close();
            subscription.close();
        }
    }

    /**
     * Replays what the client missed, then relays live events and heartbeats; every heartbeat
     * interval it asks whether the caller's credential is still valid. Returns why it stopped:
     * {@link #SESSION_EXPIRED}, or a description of the client or the server going away.
     */
    private String relay(SseClient client, LiveEvents.Subscription subscription, Principal principal)
            throws InterruptedException {
        Instant sessionEnds = principal.session() != null ? principal.session().expiresAt() : Instant.MAX;
        client.sendComment("connected");
        LiveEvents.Missed missed = subscription.missed();
        if (missed.tooMany()) {
            client.sendEvent(RESYNC, "{\"upTo\":" + missed.upTo() + "}", String.valueOf(missed.upTo()));
        }
        for (OutboxEvent event : missed.events()) {
            send(client, event);
        }
        Instant nextCheck = clock.instant().plus(settings.heartbeat());
        while (!client.terminated() && !subscription.dropped()) {
            Instant now = clock.instant();
            boolean checkDue = !now.isBefore(nextCheck);
            if (!now.isBefore(sessionEnds) || (checkDue && !stillSignedIn.test(principal))) {
                client.sendEvent(SESSION_EXPIRED, "{}");
                return SESSION_EXPIRED;
            }
            if (checkDue) {
                nextCheck = now.plus(settings.heartbeat());
            }
            Optional<OutboxEvent> next = subscription.next(settings.heartbeat());
            if (next.isPresent()) {
                send(client, next.get());
            } else if (!subscription.dropped()) {
                client.sendComment("heartbeat");
            }
        }
        return client.terminated() ? "the client went away" : "dropped (a slow client, or the server stopping)";
    }

    /** A write to a client that went away surfaces as (or wraps) an I/O error: an expected end of a stream. */
    private static boolean causedByIo(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.IOException) {
                return true;
            }
        }
        return false;
    }

    private void send(SseClient client, OutboxEvent event) {
        String message = messages.computeIfAbsent(event.id(), id -> message(event));
        client.sendEvent(event.type(), message, String.valueOf(event.id()));
    }

    /** The event as its stream message: the same for every client, so built once (see {@link #messages}). */
    private String message(OutboxEvent event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", event.id());
        data.put("type", event.type());
        data.put("aggregateType", event.aggregateType());
        data.put("aggregateId", event.aggregateId());
        data.put("createdAt", event.createdAt());
        data.put("payload", event.publicPayload());
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event.id() + " cannot be written as JSON", e);
        }
    }

}
