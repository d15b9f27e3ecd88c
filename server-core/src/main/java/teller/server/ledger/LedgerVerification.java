package teller.server.ledger;

import java.util.List;

public record LedgerVerification(boolean balanced, long transactionsChecked, long accountsChecked,
                                 List<Discrepancy> discrepancies) {
}
