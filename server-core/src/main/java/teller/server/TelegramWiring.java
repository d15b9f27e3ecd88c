package teller.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import teller.server.common.Transactor;
import teller.server.orders.OrderStore;
import teller.server.provider.ProviderMonitor;
import teller.server.provider.ProviderReport;
import teller.server.risk.FraudService;
import teller.server.telegram.FraudSummarySource;
import teller.server.telegram.HttpTelegramBotApi;
import teller.server.telegram.ProofForwarder;
import teller.server.telegram.TelegramBotApi;
import teller.server.telegram.TelegramSettings;
import teller.server.telegram.UnconfiguredTelegramBotApi;

/** The Telegram side of {@link ServerCore}'s composition root: the bot's wire adapter and the captions' fraud line. */
final class TelegramWiring {
    /** Under the server's own name, where operators look for start-up warnings. */
    private static final Logger log = LoggerFactory.getLogger(ServerCore.class);

    private TelegramWiring() {
    }

    /**
     * The bot's wire adapter behind a {@link TelegramCircuit}, listed in {@code monitor}; without a token
     * one that fails honestly, listed as not configured.
     */
    static TelegramBotApi bot(TelegramSettings telegram, ObjectMapper json, Consumer<AutoCloseable> resources,
                              io.micrometer.core.instrument.MeterRegistry metrics, ProviderMonitor monitor) {
        if (telegram.botToken() == null) {
            monitor.add(() -> java.util.List.of(new ProviderReport(ProviderReport.TELEGRAM, ProviderReport.TELEGRAM,
                    "Telegram Bot API", false, false, null, null, null, null)));
            return bot(telegram, json, resources);
        }
        var breakers = io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry.ofDefaults();
        io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(metrics);
        var circuit = new TelegramCircuit(bot(telegram, json, resources), telegram.apiUrl(), telegram.backoffMax(), breakers,
                () -> monitor.changed(ProviderReport.TELEGRAM));
        monitor.add(() -> java.util.List.of(circuit.report()));
        return circuit;
    }

    static TelegramBotApi bot(TelegramSettings telegram, ObjectMapper json, Consumer<AutoCloseable> resources) {
        if (telegram.botToken() == null) {
            log.warn("Telegram is not configured (TELEGRAM_BOT_TOKEN, TELEGRAM_CHAT_ID): payment proofs are not "
                    + "forwarded; their forwards stay QUEUED with {} until it is", ProofForwarder.NOT_CONFIGURED);
            return new UnconfiguredTelegramBotApi();
        }
        if (telegram.chatId() == null) {
            log.warn("TELEGRAM_CHAT_ID is not set: payment proofs are not forwarded");
        }
        var client = OutboundHttp.client(resources);
        // The URL holds the bot token: only the API's address is logged.
        log.info("Telegram bot API at {}", telegram.apiUrl());
        return new HttpTelegramBotApi(telegram, client, json);
    }

    /** The caption's fraud line of a forwarded proof: the player's level and the order's open flags. */
    static FraudSummarySource fraudSummary(Transactor tx, OrderStore orders, FraudService fraud) {
        return orderId -> tx.read(() -> orders.find(orderId))
                .map(order -> fraud.summary(order.playerId(), orderId))
                .orElse("fraud: order not found");
    }
}
