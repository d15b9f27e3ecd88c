package teller.server.telegram;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.server.approval.ApprovalResult;
import teller.server.approval.ApprovalService;
import teller.server.audit.AuditEvent;
import teller.server.audit.AuditLog;
import teller.server.auth.Operator;
import teller.server.auth.OperatorStore;
import teller.server.auth.Role;
import teller.server.common.Actor;
import teller.server.common.ActorType;
import teller.server.common.DomainException;
import teller.server.common.ForbiddenException;
import teller.server.common.Sha256;
import teller.server.common.Transactor;
import teller.server.common.UnauthorizedException;
import teller.server.orders.Order;
import teller.server.orders.OrderStatus;

/**
 * Approve and Reject pressed in the operators' Telegram chat (decision 0031). The webhook proves it
 * is Telegram by the secret header; the presser must be listed in TELEGRAM_APPROVERS as an operator
 * who exists, is active and may decide. The decision then goes through {@link ApprovalService} as
 * actor TELEGRAM_BOT with that operator's id, so maker-checker, approval caps, dual approval and the
 * limits apply exactly as at the console. Each update_id is processed once; a redelivery is answered
 * as the first delivery was. Telegram is told the outcome after the decision commits, best effort.
 */
public final class TelegramApprovals {
    private static final Logger log = LoggerFactory.getLogger(TelegramApprovals.class);
    public static final String REJECT_REASON = "rejected in Telegram";
    /** How long a redelivery waits for the first delivery of the same update to finish. */
    public static final Duration DUPLICATE_WAIT_MAX = Duration.ofSeconds(10);
    private static final long DUPLICATE_POLL_MILLIS = 25;
    /** A claim older than this that never finished belongs to a process that died; a redelivery takes it over. */
    public static final Duration CLAIM_STALE_AFTER = Duration.ofMinutes(2);
    private static final Set<Role> DECIDERS = EnumSet.of(Role.APPROVER, Role.SUPERVISOR, Role.ADMIN);

    private final Transactor tx;
    private final TelegramUpdateStore updates;
    private final OperatorStore operators;
    private final ApprovalService approvals;
    private final AuditLog audit;
    private final TelegramBotApi bot;
    private final Clock clock;
    private final TelegramSettings settings;

