package teller.server.common;

/** Who acted: a console operator, an integration token, the Telegram bot, or the server itself. */
public enum ActorType {
    OPERATOR, INTEGRATION, TELEGRAM_BOT, SYSTEM, ANONYMOUS
}
