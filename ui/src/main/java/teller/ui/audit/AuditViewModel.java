package teller.ui.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import javafx.beans.binding.BooleanBinding;
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
import teller.ui.api.AuditApi;
import teller.ui.api.AuditApi.Entry;
import teller.ui.common.ErrorText;
import teller.ui.common.UiExecutors;

/**
 * The Audit log screen: the trail newest first, filtered by what {@code GET /api/v1/audit}
 * supports, paged with "Load more", one row's detail, and a check of the hash chain. Actors read
 * by username; the actor filter takes a username and completes it from the operators' names.
 */
public final class AuditViewModel {
    public static final int PAGE_SIZE_DEFAULT = 100;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.time.format.DateTimeFormatter SECONDS =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final AuditApi api;
    private final UiExecutors executors;
    private final ZoneId zone;
    private final int pageSize;

    private final StringProperty actorType = new SimpleStringProperty("");
    private final StringProperty actor = new SimpleStringProperty("");
    /** Every operator's username, for completing the actor filter; loaded with the first search. */
    private final ObservableList<String> usernames = FXCollections.observableArrayList();
    private final java.util.concurrent.Callable<java.util.List<String>> usernameSource;
    private boolean usernamesLoaded;
    private final StringProperty action = new SimpleStringProperty("");
    private final StringProperty resourceType = new SimpleStringProperty("");
    private final StringProperty resourceId = new SimpleStringProperty("");
    private final StringProperty outcome = new SimpleStringProperty("");
    private final ObjectProperty<LocalDate> fromDate = new SimpleObjectProperty<>();
    private final ObjectProperty<LocalDate> toDate = new SimpleObjectProperty<>();

    private final ObservableList<Entry> entries = FXCollections.observableArrayList();
    private final ObjectProperty<Entry> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<String> nextCursor = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper verifying = new ReadOnlyBooleanWrapper();
    private final ReadOnlyObjectWrapper<AuditApi.Verification> verification = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper verificationText = new ReadOnlyStringWrapper("");
    private final BooleanBinding hasMore;
    /** The query the rows on show answer; "Load more" continues it even if the filter fields changed since. */
    private AuditApi.Query shownQuery = AuditApi.Query.all();
    private long generation;

    public AuditViewModel(AuditApi api, UiExecutors executors) {
        this(api, executors, ZoneId.systemDefault(), PAGE_SIZE_DEFAULT);
    }

    public AuditViewModel(AuditApi api, UiExecutors executors, ZoneId zone, int pageSize) {
        this(api, executors, zone, pageSize, java.util.List::of);
    }

    /** @param usernameSource every operator's username (GET /api/v1/operators), for completing the actor filter */
    public AuditViewModel(AuditApi api, UiExecutors executors, ZoneId zone, int pageSize,
                          java.util.concurrent.Callable<java.util.List<String>> usernameSource) {
        this.usernameSource = Objects.requireNonNull(usernameSource);
        if (pageSize < 1 || pageSize > AuditApi.LIMIT_MAX) {
            throw new IllegalArgumentException("pageSize must be between 1 and " + AuditApi.LIMIT_MAX);
        }
        this.api = Objects.requireNonNull(api);
        this.executors = Objects.requireNonNull(executors);
        this.zone = zone;
        this.pageSize = pageSize;
        hasMore = nextCursor.isNotNull();
        selected.addListener((obs, before, entry) -> detail.set(entry == null ? "" : describe(entry)));
    }

    public StringProperty actorTypeProperty() {
        return actorType;
    }

    /** The actor filter: an operator's username. */
    public StringProperty actorProperty() {
        return actor;
    }

    /** The usernames that complete what the actor filter holds (all of them while it is empty), sorted. */
    public java.util.List<String> actorCompletions() {
        String typed = actor.get() == null ? "" : actor.get().trim().toLowerCase(java.util.Locale.ROOT);
        return usernames.stream().filter(u -> u.toLowerCase(java.util.Locale.ROOT).startsWith(typed)
                && !u.equalsIgnoreCase(typed)).sorted().toList();
    }

    /** Every operator's username as loaded; empty until the first search. */
    public ObservableList<String> usernames() {
        return usernames;
    }

    public StringProperty actionProperty() {
        return action;
    }

    public StringProperty resourceTypeProperty() {
        return resourceType;
    }

    public StringProperty resourceIdProperty() {
        return resourceId;
    }

    public StringProperty outcomeProperty() {
        return outcome;
    }

    public ObjectProperty<LocalDate> fromDateProperty() {
        return fromDate;
    }

    /** The last day shown, inclusive. */
    public ObjectProperty<LocalDate> toDateProperty() {
        return toDate;
    }

    public ObservableList<Entry> entries() {
        return entries;
    }