    public TelegramApprovals(Transactor tx, TelegramUpdateStore updates, OperatorStore operators,
                             ApprovalService approvals, AuditLog audit, TelegramBotApi bot, Clock clock,
                             TelegramSettings settings) {
        this.tx = tx;
        this.updates = updates;
        this.operators = operators;
        this.approvals = approvals;
        this.audit = audit;
        this.bot = bot;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Refuses a request that does not carry the configured secret (401), or any request while no
     * secret is configured (403: the webhook is off). Every refusal is audited.
     */
    public void authenticate(String secretHeader, String origin) {
        Actor caller = new Actor(ActorType.ANONYMOUS, null, "telegram-webhook", origin);
        if (settings.webhookSecret() == null) {
            deny(caller, "TELEGRAM_WEBHOOK_NOT_CONFIGURED");
            throw new ForbiddenException("TELEGRAM_WEBHOOK_NOT_CONFIGURED",
                    "the Telegram webhook is off: TELEGRAM_WEBHOOK_SECRET is not set");
        }
        // Hashes first, so the comparison takes the same time whatever the header's length or content.
        byte[] expected = Sha256.hex(settings.webhookSecret()).getBytes(StandardCharsets.UTF_8);
        byte[] given = Sha256.hex(secretHeader == null ? "" : secretHeader).getBytes(StandardCharsets.UTF_8);
        if (secretHeader == null || !MessageDigest.isEqual(expected, given)) {
            deny(caller, secretHeader == null ? "SECRET_MISSING" : "SECRET_MISMATCH");
            throw new UnauthorizedException("UNAUTHENTICATED",
                    "X-Telegram-Bot-Api-Secret-Token is missing or wrong");
        }
    }

    private void deny(Actor caller, String reason) {
        tx.run(() -> audit.append(new AuditEvent(caller, "TELEGRAM_WEBHOOK", "TELEGRAM_UPDATE", null,
                AuditEvent.Outcome.DENIED, Map.of("reason", reason))));
    }

    /** Processes one authenticated update; see the class comment. */
    public WebhookAnswer handle(TelegramUpdate update) {
        TelegramUpdate.Callback callback = update.callback();
        Button pressed = callback == null ? null : Button.parse(callback.data());
        boolean mine = tx.inTransaction(() -> updates.claim(update.updateId(),
                callback == null ? null : callback.fromUserId(), pressed == null ? null : pressed.action(),
                pressed == null ? null : pressed.orderId(), clock.instant().minus(CLAIM_STALE_AFTER)));
        if (!mine) {
            return replay(update.updateId());
        }
        Decision decision;
        try {
            decision = decide(callback, pressed);
            tx.run(() -> updates.finish(update.updateId(), decision.outcome(), decision.answer()));
        } catch (RuntimeException e) {
            tx.run(() -> updates.release(update.updateId()));
            throw e;
        }
        if (callback != null) {
            tellTelegram(callback, decision);
        }
        return new WebhookAnswer(update.updateId(), decision.outcome(), decision.answer(), false);
    }

    /** What a redelivery answers: the first delivery's outcome, once it has one. */
    private WebhookAnswer replay(long updateId) {
        long deadline = System.nanoTime() + DUPLICATE_WAIT_MAX.toNanos();
        while (true) {
            Optional<TelegramUpdateStore.Stored> stored = tx.read(() -> updates.find(updateId));
            if (stored.isPresent() && !"PROCESSING".equals(stored.get().outcome()) || System.nanoTime() > deadline) {
                return new WebhookAnswer(updateId, stored.map(TelegramUpdateStore.Stored::outcome).orElse("PROCESSING"),
                        stored.map(TelegramUpdateStore.Stored::answer).orElse(null), true);
            }
            try {
                Thread.sleep(DUPLICATE_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new WebhookAnswer(updateId, "PROCESSING", null, true);
            }
        }
    }

    private record Decision(String outcome, String answer, boolean alert, Order order, boolean stillPending) {
        static Decision ignored(String answer) {
            return new Decision("IGNORED", answer, false, null, false);
        }

        static Decision refused(String answer) {
            return new Decision("REFUSED", answer, true, null, false);
        }
    }

    /** The callback data of an inline button: {@code approve:<orderId>} or {@code reject:<orderId>}. */
    private record Button(String action, long orderId) {
        static Button parse(String data) {
            if (data == null) {
                return null;
            }
            int colon = data.indexOf(':');
            if (colon < 0) {
                return null;
            }
            String action = data.substring(0, colon);
            if (!action.equals("approve") && !action.equals("reject")) {
                return null;
            }
            try {
                long id = Long.parseLong(data.substring(colon + 1));
                return id > 0 ? new Button(action, id) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    private Decision decide(TelegramUpdate.Callback callback, Button pressed) {
        if (callback == null) {
            return Decision.ignored(null);
        }
        if (pressed == null) {
            return Decision.ignored("This button is not one of Teller's.");
        }
        String who = "telegram:" + callback.fromUserId();
        String username = settings.approvers().get(callback.fromUserId());
        Optional<Operator> operator = username == null ? Optional.empty()
                : tx.read(() -> operators.findByUsername(username));
        String action = pressed.action().equals("approve") ? "ORDER_APPROVE" : "ORDER_REJECT";
        if (operator.isEmpty() || !operator.get().active() || !operator.get().hasAny(DECIDERS)) {
            String reason = username == null ? "TELEGRAM_USER_NOT_AN_APPROVER"
                    : operator.isEmpty() ? "OPERATOR_UNKNOWN"
                    : !operator.get().active() ? "OPERATOR_DISABLED" : "OPERATOR_MAY_NOT_DECIDE";
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("reason", reason);
            details.put("telegramUserId", callback.fromUserId());
            details.put("channel", "TELEGRAM");
            Actor stranger = new Actor(ActorType.TELEGRAM_BOT, operator.map(o -> String.valueOf(o.id())).orElse(null),
                    username == null ? who : username, who);
            tx.run(() -> audit.append(new AuditEvent(stranger, action, "ORDER", String.valueOf(pressed.orderId()),
                    AuditEvent.Outcome.DENIED, details)));
            log.info("Telegram user {} may not decide orders ({})", callback.fromUserId(), reason);
            return Decision.refused("You may not approve or reject orders in Teller.");
        }
        Operator checker = operator.get();
        Actor actor = new Actor(ActorType.TELEGRAM_BOT, String.valueOf(checker.id()), checker.username(), who);
        try {
            if (pressed.action().equals("approve")) {
                ApprovalResult result = approvals.approve(pressed.orderId(), actor, "approved in Telegram");
                return approved(result, checker);
            }
            Order rejected = approvals.reject(pressed.orderId(), actor, REJECT_REASON).order();
            return new Decision("DECIDED", "Rejected order #" + rejected.id() + " (by " + checker.username() + ").",
                    false, rejected, false);
        } catch (DomainException refusal) {
            // The console's refusals are audited by the HTTP layer; this channel audits its own.
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("code", refusal.code());
            details.put("channel", "TELEGRAM");
            AuditEvent.Outcome outcome = refusal instanceof ForbiddenException ? AuditEvent.Outcome.DENIED
                    : AuditEvent.Outcome.FAILURE;
            tx.run(() -> audit.append(new AuditEvent(actor, action, "ORDER", String.valueOf(pressed.orderId()), outcome,
                    details)));
            return Decision.refused("Not done: " + refusal.getMessage());
        }
    }

    private static Decision approved(ApprovalResult result, Operator checker) {
        Order order = result.order();
        String by = " (by " + checker.username() + ")";
        if (order.status() == OrderStatus.PENDING_REVIEW) {
            String progress = result.progress().label();
            return new Decision("DECIDED", "Approval " + progress + " recorded for order #" + order.id()
                    + by + "; a second approver is needed.", false, order, true);
        }
        if (result.inFlight() || order.status() == OrderStatus.EXECUTING) {
            return new Decision("DECIDED", "Approved order #" + order.id() + by + "; it is executing.", false, order,
                    false);
        }
        if (order.status() == OrderStatus.APPROVED_FAILED) {
            return new Decision("DECIDED", "Approved order #" + order.id() + by + ", but it failed: "
                    + order.execution().error(), true, order, false);
        }
        return new Decision("DECIDED", "Approved order #" + order.id() + by + ": " + order.status() + ".", false, order,
                false);
    }

    /** After the decision committed: answer the button and show the outcome under the photo. Best effort. */
    private void tellTelegram(TelegramUpdate.Callback callback, Decision decision) {
        if (settings.botToken() == null) {
            return;
        }
        TelegramBotApi.CallResult answered = bot.answerCallbackQuery(callback.id(),
                decision.answer() == null ? "" : decision.answer(), decision.alert());
        if (!answered.ok()) {
            log.warn("could not answer Telegram callback: {}", answered.error());
        }
        if (!"DECIDED".equals(decision.outcome()) || callback.chatId() == null || callback.messageId() == null) {
            return;
        }
        String caption = ForwardCaption.truncate((callback.caption() == null ? "" : callback.caption() + "\n\n")
                + decision.answer());
        List<TelegramBotApi.Button> buttons = decision.stillPending()
                ? ProofForwarder.buttons(decision.order().id()) : List.of();
        TelegramBotApi.CallResult edited = bot.editMessageCaption(callback.chatId(), callback.messageId(), caption,
                buttons);
        if (!edited.ok()) {
            log.warn("could not edit the Telegram message of order {}: {}", decision.order().id(), edited.error());
        }
    }
}
