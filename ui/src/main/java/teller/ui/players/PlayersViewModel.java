package teller.ui.players;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import teller.ui.api.OperatorInfo;
import teller.ui.api.OrderQuery;
import teller.ui.api.OrderView;
import teller.ui.api.ProvidersApi;
import teller.ui.providers.OrderVoids;
import teller.ui.api.PlayersApi;
import teller.ui.api.TellerClient;
import teller.ui.common.ErrorText;
import teller.ui.common.LiveReload;
import teller.ui.common.UiExecutors;

/**
 * The player desk: search as you type (id or username), and the chosen player's card — balance and
 * available funds, KYC (set by SUPERVISOR or ADMIN), self-exclusion (set by those who decide; the
 * server refuses to shorten one), limits, fraud score, referrals, recent orders and the wallet's
 * statement with its running balance. The server checks every change again; this model only
 * disables what the operator's roles cannot do and says why.
 */
public final class PlayersViewModel {
    public static final int SEARCH_LIMIT = 50;
    public static final int RECENT_ORDERS = 20;
    public static final int STATEMENT_LINES = 100;
    public static final List<String> KYC_STATUSES = List.of("NONE", "PENDING", "VERIFIED", "REJECTED");
    public static final List<String> EXCLUSION_TYPES = List.of("TEMPORARY", "EXTENDED", "PERMANENT");
    private static final List<String> KYC_ROLES = List.of("SUPERVISOR", "ADMIN");
    private static final List<String> EXCLUSION_ROLES = List.of("APPROVER", "SUPERVISOR", "ADMIN");
    public static final String KYC_REASON = "Setting KYC needs the SUPERVISOR or ADMIN role";
    public static final String LIMITS_REASON = "Changing a player's limits needs the SUPERVISOR or ADMIN role";
    public static final String EXCLUSION_REASON = "Recording a self-exclusion needs the APPROVER, SUPERVISOR or ADMIN role";

    /** Everything the card shows, loaded together. */
    public record CardData(PlayersApi.Card card, List<PlayersApi.StatementLine> statement, List<OrderView> orders,
                           PlayersApi.Referrals referrals) {
    }

    private final PlayersApi api;
    private final TellerClient client;
    private final UiExecutors executors;
    private final boolean mayKyc;
    private final boolean mayExclude;

    private final StringProperty searchText = new SimpleStringProperty("");
    private final ObservableList<PlayersApi.Listed> results = FXCollections.observableArrayList();
    private final ObjectProperty<PlayersApi.Listed> selected = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<PlayersApi.Card> card = new ReadOnlyObjectWrapper<>();
    private final ObservableList<PlayersApi.StatementLine> statement = FXCollections.observableArrayList();
    private final ObservableList<OrderView> orders = FXCollections.observableArrayList();
    private final ObjectProperty<OrderView> selectedOrder = new SimpleObjectProperty<>();
    private final ObjectProperty<PlayersApi.Limit> selectedLimit = new SimpleObjectProperty<>();
    private final StringBinding limitRefusal;
    private LimitPrompts limitPrompts = editor -> { };
    private final boolean mayLimit;
    private final OrderVoids voids;
    private final StringBinding voidRefusal;
    private final ObservableList<PlayersApi.Limit> limits = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper referrals = new ReadOnlyStringWrapper("");
    private final ObjectProperty<String> kycChoice = new SimpleObjectProperty<>();
    private final ObjectProperty<String> exclusionType = new SimpleObjectProperty<>("TEMPORARY");
    private final ObjectProperty<LocalDate> exclusionUntil = new SimpleObjectProperty<>();
    private final ReadOnlyBooleanWrapper searching = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper loadingCard = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper saving = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final BooleanBinding canSetKyc;
    private final BooleanBinding canSetExclusion;
    private final LiveReload liveCard = new LiveReload(loadingCard::get, this::reloadCard);
    private long searchGeneration;
    private long cardGeneration;

    public PlayersViewModel(TellerClient client, UiExecutors executors, OperatorInfo operator) {
        this(client, executors, operator, summary -> java.util.Optional.empty());
    }

