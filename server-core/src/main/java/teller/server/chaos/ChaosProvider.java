package teller.server.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A game-load or payout provider over real HTTP, speaking the provider contract (docs/api.md):
 * {@code POST /game-loads|/payouts} with an {@code Idempotency-Key} executes a key at most once and
 * stores its outcome, {@code GET .../{key}} answers it or 404. Written on a plain socket so that it
 * can behave the way real providers do at the connection level ({@link ConnectionStyle}), and fail
 * on demand ({@link Fault}). The {@code chaos} command runs two of them; tests use them too.
 *
 * <p>What it records answers the workload's questions: which keys of an order succeeded (more
 * than one means the order executed twice), and how many times each key was executed.
 */
public final class ChaosProvider implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HEADER_BYTES_MAX = 16 * 1024;
    private static final int BODY_BYTES_MAX = 64 * 1024;

    /** How the provider treats connections after an answer. */
    public enum ConnectionStyle {
        /** HTTP/1.1 keep-alive; an idle connection is closed after {@code idleTimeout} (Node's default is 5 s). */
        KEEP_ALIVE,
        /** Answers as HTTP/1.0 and closes the connection after every answer, without saying so in a header. */
        HTTP_1_0_CLOSE
    }

    /** A fault switched on for a while. */
    public enum Fault {
        NONE,
        /** Every POST answers 503 without executing. */
        FAIL_5XX,
        /** Every POST executes, then holds its answer for {@link #timeoutHold} and drops the connection. */
        TIMEOUT
    }

    private final String resource;
    private final ConnectionStyle style;
    private final Duration idleTimeout;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "chaos-provider");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Map<String, Object>> outcomes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger posts = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger idleCloses = new AtomicInteger();
    private final AtomicInteger transactionIds = new AtomicInteger();
    private volatile Fault fault = Fault.NONE;
    private volatile Duration timeoutHold = Duration.ofSeconds(5);
    private volatile boolean closed;

    private ChaosProvider(String resource, ConnectionStyle style, Duration idleTimeout) throws IOException {
        this.resource = resource;
        this.style = style;
        this.idleTimeout = idleTimeout;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    /**
     * Starts a provider of {@code resource} ({@code game-loads} or {@code payouts}) on a free loopback
     * port; {@code idleTimeout} closes idle keep-alive connections (ignored for HTTP/1.0).
     */
    public static ChaosProvider start(String resource, ConnectionStyle style, Duration idleTimeout) throws IOException {
        return new ChaosProvider(resource, style, idleTimeout);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public void fault(Fault value) {
        fault = value;
    }

    public Fault fault() {
        return fault;
    }

    /** How long a {@link Fault#TIMEOUT} holds an answer: longer than the caller's call timeout. */
    public void timeoutHold(Duration value) {
        timeoutHold = value;
    }

    /** Times {@code key} was executed: 0 or 1 by contract. */
    public int executions(String key) {
        AtomicInteger count = executions.get(key);
        return count == null ? 0 : count.get();
    }

    /** POSTs received, repeats included. */
    public int posts() {
        return posts.get();
    }

    /** Connections accepted. */
    public int connections() {
        return connections.get();
    }

    /** Keep-alive connections this provider closed because they sat idle. */
    public int idleCloses() {
        return idleCloses.get();
    }

    /** For every order id, the keys ({@code orderId:attempt}) that executed successfully. */
    public Map<String, Set<String>> succeededKeysByOrder() {
        Map<String, Set<String>> byOrder = new LinkedHashMap<>();
        outcomes.forEach((key, body) -> {
            if (Boolean.TRUE.equals(body.get("success"))) {
                String order = key.contains(":") ? key.substring(0, key.indexOf(':')) : key;
                byOrder.computeIfAbsent(order, o -> new java.util.TreeSet<>()).add(key);
            }
        });
        return byOrder;
    }

    /** Keys executed more than once (the contract says never). */
    public Set<String> keysExecutedTwice() {
        Set<String> twice = new java.util.TreeSet<>();
        executions.forEach((key, count) -> {
            if (count.get() > 1) {
                twice.add(key);
            }
        });
        return twice;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                connections.incrementAndGet();
                open.add(socket);
                threads.execute(() -> serve(socket));
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout((int) idleTimeout.toMillis());
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                Request request;
                try {
                    request = Request.read(in);
                } catch (SocketTimeoutException idle) {
                    idleCloses.incrementAndGet();
                    return;
                }
                if (request == null) {
                    return; // the caller closed the connection
                }
                socket.setSoTimeout(0);
                if (!answer(request, out)) {
                    return;
                }
                if (style == ConnectionStyle.HTTP_1_0_CLOSE) {
                    return;
                }
                socket.setSoTimeout((int) idleTimeout.toMillis());
            }
        } catch (IOException | InterruptedException e) {
            // The caller went away or the provider is closing: nothing to answer.
        } finally {
            open.remove(socket);
        }
    }

    /** Answers one request; false when the connection must be dropped without an answer. */
    private boolean answer(Request request, OutputStream out) throws IOException, InterruptedException {
        String prefix = "/" + resource;
        if ("GET".equals(request.method) && request.path.startsWith(prefix + "/")) {
            String key = URLDecoder.decode(request.path.substring(prefix.length() + 1), StandardCharsets.UTF_8);
            Map<String, Object> outcome = outcomes.get(key);
            if (outcome == null) {
                respond(out, 404, Map.of("error", "unknown idempotency key"));
            } else {
                respond(out, Boolean.TRUE.equals(outcome.get("success")) ? 200 : 422, outcome);
            }
            return true;
        }
        if (!"POST".equals(request.method) || !request.path.equals(prefix)) {
            respond(out, 404, Map.of("error", "no such route"));
            return true;
        }
        posts.incrementAndGet();
        String key = request.headers.get("idempotency-key");
        if (key == null || key.isBlank()) {
            respond(out, 400, Map.of("success", false, "errorCode", "MISSING_KEY", "error", "Idempotency-Key is required"));
            return true;
        }
        Fault now = fault;
        if (now == Fault.FAIL_5XX) {
            respond(out, 503, Map.of("error", "provider overloaded"));
            return true;
        }
        Map<String, Object> outcome = outcomes.computeIfAbsent(key, k -> {
            executions.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("success", true);
            body.put("transactionId", resource + "-tx-" + transactionIds.incrementAndGet());
            return body;
        });
        if (now == Fault.TIMEOUT) {
            Thread.sleep(timeoutHold.toMillis());
            return false;
        }
        respond(out, 200, outcome);
        return true;
    }

    private void respond(OutputStream out, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        String protocol = style == ConnectionStyle.HTTP_1_0_CLOSE ? "HTTP/1.0" : "HTTP/1.1";
        String head = protocol + " " + status + " " + (status < 300 ? "OK" : "Error") + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        threads.shutdownNow();
    }

    /** One parsed request: method, path, lower-cased headers; the body is read and discarded. */
    private record Request(String method, String path, Map<String, String> headers) {
        static Request read(InputStream in) throws IOException {
            String requestLine = line(in);
            if (requestLine == null) {
                return null;
            }
            String[] parts = requestLine.split(" ");
            if (parts.length < 2) {
                throw new IOException("bad request line: " + requestLine);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            int headerBytes = 0;
            for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                headerBytes += header.length();
                if (headerBytes > HEADER_BYTES_MAX) {
                    throw new IOException("headers too large");
                }
                int colon = header.indexOf(':');
                if (colon > 0) {
                    headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
                }
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            if (length < 0 || length > BODY_BYTES_MAX) {
                throw new IOException("body too large");
            }
            if (in.readNBytes(length).length != length) {
                throw new IOException("body cut short");
            }
            return new Request(parts[0], parts[1], headers);
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    String text = bytes.toString(StandardCharsets.US_ASCII);
                    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                }
                bytes.write(b);
                if (bytes.size() > HEADER_BYTES_MAX) {
                    throw new IOException("line too long");
                }
            }
            return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.US_ASCII);
        }
    }
}
