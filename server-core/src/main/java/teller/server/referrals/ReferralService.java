package teller.server.referrals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.server.audit.AuditEvent;
import teller.server.audit.AuditLog;
import teller.server.common.Actor;
import teller.server.common.ConflictException;
import teller.server.common.InvalidInputException;
import teller.server.common.NotFoundException;
import teller.server.common.Page;
import teller.server.common.Transactor;
import teller.server.ledger.AccountCodes;
import teller.server.ledger.AccountType;
import teller.server.ledger.Ledger;
import teller.server.ledger.Leg;
import teller.server.ledger.TransferRequest;
import teller.server.players.Player;
import teller.server.players.PlayerService;
import teller.server.players.PlayerStore;

/**
 * Referrals (decision 0037): who referred a player (set once, never a loop), and the rewards a
 * referrer earns on executed deposits of the players it referred. Rewards are found after the fact
 * by {@link #scan} (the approval path is untouched) and paid by {@link #grant}; a reward that fails
 * is retried with backoff and never holds up the deposit that earned it.
 */
public final class ReferralService {
    private static final Logger log = LoggerFactory.getLogger(ReferralService.class);
    /** No honest referral chain is this deep; a longer walk means the graph is broken. */
    public static final int CHAIN_DEPTH_MAX = 100_000;
    public static final String TRANSFER_KIND = "REFERRAL_REWARD";
    public static final int ERROR_LENGTH_MAX = 500;

    private final Transactor tx;
    private final ReferralStore store;
    private final PlayerStore players;
    private final Ledger ledger;
    private final AuditLog audit;
    private final ReferralSettings settings;

    public ReferralService(Transactor tx, ReferralStore store, PlayerStore players, Ledger ledger, AuditLog audit,
                           ReferralSettings settings) {
        this.tx = tx;
        this.store = store;
        this.players = players;
        this.ledger = ledger;
        this.audit = audit;
        this.settings = settings;
    }

    public ReferralSettings settings() {
        return settings;
    }

    /** Links a player to its referrer. Idempotent for the same referrer; a different one is a conflict. */
    public Player setReferrer(String playerId, String referrerId, Actor actor) {
        if (referrerId == null || referrerId.isBlank()) {
            throw new InvalidInputException("referrerId", "referrerId is required");
        }
        String referrer = referrerId.trim();
        return tx.inTransaction(() -> {
            store.lockGraph();
            Player player = players.find(playerId).orElseThrow(() -> new NotFoundException("player", playerId));
            if (referrer.equals(player.id())) {
                throw InvalidInputException.semantic("SELF_REFERRAL", "referrerId", "a player cannot refer itself");
            }
            Player referrerPlayer = players.find(referrer).orElseThrow(() -> InvalidInputException.semantic(
                    "UNKNOWN_PLAYER", "referrerId", "player " + referrer + " does not exist"));
            if (player.referrerId() != null) {
                if (player.referrerId().equals(referrer)) {
                    return player;
                }
                throw new ConflictException("REFERRER_ALREADY_SET", "player " + playerId + " was already referred by "
                        + player.referrerId() + "; a referrer is set once", Map.of("referrerId", player.referrerId()));
            }
            // Walk up from the new referrer: meeting the player again would close a loop.
            String current = referrerPlayer.referrerId();
            for (int depth = 0; current != null; depth++) {
                if (current.equals(player.id())) {
                    throw InvalidInputException.semantic("REFERRAL_LOOP", "referrerId", "player " + referrer
                            + " was itself referred, directly or through others, by " + player.id());
                }
                if (depth > CHAIN_DEPTH_MAX) {
                    throw new IllegalStateException("the referral chain above " + referrer + " is longer than "
                            + CHAIN_DEPTH_MAX);
                }
                current = players.find(current).map(Player::referrerId).orElse(null);
            }
            if (!store.setReferrer(player.id(), referrer)) {
                throw new IllegalStateException("player " + playerId + " gained a referrer under the graph lock");
            }
            audit.append(AuditEvent.success(actor, "PLAYER_REFERRER_SET", "PLAYER", player.id(),
                    Map.of("referrerId", referrer)));
            return players.find(player.id()).orElseThrow();
        });
    }

    /**
     * Registers a player ({@code registration}: a call of {@link PlayerService#register}) and, when
     * {@code referrerId} is given, links its referrer in the same transaction under the rules of
     * {@link #setReferrer}, audited the same way. A referrer that would be refused refuses the
     * registration too, and nothing is written. For a player that already exists (a repeated
     * registration) the link behaves exactly as {@link #setReferrer}.
     */
    public PlayerService.Registration registerReferred(Supplier<PlayerService.Registration> registration,
                                                       String referrerId, Actor actor) {
        if (referrerId == null) {
            return registration.get();
        }
        return tx.inTransaction(() -> {
            // Before the player row, as setReferrer takes it before reading players.
            store.lockGraph();
            PlayerService.Registration registered = registration.get();
            setReferrer(registered.account().player().id(), referrerId, actor);
            return registered;
        });
    }

    /** A referrer's standing and the rewards it earned, newest first. */
    public record Referrals(Player player, long referredPlayers, int level, int percent, Page<ReferralReward> rewards) {
    }

    public Referrals referrals(String playerId, String cursor, int limit) {
        return tx.read(() -> {
            Player player = players.find(playerId).orElseThrow(() -> new NotFoundException("player", playerId));
            long referred = store.referredCount(playerId);
            int level = settings.levelOf(referred);
            return new Referrals(player, referred, level, settings.percentOf(level),
                    store.rewardsOf(playerId, cursor, limit));
        });
    }