    /** @param voidDialogs asks the reason of a void from the recent orders */
    public PlayersViewModel(TellerClient client, UiExecutors executors, OperatorInfo operator,
                            teller.ui.providers.FailedExecutionsViewModel.VoidDialogs voidDialogs) {
        this.voids = new OrderVoids(new ProvidersApi(client), executors, voidDialogs, operator.roles());
        voidRefusal = Bindings.createStringBinding(() -> orEmpty(voids.refusal(selectedOrder.get())), selectedOrder);
        mayLimit = operator.roles().stream().anyMatch(KYC_ROLES::contains);
        limitRefusal = Bindings.createStringBinding(() -> {
            PlayersApi.Limit limit = selectedLimit.get();
            if (!mayLimit) {
                return LIMITS_REASON;
            }
            if (card.get() == null || limit == null) {
                return "Choose a limit to change.";
            }
            if (!LimitOverrideEditor.money(limit.rule())) {
                return "The withdrawal cooldown is counted in seconds, not money: it is not changed here.";
            }
            return "";
        }, selectedLimit, card);
        this.client = client;
        this.api = new PlayersApi(client);
        this.executors = executors;
        this.mayKyc = operator.roles().stream().anyMatch(KYC_ROLES::contains);
        this.mayExclude = operator.roles().stream().anyMatch(EXCLUSION_ROLES::contains);
        canSetKyc = Bindings.createBooleanBinding(() -> mayKyc && !saving.get() && card.get() != null
                && kycChoice.get() != null && !kycChoice.get().equals(card.get().kycStatus()), saving, card, kycChoice);
        canSetExclusion = Bindings.createBooleanBinding(() -> mayExclude && !saving.get() && card.get() != null
                && exclusionType.get() != null && ("PERMANENT".equals(exclusionType.get()) || exclusionUntil.get() != null),
                saving, card, exclusionType, exclusionUntil);
        searchText.addListener((obs, before, text) -> search());
        selected.addListener((obs, before, player) -> {
            if (player != null && (card.get() == null || !card.get().id().equals(player.id()))) {
                open(player.id());
            }
        });
    }

    public StringProperty searchTextProperty() {
        return searchText;
    }

    public ObservableList<PlayersApi.Listed> results() {
        return results;
    }

    public ObjectProperty<PlayersApi.Listed> selectedProperty() {
        return selected;
    }

    public ReadOnlyObjectProperty<PlayersApi.Card> cardProperty() {
        return card.getReadOnlyProperty();
    }

    public ObservableList<PlayersApi.StatementLine> statement() {
        return statement;
    }

    public ObservableList<OrderView> orders() {
        return orders;
    }

    public ObservableList<PlayersApi.Limit> limits() {
        return limits;
    }

    public ReadOnlyStringProperty referralsProperty() {
        return referrals.getReadOnlyProperty();
    }

    public ObjectProperty<String> kycChoiceProperty() {
        return kycChoice;
    }

    public ObjectProperty<String> exclusionTypeProperty() {
        return exclusionType;
    }

    public ObjectProperty<LocalDate> exclusionUntilProperty() {
        return exclusionUntil;
    }

    public ReadOnlyBooleanProperty searchingProperty() {
        return searching.getReadOnlyProperty();
    }

