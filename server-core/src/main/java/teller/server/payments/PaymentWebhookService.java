package teller.server.payments;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import teller.server.provider.OutcomeWindow;
import teller.server.provider.ProviderReport;
import java.util.regex.Pattern;
import teller.server.approval.ApprovalService;
import teller.server.audit.AuditEvent;
import teller.server.audit.AuditLog;
import teller.server.common.Actor;
import teller.server.common.ActorType;
import teller.server.common.ConflictException;
import teller.server.common.InvalidInputException;
import teller.server.common.RuleViolationException;
import teller.server.common.Transactor;
import teller.server.common.UnauthorizedException;
import teller.server.common.UnavailableException;
import teller.server.ledger.Money;
import teller.server.orders.Order;
import teller.server.orders.OrderIntakeService;
import teller.server.orders.OrderStatus;
import teller.server.orders.OrderStore;
import teller.server.players.PlayerStore;
import teller.server.risk.FraudService;

/**
 * Payment provider webhooks (decision 0036). A delivery is believed only when its signature over
 * the raw body checks out; a refused one is audited and writes nothing else. A believed delivery
 * is recorded once per (provider, charge); the first {@code succeeded} creates a DEPOSIT order
 * keyed by the charge and approves it through {@link ApprovalService} as the system, so the wallet
 * is credited by the single approval path and never twice, however often or concurrently the
 * provider repeats itself.
 */
public final class PaymentWebhookService {
    /** Payment providers whose webhook outcomes are kept in memory (names are chosen by callers). */
    public static final int WEBHOOK_PROVIDERS_TRACKED_MAX = 50;
    private final java.util.Map<String, OutcomeWindow> windows = new java.util.concurrent.ConcurrentHashMap<>();
    public static final int CHARGE_ID_LENGTH_MAX = 150;
    public static final String CHARGE_MISMATCH = "CHARGE_MISMATCH";
    private static final Pattern PROVIDER = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");
    private static final Pattern CHARGE_ID = Pattern.compile("[\\x21-\\x7e]{1," + CHARGE_ID_LENGTH_MAX + "}");

    private final Transactor tx;
    private final PaymentDeliveryStore deliveries;
    private final PlayerStore players;
    private final OrderStore orders;
    private final OrderIntakeService intake;
    private final ApprovalService approvals;
    private final AuditLog audit;
    private final Clock clock;
    private final PaymentWebhookSettings settings;
    private final FraudService fraud;

    public PaymentWebhookService(Transactor tx, PaymentDeliveryStore deliveries, PlayerStore players, OrderStore orders,
                                 OrderIntakeService intake, ApprovalService approvals, AuditLog audit, Clock clock,
                                 PaymentWebhookSettings settings, FraudService fraud) {
        this.tx = tx;
        this.deliveries = deliveries;
        this.players = players;
        this.orders = orders;
        this.intake = intake;
        this.approvals = approvals;
        this.audit = audit;
        this.clock = clock;
        this.settings = settings;
        this.fraud = fraud;
    }

    /** What a delivery led to: the charge's row, its order if it succeeded, and whether the charge was known. */
    public record Receipt(PaymentDelivery delivery, Optional<Order> order, boolean duplicate) {
    }

    private record Valid(String chargeId, String playerId, long amount, String currency, ChargeStatus status) {
    }

    /**
     * Checks the signature of {@code rawBody} exactly as received, and only then lets {@code parse}
     * read it; records the delivery and, for a success, credits the wallet once.
     */
    public Receipt receive(String providerName, String signatureHeader, byte[] rawBody, String origin,
                           Function<byte[], PaymentNotice> parse) {
        String provider = provider(providerName);
        OutcomeWindow window = window(provider);
        try {
            Receipt receipt = receiveChecked(provider, signatureHeader, rawBody, origin, parse);
            if (window != null) {
                window.succeeded();
            }
            return receipt;
        } catch (teller.server.common.DomainException refusal) {
            if (window != null) {
                window.failed(refusal.code(), refusal.getMessage(), clock.instant());
            }
            throw refusal;
        }
    }

