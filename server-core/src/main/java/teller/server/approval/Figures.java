package teller.server.approval;

import teller.server.export.MoneyText;

/** Amounts as an operator reads them in a check's detail: "1,250.00 USD". */
final class Figures {
    private Figures() {
    }

    static String money(long minor, String currency) {
        return MoneyText.format(minor, currency) + " " + currency;
    }
}
