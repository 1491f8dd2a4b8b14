package dev.plimsoll.queryapi.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Blocking GETs with a real Micronaut {@link HttpClient}, returning status, headers and body. */
public final class Http {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;

    public Http(HttpClient client) {
        this.client = client;
    }

    /** GET {@code uri} with {@code key} as a bearer token ({@code null}: no key). */
    public Reply get(String uri, String key) {
        MutableHttpRequest<?> request = HttpRequest.GET(uri);
        if (key != null) {
            request.bearerAuth(key);
        }
        return send(request);
    }

    public Reply send(HttpRequest<?> request) {
        HttpResponse<String> response;
        try {
            response = client.toBlocking().exchange(request, Argument.STRING, Argument.STRING);
        } catch (HttpClientResponseException e) {
            response = (HttpResponse<String>) e.getResponse();
            return new Reply(
                    response.code(),
                    response.getContentType().map(Object::toString).orElse(null),
                    e.getResponse().getBody(String.class).orElse(""),
                    response);
        }
        return new Reply(
                response.code(),
                response.getContentType().map(Object::toString).orElse(null),
                response.getBody().orElse(""),
                response);
    }

    /**
     * A response.
     *
     * @param status the HTTP status code
     * @param contentType the media type, or null
     * @param body the body as text
     * @param response the full response, for headers
     */
    public record Reply(int status, String contentType, String body, HttpResponse<?> response) {

        /** The body parsed as JSON. */
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return response.getHeaders().get(name);
        }
    }
}