    /**
     * Each payment provider's webhooks as the providers list shows them: those with a secret of their
     * own, those seen since the start, and, with the shared secret, every other provider as
     * {@code PAYMENT_WEBHOOK:*}. Inbound calls have no breaker.
     */
    public java.util.List<ProviderReport> reports() {
        java.util.TreeSet<String> names = new java.util.TreeSet<>(windows.keySet());
        for (String suffix : settings.secretsByProvider().keySet()) {
            names.add(suffix.toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        java.util.List<ProviderReport> reports = new java.util.ArrayList<>();
        for (String name : names) {
            OutcomeWindow w = windows.get(name);
            reports.add(new ProviderReport(ProviderReport.PAYMENT_WEBHOOK + ":" + name, ProviderReport.PAYMENT_WEBHOOK,
                    "Payment webhooks of " + name, settings.secretFor(name).isPresent(), false, null, null,
                    w == null ? null : w.failureRatePercent(), w == null ? null : w.lastError()));
        }
        if (settings.defaultSecret() != null || reports.isEmpty()) {
            reports.add(new ProviderReport(ProviderReport.PAYMENT_WEBHOOK + ":*", ProviderReport.PAYMENT_WEBHOOK,
                    "Payment webhooks of other providers",
                    settings.defaultSecret() != null, false, null, null, null, null));
        }
        return reports;
    }

    /** The outcomes of {@code provider}'s webhooks; null once {@link #WEBHOOK_PROVIDERS_TRACKED_MAX} are tracked. */
    private OutcomeWindow window(String provider) {
        OutcomeWindow existing = windows.get(provider);
        if (existing != null || windows.size() >= WEBHOOK_PROVIDERS_TRACKED_MAX) {
            return existing;
        }
        return windows.computeIfAbsent(provider, name -> new OutcomeWindow());
    }

    private Receipt receiveChecked(String provider, String signatureHeader, byte[] rawBody, String origin,
                                   Function<byte[], PaymentNotice> parse) {
        String secret = settings.secretFor(provider).orElseThrow(() -> new UnavailableException("WEBHOOK_NOT_CONFIGURED",
                "payment webhooks of '" + provider + "' are not configured on this server: set "
                        + PaymentWebhookSettings.SECRET_VARIABLE + " or " + PaymentWebhookSettings.SECRET_VARIABLE + "_"
                        + PaymentWebhookSettings.environmentSuffix(provider)));
        Actor actor = new Actor(ActorType.SYSTEM, null, "payment-webhook:" + provider, origin);
        var refusal = WebhookSignature.check(signatureHeader, rawBody, secret, clock.instant(), settings.tolerance());
        if (refusal.isPresent()) {
            throw refused(provider, origin, refusal.get());
        }
        Valid notice = validate(parse.apply(rawBody));
        Receipt recorded;
        try {
            recorded = tx.inTransaction(() -> record(provider, notice, actor));
        } catch (RuleViolationException e) {
            if (CHARGE_MISMATCH.equals(e.code())) {
                // The delivery's transaction rolled back; the refusal itself is audited on its own.
                auditMismatch(provider, notice, actor);
            }
            throw e;
        }
        if (recorded.order().isEmpty() || recorded.order().get().status() != OrderStatus.PENDING_REVIEW) {
            return recorded;
        }
        return approve(recorded, actor);
    }

    private Receipt record(String provider, Valid n, Actor actor) {
        var player = players.find(n.playerId()).orElseThrow(() -> InvalidInputException.semantic("UNKNOWN_PLAYER",
                "playerId", "player " + n.playerId() + " does not exist"));
        if (!player.currency().equals(n.currency())) {
            throw InvalidInputException.semantic("CURRENCY_MISMATCH", "currency",
                    "the player's wallet is in " + player.currency() + ", not " + n.currency());
        }
        var locked = deliveries.insertOrLock(provider, n.chargeId(), n.playerId(), n.amount(), n.currency(), n.status());
        PaymentDelivery before = locked.delivery();
        if (!locked.created() && (!before.playerId().equals(n.playerId()) || before.amount() != n.amount()
                || !before.currency().equals(n.currency()))) {
            // A charge does not change its payer or amount; a delivery that says so is not believed.
            throw new RuleViolationException(CHARGE_MISMATCH, "PAYMENT_WEBHOOK", "charge " + n.chargeId()
                    + " was delivered before with a different player, amount or currency",
                    Map.of("chargeId", n.chargeId(), "provider", provider));
        }
        ChargeStatus status = locked.created() ? n.status() : before.status().max(n.status());
        Long orderId = before.orderId();
        if (n.status() == ChargeStatus.SUCCEEDED && orderId == null) {
            orderId = intake.submitConfirmedPayment(provider, n.chargeId(), n.playerId(), n.amount(), n.currency(), actor)
                    .order().id();
        }
        PaymentDelivery after = deliveries.update(before.id(), status, orderId, !locked.created(), before.lastError());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", provider);
        details.put("chargeId", n.chargeId());
        details.put("status", n.status().name());
        details.put("recordedStatus", status.name());
        details.put("duplicate", !locked.created());
        if (orderId != null) {
            details.put("orderId", String.valueOf(orderId));
        }
        if (status == ChargeStatus.REFUNDED && orderId != null) {
            // Refunded after the credit, or the credit arrived after the refund: never kept silently,
            // never voided here (the money may be spent); a REFUND flag for a supervisor (issue 17).
            fraud.raiseRefund(n.playerId(), orderId, provider, n.chargeId(), n.amount(), n.currency())
                    .ifPresent(flagId -> details.put("refundFlagId", String.valueOf(flagId)));
        }
        audit.append(AuditEvent.success(actor, "PAYMENT_WEBHOOK", "PAYMENT_DELIVERY", String.valueOf(after.id()), details));
        Optional<Order> order = orderId == null ? Optional.empty() : orders.find(orderId);
        return new Receipt(after, order, !locked.created());
    }

    /**
     * Approves the charge's order as the system. A concurrent redelivery may have approved it
     * first (a conflict, and the order is simply read again); a rule that refuses it (a deposit
     * limit, an exclusion) leaves it PENDING_REVIEW for an operator, with the reason on the charge.
     */
    private Receipt approve(Receipt recorded, Actor actor) {
        Order order = recorded.order().orElseThrow();
        String error = null;
        try {
            approvals.approve(order.id(), actor, "payment " + recorded.delivery().provider() + " charge "
                    + recorded.delivery().chargeId() + " succeeded");
        } catch (ConflictException alreadyDecided) {
            // Someone else decided it in the meantime; the order as it stands is the answer.
        } catch (RuleViolationException refused) {
            error = refused.code() + ": " + refused.getMessage();
        }
        String lastError = error;
        // The reason of an earlier refusal goes once the order is approved; a new refusal replaces it.
        boolean changed = !java.util.Objects.equals(lastError, recorded.delivery().lastError());
        PaymentDelivery delivery = !changed ? recorded.delivery() : tx.inTransaction(() -> deliveries.update(
                recorded.delivery().id(), recorded.delivery().status(), order.id(), false, lastError));
        Optional<Order> now = tx.read(() -> orders.find(order.id()));
        return new Receipt(delivery, now, recorded.duplicate());
    }

    private void auditMismatch(String provider, Valid n, Actor actor) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", provider);
        details.put("chargeId", n.chargeId());
        details.put("reason", CHARGE_MISMATCH);
        details.put("playerId", n.playerId());
        details.put("amount", n.amount());
        details.put("currency", n.currency());
        details.put("status", n.status().name());
        tx.run(() -> audit.append(new AuditEvent(actor, "PAYMENT_WEBHOOK", "PAYMENT_CHARGE", provider + ":" + n.chargeId(),
                AuditEvent.Outcome.DENIED, details)));
    }

    private UnauthorizedException refused(String provider, String origin, WebhookSignature.Refusal reason) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("provider", provider);
        details.put("reason", reason.name());
        // The origin is recorded by the actor; the header and the secret are never written anywhere.
        Actor anonymous = new Actor(ActorType.ANONYMOUS, null, "payment-webhook:" + provider, origin);
        tx.run(() -> audit.append(new AuditEvent(anonymous, "PAYMENT_WEBHOOK", "PAYMENT_PROVIDER", provider,
                AuditEvent.Outcome.DENIED, details)));
        return switch (reason) {
            case MISSING -> new UnauthorizedException("WEBHOOK_SIGNATURE_MISSING",
                    "send " + WebhookSignature.HEADER + ": t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\">");
            case MALFORMED -> new UnauthorizedException("WEBHOOK_SIGNATURE_INVALID",
                    WebhookSignature.HEADER + " is not of the form t=<unix seconds>,v1=<64 hex digits>");
            case STALE -> new UnauthorizedException("WEBHOOK_TIMESTAMP_STALE", "the signature's timestamp is more than "
                    + settings.tolerance().toSeconds() + " s away from the server's clock");
            case MISMATCH -> new UnauthorizedException("WEBHOOK_SIGNATURE_INVALID", "the signature does not match the body");
        };
    }

