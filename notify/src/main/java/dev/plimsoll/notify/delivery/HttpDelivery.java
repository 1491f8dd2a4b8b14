package dev.plimsoll.notify.delivery;

import dev.plimsoll.notify.format.OutgoingRequest;
import dev.plimsoll.notify.format.Response;
import dev.plimsoll.notify.ssrf.TargetGuard;
import dev.plimsoll.notify.ssrf.TargetRefusedException;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.util.Timeout;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Sends one POST, guarded: every hop's host is checked by the {@link TargetGuard} before a socket
 * opens, and the connection may only use the addresses the guard approved (it is the client's DNS
 * resolver, so there is no second lookup a rebinding DNS server could answer differently).
 * Redirects are followed by hand so that each hop is checked: 301, 302, 307 and 308 are followed
 * with the same method and body (at most {@code maxRedirects}); 303 (which would need a GET) and a
 * downgrade from https to http are not. Plain http is only allowed to hosts on the allow-list. No
 * proxy (system proxy settings are ignored: the guard must see the real target), no cookies, no
 * automatic retries. Thread-safe.
 */
public final class HttpDelivery implements AutoCloseable {

    private static final int MAX_BODY = 4096;
    private static final Set<Integer> FOLLOWED = Set.of(301, 302, 307, 308);

    private final TargetGuard guard;
    private final int maxRedirects;
    private final PoolingHttpClientConnectionManager connections;
    private final CloseableHttpClient client;

    public HttpDelivery(
            TargetGuard guard,
            Duration connectTimeout,
            Duration requestTimeout,
            int maxRedirects,
            String userAgent) {
        this.guard = guard;
        this.maxRedirects = maxRedirects;
        DnsResolver resolver =
                new DnsResolver() {
                    @Override
                    public InetAddress[] resolve(String host) throws UnknownHostException {
                        return guard.check(host).toArray(InetAddress[]::new);
                    }

                    @Override
                    public String resolveCanonicalHostname(String host) {
                        return host;
                    }
                };
        this.connections =
                PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(resolver)
                        .setMaxConnTotal(200)
                        .setMaxConnPerRoute(20)
                        .setDefaultConnectionConfig(
                                ConnectionConfig.custom()
                                        .setConnectTimeout(Timeout.of(connectTimeout))
                                        .setSocketTimeout(Timeout.of(requestTimeout))
                                        .build())
                        .build();
        this.client =
                HttpClients.custom()
                        .setConnectionManager(connections)
                        .disableRedirectHandling()
                        .disableAutomaticRetries()
                        .disableCookieManagement()
                        .disableAuthCaching()
                        .setUserAgent(userAgent)
                        .setDefaultRequestConfig(
                                RequestConfig.custom()
                                        .setResponseTimeout(Timeout.of(requestTimeout))
                                        .build())
                        .build();
    }

    /** The outcome of one attempt: a response, or why none came. */
    public sealed interface Result {
        /** The receiver answered (after following allowed redirects). */
        record Answered(Response response) implements Result {}

        /** No answer; worth retrying (connection refused, timeout, DNS failure, ...). */
        record Unreachable(String reason) implements Result {}

        /** Not sent, or stopped at a redirect, for good (refused target, bad redirect). */
        record Refused(String reason) implements Result {}
    }

    public Result post(OutgoingRequest request) {
        URI url = request.url();
        for (int hop = 0; ; hop++) {
            String refusal = checkHop(url);
            if (refusal != null) {
                return new Result.Refused(hop == 0 ? refusal : "redirect refused: " + refusal);
            }
            ClassicRequestBuilder b = ClassicRequestBuilder.post(url);
            request.headers().forEach(b::setHeader);
            b.setEntity(new ByteArrayEntity(request.body(), ContentType.APPLICATION_JSON));
            ClassicHttpRequest http = b.build();
            Response response;
            try {
                response = client.execute(http, r -> toResponse(r));
            } catch (TargetRefusedException e) {
                return new Result.Refused(e.getMessage());
            } catch (UnknownHostException e) {
                return new Result.Unreachable(url.getHost() + " does not resolve");
            } catch (ConnectException | NoRouteToHostException e) {
                return new Result.Unreachable(
                        "cannot connect to " + hostPort(url) + " (" + simple(e) + ")");
            } catch (SocketTimeoutException e) {
                return new Result.Unreachable("no answer from " + hostPort(url) + " in time");
            } catch (SSLException e) {
                return new Result.Refused("TLS with " + hostPort(url) + " failed: " + simple(e));
            } catch (IOException e) {
                return new Result.Unreachable(
                        "request to " + hostPort(url) + " failed: " + simple(e));
            }
            String location = response.header("location");
            if (!FOLLOWED.contains(response.status()) || location == null) {
                if (response.status() == 303) {
                    return new Result.Refused(
                            "the receiver redirected with 303 See Other, which asks for a GET;"
                                    + " update the contact point's URL");
                }
                return new Result.Answered(response);
            }
            if (hop >= maxRedirects) {
                return new Result.Refused("more than " + maxRedirects + " redirects");
            }
            URI next;
            try {
                next = url.resolve(location.trim());
            } catch (IllegalArgumentException e) {
                return new Result.Refused("the receiver redirected to an invalid location");
            }
            if ("https".equalsIgnoreCase(url.getScheme())
                    && !"https".equalsIgnoreCase(next.getScheme())) {
                return new Result.Refused("redirect refused: from https to " + next.getScheme());
            }
            url = next;
        }
    }

    /** Why a hop may not be sent, or null. Never contacts anything but the resolver. */
    String checkHop(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return "only http and https targets are allowed";
        }
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            return "the target has no host";
        }
        String refusal = guard.refusal(host);
        if (refusal != null) {
            return refusal;
        }
        if (scheme.equals("http") && !allowListed(host)) {
            return "plain http is only allowed to hosts listed in plimsoll.notify.allow-hosts;"
                    + " use https";
        }
        return null;
    }

    private boolean allowListed(String host) {
        if (guard.allowList().allowsHost(host)) {
            return true;
        }
        try {
            for (InetAddress a : guard.check(host)) {
                if (!guard.allowList().allowsAddress(a)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static Response toResponse(org.apache.hc.core5.http.ClassicHttpResponse r)
            throws IOException {
        Map<String, String> headers = new HashMap<>();
        for (Header h : r.getHeaders()) {
            headers.putIfAbsent(h.getName().toLowerCase(Locale.ROOT), h.getValue());
        }
        String body = "";
        if (r.getEntity() != null) {
            try (InputStream in = r.getEntity().getContent()) {
                body = new String(in.readNBytes(MAX_BODY), StandardCharsets.UTF_8);
            }
        }
        return new Response(r.getCode(), headers, body);
    }

    private static String hostPort(URI url) {
        return url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "");
    }

    /** An exception's message without any URL it may contain (paths carry tokens). */
    private static String simple(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("(?i)https?://[^\\s\\]\\)]*", "<url>");
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // closing; nothing to do
        }
        connections.close();
    }
}