    public ObjectProperty<Entry> selectedProperty() {
        return selected;
    }

    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    public BooleanBinding hasMoreProperty() {
        return hasMore;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty verifyingProperty() {
        return verifying.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<AuditApi.Verification> verificationProperty() {
        return verification.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty verificationTextProperty() {
        return verificationText.getReadOnlyProperty();
    }

    /** Loads the first page for the filter fields. */
    public void search() {
        AuditApi.Query query;
        try {
            query = query();
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        loadUsernames();
        long mine = ++generation;
        loading.set(true);
        error.set("");
        executors.run(() -> api.page(query, null, pageSize), page -> {
            if (mine != generation) {
                return;
            }
            loading.set(false);
            shownQuery = query;
            entries.setAll(page.items());
            nextCursor.set(page.nextCursor());
            selected.set(null);
        }, failure -> {
            if (mine == generation) {
                loading.set(false);
                error.set(ErrorText.of(failure));
            }
        });
    }

    private void loadUsernames() {
        if (usernamesLoaded) {
            return;
        }
        usernamesLoaded = true;
        executors.run(usernameSource, usernames::setAll, failure -> usernamesLoaded = false);
    }

    /** Appends the next page of the query on show. */
    public void loadMore() {
        String cursor = nextCursor.get();
        if (cursor == null || loading.get()) {
            return;
        }
        long mine = ++generation;
        AuditApi.Query query = shownQuery;
        loading.set(true);
        error.set("");
        executors.run(() -> api.page(query, cursor, pageSize), page -> {
            if (mine != generation) {
                return;
            }
            loading.set(false);
            entries.addAll(page.items());
            nextCursor.set(page.nextCursor());
        }, failure -> {
            if (mine == generation) {
                loading.set(false);
                error.set(ErrorText.of(failure));
            }
        });
    }

    /** Clears every filter and reloads. */
    public void clearFilters() {
        actorType.set("");
        actor.set("");
        action.set("");
        resourceType.set("");
        resourceId.set("");
        outcome.set("");
        fromDate.set(null);
        toDate.set(null);
        search();
    }

    /** Re-hashes the whole chain on the server. */
    public void verify() {
        if (verifying.get()) {
            return;
        }
        verifying.set(true);
        verificationText.set("Verifying the chain...");
        executors.run(api::verify, result -> {
            verifying.set(false);
            verification.set(result);
            verificationText.set(describe(result));
        }, failure -> {
            verifying.set(false);
            verification.set(null);
            verificationText.set("Could not verify: " + ErrorText.of(failure));
        });
    }

    static String describe(AuditApi.Verification result) {
        if (result.intact()) {
            return "Chain intact: " + result.rowsChecked() + " rows checked"
                    + (result.unsealed() > 0 ? ", " + result.unsealed() + " newest not sealed yet" : "") + ".";
        }
        return "Chain BROKEN at entry " + result.firstBrokenId()
                + (result.problem() == null ? "" : ": " + result.problem()) + " (" + result.rowsChecked() + " rows checked).";
    }

    AuditApi.Query query() {
        LocalDate from = fromDate.get();
        LocalDate to = toDate.get();
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("The date range ends before it starts.");
        }
        return new AuditApi.Query(actorType.get(), actor.get(), action.get(), resourceType.get(), resourceId.get(),
                outcome.get(),
                from == null ? null : from.atStartOfDay(zone).toInstant(),
                // The server's "to" is exclusive; the operator's last day is included.
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant());
    }

    /**
     * Who acted, as an operator reads it: "maria", else "Integration portal", "Teller itself auto-retry".
     * (Here, not on {@link Entry}: the API client knows no console wording.)
     */
    public static String actorName(Entry entry) {
        if (entry.actorUsername() != null && !entry.actorUsername().isBlank()) {
            return entry.actorUsername();
        }
        String type = teller.ui.common.Labels.label(entry.actorType());
        return entry.actorId() == null || entry.actorId().isBlank() ? type : type + " " + entry.actorId();
    }

    /**
     * What the row acted on: its type and, for an operator, the username ("OPERATOR admin"), else the id
     * ("ORDER 6"); empty when the row names none.
     */
    public static String resourceName(Entry entry) {
        String type = entry.resourceType() == null ? "" : entry.resourceType();
        String name = entry.resourceUsername() != null && !entry.resourceUsername().isBlank() ? entry.resourceUsername()
                : entry.resourceId();
        return name == null || name.isBlank() ? type : type.isEmpty() ? name : type + " " + name;
    }

    private String describe(Entry entry) {
        StringBuilder text = new StringBuilder();
        text.append("Entry      ").append(entry.id()).append(entry.sealed() ? " (sealed in the chain)" : " (not sealed yet)")
                .append('\n');
        text.append("At         ").append(entry.at() == null ? "—" : SECONDS.format(entry.at().atZone(zone))).append('\n');
        text.append("Actor      ").append(actorName(entry)).append(" (").append(teller.ui.common.Labels.label(entry.actorType()))
                .append(entry.actorId() == null ? "" : " " + entry.actorId()).append(")\n");
        text.append("From       ").append(orDash(entry.origin())).append('\n');
        text.append("Action     ").append(entry.action()).append(" → ").append(teller.ui.common.Labels.label(entry.outcome()))
                .append('\n');
        text.append("Resource   ").append(resourceName(entry).isEmpty() ? "—" : resourceName(entry));
        if (entry.resourceUsername() != null && entry.resourceId() != null) {
            text.append(" (id ").append(entry.resourceId()).append(')');
        }
        text.append("\n\n");
        text.append("Details\n").append(pretty(entry.details()));
        return text.toString();
    }

    private static String pretty(JsonNode details) {
        if (details == null || details.isNull() || details.isEmpty()) {
            return "(none)";
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(details);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return details.toString();
        }
    }

    private static String orDash(String text) {
        return text == null || text.isBlank() ? "—" : text;
    }
}