    /**
     * One scanner iteration: turns executed deposits of referred players into reward rows (amount
     * fixed now, from the referrer's level now), then moves the watermark as far as is safe. Returns
     * how many rewards it found. Only one scanner works at a time; the others skip.
     */
    public int scan() {
        if (!settings.enabled()) {
            return 0;
        }
        return tx.inTransaction(() -> {
            var watermark = store.lockScan();
            if (watermark.isEmpty()) {
                return 0;
            }
            long from = watermark.getAsLong();
            List<ReferralStore.Candidate> found = store.candidates(from, settings.batchSizeMax());
            int inserted = 0;
            for (ReferralStore.Candidate c : found) {
                inserted += store.insertReward(reward(c)) ? 1 : 0;
            }
            long safe = store.safeWatermark(from, settings.scanGrace().toSeconds());
            if (found.size() == settings.batchSizeMax()) {
                // Candidates beyond this batch were not looked at yet.
                safe = Math.min(safe, found.get(found.size() - 1).orderId());
            }
            if (safe > from) {
                store.advanceScan(safe);
            }
            return inserted;
        });
    }

    private ReferralStore.NewReward reward(ReferralStore.Candidate c) {
        int level = settings.levelOf(c.referredCount());
        int percent = settings.percentOf(level);
        long amount = ReferralSettings.reward(c.amount(), percent);
        ReferralReward.Status status = ReferralReward.Status.PENDING;
        String note = null;
        if (!c.currency().equals(c.referrerCurrency())) {
            status = ReferralReward.Status.SKIPPED;
            note = "CURRENCY_MISMATCH: the referrer's wallet is in " + c.referrerCurrency() + ", the deposit in "
                    + c.currency();
        } else if (amount == 0) {
            status = ReferralReward.Status.SKIPPED;
            note = "NOTHING_TO_PAY: " + percent + " % of " + c.amount() + " rounds to zero";
        }
        return new ReferralStore.NewReward(c.buyerId(), c.orderId(), c.referrerId(), Math.max(level, 1), percent,
                c.amount(), amount, c.currency(), status, note);
    }

    /** Pays due rewards, one transaction each, up to the batch size; returns how many were paid. */
    public int grant() {
        if (!settings.enabled()) {
            return 0;
        }
        int granted = 0;
        java.util.Set<Long> failed = new java.util.HashSet<>();
        for (int i = 0; i < settings.batchSizeMax(); i++) {
            AtomicLong claimed = new AtomicLong(-1);
            java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
            try {
                boolean paid = tx.inTransaction(() -> {
                    var due = store.claimDue(failed);
                    if (due.isEmpty()) {
                        return false;
                    }
                    ReferralReward r = due.get();
                    claimed.set(r.id());
                    attempts.set(r.attempts());
                    pay(r);
                    return true;
                });
                if (!paid) {
                    break;
                }
                granted++;
            } catch (RuntimeException e) {
                if (claimed.get() < 0) {
                    throw e;
                }
                failed.add(claimed.get());
                recordFailure(claimed.get(), attempts.get() + 1, e);
            }
        }
        return granted;
    }

    private void pay(ReferralReward r) {
        Player referrer = players.find(r.referrerId())
                .orElseThrow(() -> new IllegalStateException("referrer " + r.referrerId() + " does not exist"));
        long house = ledger.openAccount(AccountCodes.referralRewards(r.currency()), AccountType.EXPENSE, r.currency(),
                null, 1);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("orderId", String.valueOf(r.orderId()));
        metadata.put("buyerId", r.buyerId());
        metadata.put("referrerId", r.referrerId());
        metadata.put("level", r.level());
        metadata.put("percent", r.percent());
        // No orderId on the transfer: the order's own posting stays its only transaction (verify
        // counts postings per order); the key ties the reward to the order instead.
        var result = ledger.transfer(new TransferRequest(rewardKey(r.buyerId(), r.orderId()), TRANSFER_KIND, null,
                r.currency(), List.of(Leg.debit(house, r.amount()), Leg.credit(referrer.walletAccountId(), r.amount())),
                false, metadata, null));
        store.markGranted(r.id(), result.transactionId());
        audit.append(AuditEvent.success(Actor.system("referral-rewards"), "REFERRAL_REWARD", "PLAYER", r.referrerId(),
                Map.of("orderId", String.valueOf(r.orderId()), "buyerId", r.buyerId(), "amount", r.amount(),
                        "currency", r.currency(), "transactionId", String.valueOf(result.transactionId()))));
    }

    /** The ledger idempotency key of the reward for one buyer's order. */
    public static String rewardKey(String buyerId, long orderId) {
        return "referral:" + buyerId + ":" + orderId;
    }

    private void recordFailure(long rewardId, int attempt, RuntimeException e) {
        boolean giveUp = attempt >= settings.attemptsMax();
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (error.length() > ERROR_LENGTH_MAX) {
            error = error.substring(0, ERROR_LENGTH_MAX);
        }
        long delay = settings.backoffAfter(attempt).toMillis();
        String recorded = error;
        log.warn("referral reward {} failed (attempt {} of {}); {}", rewardId, attempt, settings.attemptsMax(),
                giveUp ? "giving up" : "retrying in " + delay + " ms", e);
        tx.run(() -> store.markFailedAttempt(rewardId, recorded, delay, giveUp));
    }
}