    /** True while a change (KYC, exclusion, limits, a void) is being sent. */
    public ReadOnlyBooleanProperty savingProperty() {
        return saving.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingCardProperty() {
        return loadingCard.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public BooleanBinding canSetKycProperty() {
        return canSetKyc;
    }

    public BooleanBinding canSetExclusionProperty() {
        return canSetExclusion;
    }

    public boolean mayKyc() {
        return mayKyc;
    }

    public boolean mayExclude() {
        return mayExclude;
    }

    /** Searches for the current text; an answer to an older search is dropped. */
    public void search() {
        long mine = ++searchGeneration;
        String text = searchText.get();
        searching.set(true);
        executors.run(() -> api.search(text, null, SEARCH_LIMIT), page -> {
            if (mine != searchGeneration) {
                return;
            }
            searching.set(false);
            results.setAll(page.items());
        }, failure -> {
            if (mine != searchGeneration) {
                return;
            }
            searching.set(false);
            error.set(ErrorText.of(failure));
        });
    }

    /** Opens a player's card by id (from the list, or from another screen). */
    public void open(String playerId) {
        load(playerId);
    }

    /** Something about players or orders changed on the server: the list and the open card reload. */
    public void serverChanged() {
        search();
        if (card.get() != null) {
            liveCard.changed();
        }
    }

    private void reloadCard() {
        if (card.get() != null) {
            load(card.get().id());
        }
    }

    private void load(String playerId) {
        long mine = ++cardGeneration;
        loadingCard.set(true);
        error.set("");
        executors.run(() -> {
            PlayersApi.Card loaded = api.card(playerId);
            var lines = api.statement(loaded.walletAccountId(), null, STATEMENT_LINES).items();
            var recent = client.listOrders(new OrderQuery(null, null, playerId, RECENT_ORDERS, null)).items();
            var referred = api.referrals(playerId);
            return new CardData(loaded, lines, recent, referred);
        }, data -> {
            if (mine != cardGeneration) {
                return;
            }
            loadingCard.set(false);
            show(data);
            liveCard.loaded();
        }, failure -> {
            if (mine != cardGeneration) {
                return;
            }
            loadingCard.set(false);
            error.set(ErrorText.of(failure));
            liveCard.loaded();
        });
    }

    private void show(CardData data) {
        boolean samePlayer = card.get() != null && card.get().id().equals(data.card().id());
        card.set(data.card());
        statement.setAll(data.statement());
        orders.setAll(data.orders());
        limits.setAll(data.card().limits());
        PlayersApi.Referrals r = data.referrals();
        referrals.set(r == null ? "" : "level " + r.level() + " · " + (r.referredPlayers() == null ? 0 : r.referredPlayers())
                + " referred · " + r.items().size() + " rewards" + (r.referrerId() == null ? "" : " · referred by " + r.referrerId()));
        if (!samePlayer || kycChoice.get() == null) {
            kycChoice.set(data.card().kycStatus());
        }
    }

    /** Opens the limit override dialog (the checked dialog the approval caps use). */
    public interface LimitPrompts {
        void editLimit(LimitOverrideEditor editor);
    }

    public void setLimitPrompts(LimitPrompts prompts) {
        this.limitPrompts = prompts == null ? editor -> { } : prompts;
    }

    /** The limit chosen in the card's Limits tab. */
    public ObjectProperty<PlayersApi.Limit> selectedLimitProperty() {
        return selectedLimit;
    }

    /** Why the chosen limit cannot be changed here, or empty. */
    public StringBinding limitRefusalProperty() {
        return limitRefusal;
    }

    /**
     * The dialog of the chosen limit's override, for the prompts to show (or a test to drive); null when
     * it cannot be changed. Saving it reloads the card.
     */
    public LimitOverrideEditor limitEditor() {
        PlayersApi.Card open = card.get();
        PlayersApi.Limit limit = selectedLimit.get();
        if (!limitRefusal.get().isEmpty() || open == null || limit == null) {
            return null;
        }
        return new LimitOverrideEditor(api, executors, open, limit, updated -> {
            message.set(LimitOverrideEditor.name(limit.rule()) + " of " + updated.username() + " changed");
            load(updated.id());
        });
    }

    /** Opens the dialog of the chosen limit's override. */
    public void editLimit() {
        LimitOverrideEditor editor = limitEditor();
        if (editor != null) {
            limitPrompts.editLimit(editor);
        }
    }

    /** Lifts the chosen limit's override: the default applies again. */
    public void useDefaultLimit() {
        PlayersApi.Card open = card.get();
        PlayersApi.Limit limit = selectedLimit.get();
        if (!mayLimit || open == null || limit == null || limit.override() == null || saving.get()) {
            return;
        }
        saving.set(true);
        error.set("");
        executors.run(() -> api.setLimits(open.id(), LimitOverrideEditor.overridesWith(open, limit.rule(), null)), updated -> {
            saving.set(false);
            message.set(LimitOverrideEditor.name(limit.rule()) + " of " + updated.username() + " uses the default again");
            load(updated.id());
        }, failure -> {
            saving.set(false);
            error.set(ErrorText.of(failure));
        });
    }

    /** The order chosen in the card's recent orders (Void works on it). */
    public ObjectProperty<OrderView> selectedOrderProperty() {
        return selectedOrder;
    }

    /** Why Void is off for the chosen recent order, or empty. */
    public StringBinding voidRefusalProperty() {
        return voidRefusal;
    }

    /**
     * Asks for a reason and voids the chosen executed order (SUPERVISOR, ADMIN): the card then
     * reloads, its statement showing the reversal.
     */
    public void voidSelectedOrder() {
        OrderView order = selectedOrder.get();
        if (saving.get()) {
            return;
        }
        error.set("");
        boolean sent = voids.voidOrder(order, voided -> {
            saving.set(false);
            message.set("Order " + voided.id() + " voided: " + voided.status() + "; the reversal is in the statement");
            load(voided.playerId());
        }, failure -> {
            saving.set(false);
            error.set(ErrorText.of(failure));
        });
        saving.set(sent);
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    /** Sets the chosen KYC status on the open player (SUPERVISOR, ADMIN). */
    public void setKyc() {
        PlayersApi.Card open = card.get();
        String status = kycChoice.get();
        if (!canSetKyc.get() || open == null) {
            return;
        }
        saving.set(true);
        error.set("");
        executors.run(() -> api.setKyc(open.id(), status), updated -> {
            saving.set(false);
            message.set("KYC of " + updated.username() + " is " + teller.ui.common.Labels.label(updated.kycStatus())
                    .toLowerCase(java.util.Locale.ROOT));
            load(updated.id());
        }, failure -> {
            saving.set(false);
            error.set(ErrorText.of(failure));
        });
    }

    /**
     * Records the chosen self-exclusion on the open player, until the end of the chosen day (UTC);
     * PERMANENT has no end. The server refuses one that would end sooner than the one in force.
     */
    public void setExclusion() {
        PlayersApi.Card open = card.get();
        String type = exclusionType.get();
        LocalDate day = exclusionUntil.get();
        if (!canSetExclusion.get() || open == null) {
            return;
        }
        Instant until = "PERMANENT".equals(type) || day == null ? null : day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        saving.set(true);
        error.set("");
        executors.run(() -> api.setExclusion(open.id(), type, until), updated -> {
            saving.set(false);
            message.set(updated.username() + " is self-excluded (" + type + ")");
            load(updated.id());
        }, failure -> {
            saving.set(false);
            error.set(ErrorText.of(failure));
        });
    }
}
