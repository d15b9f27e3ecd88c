package teller.server;

import java.util.function.Consumer;
import okhttp3.OkHttpClient;

/** HTTP clients the server calls out with (providers, the Telegram Bot API), stopped with the server. */
final class OutboundHttp {
    private OutboundHttp() {
    }

    /** A new client whose threads and pooled connections are released when {@code resources} are closed. */
    static OkHttpClient client(Consumer<AutoCloseable> resources) {
        OkHttpClient client = new OkHttpClient();
        resources.accept(() -> {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        });
        return client;
    }
}
