package teller.server.http;

import static io.javalin.http.HandlerType.GET;

import java.util.List;
import teller.server.ledger.LedgerQueries;

final class LedgerRoutes {
    private final LedgerQueries ledger;

    LedgerRoutes(LedgerQueries ledger) {
        this.ledger = ledger;
    }

    List<ApiRoute> routes() {
        return List.of(
                new ApiRoute(GET, "/api/v1/ledger/accounts", Access.SIGNED_IN,
                        "Accounts of a player (owner=) or by code prefix (code=), in id order", null, "AccountPage",
                        ctx -> ctx.json(Views.page(ledger.accounts(ctx.queryParam("owner"), ctx.queryParam("code"),
                                ctx.queryParam("cursor"), Requests.limit(ctx)), Views::account))),
                new ApiRoute(GET, "/api/v1/ledger/accounts/{id}/entries", Access.SIGNED_IN,
                        "Entries of an account, newest first, each with balanceAfter: the posted balance on the "
                                + "account's normal side right after it (running balance, right on every page)", null,
                        "EntryPage",
                        ctx -> ctx.json(Views.page(ledger.entries(Requests.idParam(ctx, "id"), ctx.queryParam("cursor"),
                                Requests.limit(ctx)), Views::statementLine))),
                new ApiRoute(GET, "/api/v1/ledger/transactions/{id}", Access.SIGNED_IN,
                        "A ledger transaction with its entries", null, "Transaction",
                        ctx -> ctx.json(Views.transaction(ledger.transaction(Requests.idParam(ctx, "id"))))),
                new ApiRoute(GET, "/api/v1/ledger/verify", Access.INSPECT,
                        "Re-check every ledger invariant", null, "LedgerVerification", ctx -> {
                    var result = ledger.verify();
                    ctx.json(Views.mapOf("balanced", result.balanced(), "transactionsChecked", result.transactionsChecked(),
                            "accountsChecked", result.accountsChecked(), "discrepancies", result.discrepancies()));
                }));
    }
}
