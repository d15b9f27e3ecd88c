package teller.ui.ledger;

import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import teller.ui.api.LedgerApi;
import teller.ui.api.OperatorInfo;
import teller.ui.api.PlayersApi;
import teller.ui.common.ErrorText;
import teller.ui.common.LiveReload;
import teller.ui.common.UiExecutors;

/**
 * The ledger browser (ADMIN, AUDITOR): accounts by code prefix, the chosen account's entries with
 * the running balance, the chosen entry's transaction with all its legs, and Verify, which shows
 * what the server's re-check of every invariant found.
 */
public final class LedgerViewModel {
    public static final int ACCOUNTS_LIMIT = 200;
    public static final int ENTRIES_LIMIT = 200;
    static final List<String> SCREEN_ROLES = List.of("ADMIN", "AUDITOR");
    private static final List<String> VERIFY_ROLES = List.of("SUPERVISOR", "ADMIN", "AUDITOR");
    public static final String VERIFY_REASON = "Verify needs the SUPERVISOR, ADMIN or AUDITOR role";

    private final LedgerApi api;
    private final UiExecutors executors;
    private final boolean mayVerify;

    private final StringProperty codeFilter = new SimpleStringProperty("");
    private final ObservableList<LedgerApi.Account> accounts = FXCollections.observableArrayList();
    private final ObjectProperty<LedgerApi.Account> selectedAccount = new SimpleObjectProperty<>();
    private final ObservableList<PlayersApi.StatementLine> entries = FXCollections.observableArrayList();
    private final ObjectProperty<PlayersApi.StatementLine> selectedEntry = new SimpleObjectProperty<>();
    private final ObjectProperty<LedgerApi.Transaction> transaction = new SimpleObjectProperty<>();
    private final ObservableList<LedgerApi.Leg> legs = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper verifyResult = new ReadOnlyStringWrapper("");
    private final ObservableList<LedgerApi.Discrepancy> discrepancies = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper verifying = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final BooleanBinding canVerify;
    private final LiveReload live = new LiveReload(loading::get, this::reloadEntries);
    private long accountsGeneration;
    private long entriesGeneration;

    public LedgerViewModel(LedgerApi api, UiExecutors executors, OperatorInfo operator) {
        this.api = api;
        this.executors = executors;
        this.mayVerify = operator.roles().stream().anyMatch(VERIFY_ROLES::contains);
        canVerify = Bindings.createBooleanBinding(() -> mayVerify && !verifying.get(), verifying);
        codeFilter.addListener((obs, before, text) -> refresh());
        selectedAccount.addListener((obs, before, account) -> reloadEntries());
        selectedEntry.addListener((obs, before, entry) -> {
            if (entry != null) {
                openTransaction(entry.transactionId());
            }
        });
    }

    public static boolean availableTo(OperatorInfo operator) {
        return operator.roles().stream().anyMatch(SCREEN_ROLES::contains);
    }

    public StringProperty codeFilterProperty() {
        return codeFilter;
    }

    public ObservableList<LedgerApi.Account> accounts() {
        return accounts;
    }

    public ObjectProperty<LedgerApi.Account> selectedAccountProperty() {
        return selectedAccount;
    }

    public ObservableList<PlayersApi.StatementLine> entries() {
        return entries;
    }

    public ObjectProperty<PlayersApi.StatementLine> selectedEntryProperty() {
        return selectedEntry;
    }

    public ObjectProperty<LedgerApi.Transaction> transactionProperty() {
        return transaction;
    }

    public ObservableList<LedgerApi.Leg> legs() {
        return legs;
    }

    public ObservableList<LedgerApi.Discrepancy> discrepancies() {
        return discrepancies;
    }

    public ReadOnlyStringProperty verifyResultProperty() {
        return verifyResult.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public BooleanBinding canVerifyProperty() {
        return canVerify;
    }

    public boolean mayVerify() {
        return mayVerify;
    }

    /** Reloads the accounts for the current code prefix. */
    public void refresh() {
        long mine = ++accountsGeneration;
        String prefix = codeFilter.get();
        error.set("");
        executors.run(() -> api.accounts(prefix, null, ACCOUNTS_LIMIT), page -> {
            if (mine != accountsGeneration) {
                return;
            }
            String keep = selectedAccount.get() == null ? null : selectedAccount.get().id();
            accounts.setAll(page.items());
            if (keep != null) {
                accounts.stream().filter(a -> a.id().equals(keep)).findFirst().ifPresent(selectedAccount::set);
            }
        }, failure -> {
            if (mine == accountsGeneration) {
                error.set(ErrorText.of(failure));
            }
        });
    }

    /** Postings happened on the server: the accounts' balances and the open statement reload. */
    public void serverChanged() {
        refresh();
        live.changed();
    }

    private void reloadEntries() {
        LedgerApi.Account account = selectedAccount.get();
        long mine = ++entriesGeneration;
        if (account == null) {
            entries.clear();
            return;
        }
        loading.set(true);
        executors.run(() -> api.entries(account.id(), null, ENTRIES_LIMIT), page -> {
            if (mine != entriesGeneration) {
                return;
            }
            loading.set(false);
            entries.setAll(page.items());
            live.loaded();
        }, failure -> {
            if (mine != entriesGeneration) {
                return;
            }
            loading.set(false);
            error.set(ErrorText.of(failure));
            live.loaded();
        });
    }

    /** Shows a transaction's legs (from an entry, or an id named elsewhere). */
    public void openTransaction(String transactionId) {
        executors.run(() -> api.transaction(transactionId), loaded -> {
            transaction.set(loaded);
            legs.setAll(loaded.entries());
        }, failure -> error.set(ErrorText.of(failure)));
    }

    /** Asks the server to re-check every ledger invariant and shows what it found. */
    public void verify() {
        if (!canVerify.get()) {
            return;
        }
        verifying.set(true);
        verifyResult.set("Verifying…");
        executors.run(api::verify, result -> {
            verifying.set(false);
            discrepancies.setAll(result.discrepancies());
            verifyResult.set((result.balanced() ? "Balanced" : "NOT BALANCED: " + result.discrepancies().size()
                    + " discrepancies") + " · " + result.transactionsChecked() + " transactions, "
                    + result.accountsChecked() + " accounts checked");
        }, failure -> {
            verifying.set(false);
            verifyResult.set("");
            error.set(ErrorText.of(failure));
        });
    }
}
