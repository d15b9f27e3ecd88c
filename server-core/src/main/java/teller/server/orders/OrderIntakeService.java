package teller.server.orders;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import teller.server.audit.AuditLog;
import teller.server.common.Actor;
import teller.server.common.ActorType;
import teller.server.common.InvalidInputException;
import teller.server.common.RuleViolationException;
import teller.server.common.Sha256;
import teller.server.common.Transactor;
import teller.server.events.EventTypes;
import teller.server.events.Outbox;
import teller.server.players.PlayerStore;
import teller.server.proof.ProofIntake;
import teller.server.proof.ProofUpload;

/**
 * Takes orders into the approval queue. Idempotent on the order's key: the same key and body
 * returns the stored order again, the same key with another body is refused.
 */
public final class OrderIntakeService {
    public static final long AMOUNT_MAX = 1_000_000_000_000L;
    public static final int TEXT_LENGTH_MAX = 200;
    public static final int IDEMPOTENCY_KEY_LENGTH_MAX = 200;

    private final Transactor tx;
    private final OrderStore orders;
    private final PlayerStore players;
    private final AuditLog audit;
    private final Outbox outbox;
    private final ProofIntake proofs;
    private final IntakeScreen screen;

    public OrderIntakeService(Transactor tx, OrderStore orders, PlayerStore players, AuditLog audit, Outbox outbox,
                              ProofIntake proofs, IntakeScreen screen) {
        this.tx = tx;
        this.orders = orders;
        this.players = players;
        this.audit = audit;
        this.outbox = outbox;
        this.proofs = proofs;
        this.screen = screen;
    }

    public record Submitted(Order order, boolean duplicate) {
    }

    /** A validated order and its inspected proof (null without one). */
    record Validated(NewOrder order, ProofUpload proof) {
    }

    /**
     * A proof is spooled before the transaction (so a committed order never lacks its image) and
     * removed again if the order is not created: refused, failed, or a repeat of an earlier request.
     */
    public Submitted submit(IntakeRequest request, String idempotencyKey, Actor actor) {
        Validated validated = validate(request, idempotencyKey, actor);
        String spoolName = validated.proof() == null ? null : proofs.spool(validated.proof());
        Submitted submitted = null;
        try {
            submitted = insert(validated, spoolName, actor);
            return submitted;
        } finally {
            if (submitted == null || submitted.duplicate()) {
                proofs.discard(spoolName);
            }
        }
    }

    private Submitted insert(Validated validated, String spoolName, Actor actor) {
        NewOrder order = validated.order();
        return tx.inTransaction(() -> {
            var player = players.find(order.playerId()).orElseThrow(
                    () -> InvalidInputException.semantic("UNKNOWN_PLAYER", "playerId", "player " + order.playerId() + " does not exist"));
            if (!player.currency().equals(order.currency())) {
                throw InvalidInputException.semantic("CURRENCY_MISMATCH", "currency",
                        "the player's wallet is in " + player.currency() + ", not " + order.currency());
            }
            var inserted = orders.insertIfAbsent(order);
            if (!inserted.created()) {
                if (!inserted.order().requestHash().equals(order.requestHash())) {
                    throw new RuleViolationException("IDEMPOTENCY_KEY_REUSED", "IDEMPOTENCY_KEY",
                            "this idempotency key was already used for a different order",
                            Map.of("orderId", String.valueOf(inserted.order().id())));
                }
                return new Submitted(inserted.order(), true);
            }
            Order created = inserted.order();
            screen.screen(created, player);
            if (validated.proof() != null) {
                proofs.queue(created.id(), validated.proof(), spoolName);
            }
            OrderEvents.Announcement announced = OrderEvents.created(actor, created);
            announced.publish(audit, outbox);
            if (created.type() == OrderType.DEPOSIT) {
                outbox.emit(EventTypes.WALLET_LOAD_REQUESTED, "ORDER", String.valueOf(created.id()), announced.payload());
            }
            return new Submitted(created, false);
        });
    }

    /**
     * A deposit a payment provider confirmed through a signed webhook: channel WEBHOOK (which no
     * client may claim), keyed by the provider's charge so that every redelivery finds the same
     * order. Validated and inserted like any other order (decision 0036).
     */
    public Submitted submitConfirmedPayment(String provider, String chargeId, String playerId, long amount,
                                            String currency, Actor actor) {
        Validated checked = validate(new IntakeRequest(OrderType.DEPOSIT.name(), playerId, amount, currency, null,
                provider, Channel.API.name(), null, null), confirmedPaymentKey(provider, chargeId), actor);
        NewOrder o = checked.order();
        NewOrder confirmed = new NewOrder(o.type(), o.playerId(), o.amount(), o.currency(), null, o.paymentMethod(),
                Channel.WEBHOOK, null, o.idempotencyKey(), Sha256.hex("WEBHOOK|" + o.requestHash()), null,
                o.createdByType(), o.createdById());
        return insert(new Validated(confirmed, null), null, actor);
    }

    /** The order key of a provider's charge: one charge, one order. */
    public static String confirmedPaymentKey(String provider, String chargeId) {
        return "payment:" + provider + ":" + chargeId;
    }

