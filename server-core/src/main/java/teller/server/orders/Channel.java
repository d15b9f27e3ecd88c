package teller.server.orders;

/** Where an order came from. CONSOLE and WEBHOOK are set by the server, never by a client. */
public enum Channel {
    PORTAL, CHAT, API, CONSOLE, WEBHOOK
}