    private static String provider(String name) {
        String provider = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (!PROVIDER.matcher(provider).matches()) {
            throw new InvalidInputException("provider", "provider must be 1-32 letters, digits, '_' or '-'");
        }
        return provider;
    }

    private static Valid validate(PaymentNotice n) {
        if (n == null) {
            throw new InvalidInputException("INVALID_JSON", "body", "a JSON object body is required");
        }
        String chargeId = n.chargeId() == null ? "" : n.chargeId().trim();
        if (chargeId.isEmpty()) {
            throw new InvalidInputException("chargeId", "chargeId is required");
        }
        if (!CHARGE_ID.matcher(chargeId).matches()) {
            throw new InvalidInputException("chargeId", "chargeId must be 1-" + CHARGE_ID_LENGTH_MAX
                    + " printable characters without spaces");
        }
        String playerId = n.playerId() == null ? "" : n.playerId().trim();
        if (playerId.isEmpty()) {
            throw new InvalidInputException("playerId", "playerId is required");
        }
        if (n.amount() == null) {
            throw new InvalidInputException("amount", "amount is required (integer minor units)");
        }
        if (n.amount() <= 0 || n.amount() > OrderIntakeService.AMOUNT_MAX) {
            throw new InvalidInputException("amount", "amount must be between 1 and " + OrderIntakeService.AMOUNT_MAX
                    + " minor units");
        }
        String currency = n.currency() == null ? "" : n.currency().trim();
        if (!Money.isCurrency(currency)) {
            throw new InvalidInputException("currency", "currency must be an ISO 4217 code such as USD");
        }
        ChargeStatus status = OrderIntakeService.parseEnum(ChargeStatus.class, n.status(), "status");
        return new Valid(chargeId, playerId, n.amount(), currency, status);
    }
}