    Validated validate(IntakeRequest r, String idempotencyKey, Actor actor) {
        OrderType type = parseEnum(OrderType.class, r.type(), "type");
        String playerId = requireText(r.playerId(), "playerId");
        if (r.amount() == null) {
            throw new InvalidInputException("amount", "amount is required (integer minor units)");
        }
        if (r.amount() <= 0 || r.amount() > AMOUNT_MAX) {
            throw new InvalidInputException("amount", "amount must be between 1 and " + AMOUNT_MAX + " minor units");
        }
        String currency = requireText(r.currency(), "currency");
        if (!teller.server.ledger.Money.isCurrency(currency)) {
            throw new InvalidInputException("currency", "currency must be an ISO 4217 code such as USD");
        }
        String gameName = optionalText(r.gameName(), "gameName");
        if (type == OrderType.GAME_LOAD && gameName == null) {
            throw new InvalidInputException("gameName", "gameName is required for a GAME_LOAD");
        }
        if (type == OrderType.DEPOSIT && gameName != null) {
            throw new InvalidInputException("gameName", "a DEPOSIT goes to the wallet and takes no gameName");
        }
        if (gameName != null && teller.server.ledger.AccountCodes.gameSlug(gameName).isEmpty()) {
            throw new InvalidInputException("gameName", "gameName needs at least one letter or digit");
        }
        String paymentMethod = optionalText(r.paymentMethod(), "paymentMethod");
        Channel channel = r.channel() == null ? Channel.API : parseEnum(Channel.class, r.channel(), "source.channel");
        if (channel == Channel.CONSOLE || channel == Channel.WEBHOOK) {
            throw new InvalidInputException("source.channel", "source.channel must be PORTAL, CHAT or API");
        }
        if (channel == Channel.CHAT && type != OrderType.GAME_LOAD) {
            // The chat bot only loads games; it never credits or pays out a wallet.
            throw InvalidInputException.semantic("CHAT_ORDER_TYPE", "type",
                    "an order from the CHAT channel must be a GAME_LOAD, not a " + type);
        }
        String conversationId = optionalText(r.conversationId(), "source.conversationId");
        ProofUpload proof = inspectProof(r.proofImageBase64(), type);
        String proofSha256 = proof == null ? null : proof.sha256();

        String key = idempotencyKey == null ? null : idempotencyKey.trim();
        if (key != null && (key.isEmpty() || key.length() > IDEMPOTENCY_KEY_LENGTH_MAX)) {
            throw new InvalidInputException("Idempotency-Key", "Idempotency-Key must be 1-" + IDEMPOTENCY_KEY_LENGTH_MAX + " characters");
        }
        if (key == null && channel == Channel.CHAT) {
            if (conversationId == null) {
                throw new InvalidInputException("source.conversationId",
                        "a CHAT order without an Idempotency-Key needs source.conversationId");
            }
            key = chatKey(playerId, conversationId, gameName, r.amount());
        }
        if (key == null) {
            key = "gen:" + UUID.randomUUID();
        }
        String requestHash = Sha256.hex(String.join("|", type.name(), playerId, String.valueOf(r.amount()), currency,
                String.valueOf(gameName), String.valueOf(paymentMethod), channel.name(), String.valueOf(conversationId),
                String.valueOf(proofSha256)));
        String createdByType = switch (actor.type()) {
            case OPERATOR -> "OPERATOR";
            case INTEGRATION, TELEGRAM_BOT -> "INTEGRATION";
            case SYSTEM, ANONYMOUS -> "SYSTEM";
        };
        String createdById = actor.type() == ActorType.SYSTEM ? actor.username() : actor.id();
        return new Validated(new NewOrder(type, playerId, r.amount(), currency, gameName, paymentMethod, channel,
                conversationId, key, requestHash, proofSha256, createdByType, createdById), proof);
    }

    /** Deterministic key of a chat order sent without one: SHA-256 of userId:conversationId:gameName:amount. */
    public static String chatKey(String playerId, String conversationId, String gameName, long amount) {
        return "chat:" + Sha256.hex(playerId + ":" + conversationId + ":" + (gameName == null ? "" : gameName) + ":" + amount);
    }

    private ProofUpload inspectProof(String base64, OrderType type) {
        if (base64 == null) {
            return null;
        }
        if (type != OrderType.DEPOSIT) {
            throw new InvalidInputException("proofImage", "only a DEPOSIT carries a payment proof");
        }
        return proofs.inspect(base64);
    }

    /** An enum value from client text (any case), or a 400 naming {@code field}. */
    public static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, field + " is required");
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, field + " must be one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static String requireText(String value, String field) {
        String text = optionalText(value, field);
        if (text == null) {
            throw new InvalidInputException(field, field + " is required");
        }
        return text;
    }

    private static String optionalText(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        if (text.length() > TEXT_LENGTH_MAX) {
            throw new InvalidInputException(field, field + " is longer than " + TEXT_LENGTH_MAX + " characters");
        }
        return text;
    }
}
